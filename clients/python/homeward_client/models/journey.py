from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.journey_stage import JourneyStage
from ..models.market import Market
from ..models.wellbeing import Wellbeing
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_closed import CaseClosed
    from ..models.contract_extended import ContractExtended
    from ..models.incident_note import IncidentNote
    from ..models.placement_visa_refused import PlacementVisaRefused
    from ..models.reintegration_outcome_recorded import ReintegrationOutcomeRecorded
    from ..models.reintegration_planned import ReintegrationPlanned
    from ..models.reintegration_referred import ReintegrationReferred
    from ..models.worker_checked_in import WorkerCheckedIn
    from ..models.worker_contact_resumed import WorkerContactResumed
    from ..models.worker_departed import WorkerDeparted
    from ..models.worker_died_abroad import WorkerDiedAbroad
    from ..models.worker_employer_changed import WorkerEmployerChanged
    from ..models.worker_reported_missing import WorkerReportedMissing
    from ..models.worker_returned import WorkerReturned


T = TypeVar("T", bound="Journey")


@_attrs_define
class Journey:
    """One journey of a worker: registered, trained, abroad, home again, case closed.

    Attributes:
        number (int):
        started_at (datetime.datetime):
        stage (JourneyStage | Unset): How far a journey has come; it only moves forward.
        withdrawn (bool | Unset):  Default: False.
        registered_at (datetime.datetime | None | Unset):
        trained_markets (list[Market] | Unset):
        visa_refusals (list[PlacementVisaRefused] | Unset):
        departure (None | Unset | WorkerDeparted):
        expected_return (datetime.date | None | Unset):
        employer_changes (list[WorkerEmployerChanged] | Unset):
        extensions (list[ContractExtended] | Unset):
        check_ins (list[WorkerCheckedIn] | Unset):
        last_contact_at (datetime.datetime | None | Unset):
        latest_wellbeing (None | Unset | Wellbeing):
        remittance_count (int | Unset):  Default: 0.
        remitted_vnd (int | Unset):  Default: 0.
        incidents (list[IncidentNote] | Unset):
        missing (None | Unset | WorkerReportedMissing):
        missing_reports (list[WorkerReportedMissing] | Unset):
        contact_resumptions (list[WorkerContactResumed] | Unset):
        death (None | Unset | WorkerDiedAbroad):
        returned (None | Unset | WorkerReturned):
        assessment (None | ReintegrationPlanned | Unset):
        referrals (list[ReintegrationReferred] | Unset):
        outcome (None | ReintegrationOutcomeRecorded | Unset):
        closure (CaseClosed | None | Unset):
    """

    number: int
    started_at: datetime.datetime
    stage: JourneyStage | Unset = UNSET
    withdrawn: bool | Unset = False
    registered_at: datetime.datetime | None | Unset = UNSET
    trained_markets: list[Market] | Unset = UNSET
    visa_refusals: list[PlacementVisaRefused] | Unset = UNSET
    departure: None | Unset | WorkerDeparted = UNSET
    expected_return: datetime.date | None | Unset = UNSET
    employer_changes: list[WorkerEmployerChanged] | Unset = UNSET
    extensions: list[ContractExtended] | Unset = UNSET
    check_ins: list[WorkerCheckedIn] | Unset = UNSET
    last_contact_at: datetime.datetime | None | Unset = UNSET
    latest_wellbeing: None | Unset | Wellbeing = UNSET
    remittance_count: int | Unset = 0
    remitted_vnd: int | Unset = 0
    incidents: list[IncidentNote] | Unset = UNSET
    missing: None | Unset | WorkerReportedMissing = UNSET
    missing_reports: list[WorkerReportedMissing] | Unset = UNSET
    contact_resumptions: list[WorkerContactResumed] | Unset = UNSET
    death: None | Unset | WorkerDiedAbroad = UNSET
    returned: None | Unset | WorkerReturned = UNSET
    assessment: None | ReintegrationPlanned | Unset = UNSET
    referrals: list[ReintegrationReferred] | Unset = UNSET
    outcome: None | ReintegrationOutcomeRecorded | Unset = UNSET
    closure: CaseClosed | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.case_closed import CaseClosed  # noqa: PLC0415
        from ..models.reintegration_outcome_recorded import ReintegrationOutcomeRecorded  # noqa: PLC0415
        from ..models.reintegration_planned import ReintegrationPlanned  # noqa: PLC0415
        from ..models.worker_departed import WorkerDeparted  # noqa: PLC0415
        from ..models.worker_died_abroad import WorkerDiedAbroad  # noqa: PLC0415
        from ..models.worker_reported_missing import WorkerReportedMissing  # noqa: PLC0415
        from ..models.worker_returned import WorkerReturned  # noqa: PLC0415

        number = self.number

        started_at = self.started_at.isoformat()

        stage: str | Unset = UNSET
        if not isinstance(self.stage, Unset):
            stage = self.stage.value

        withdrawn = self.withdrawn

        registered_at: None | str | Unset
        if isinstance(self.registered_at, Unset):
            registered_at = UNSET
        elif isinstance(self.registered_at, datetime.datetime):
            registered_at = self.registered_at.isoformat()
        else:
            registered_at = self.registered_at

        trained_markets: list[str] | Unset = UNSET
        if not isinstance(self.trained_markets, Unset):
            trained_markets = []
            for trained_markets_item_data in self.trained_markets:
                trained_markets_item = trained_markets_item_data.value
                trained_markets.append(trained_markets_item)

        visa_refusals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.visa_refusals, Unset):
            visa_refusals = []
            for visa_refusals_item_data in self.visa_refusals:
                visa_refusals_item = visa_refusals_item_data.to_dict()
                visa_refusals.append(visa_refusals_item)

        departure: dict[str, Any] | None | Unset
        if isinstance(self.departure, Unset):
            departure = UNSET
        elif isinstance(self.departure, WorkerDeparted):
            departure = self.departure.to_dict()
        else:
            departure = self.departure

        expected_return: None | str | Unset
        if isinstance(self.expected_return, Unset):
            expected_return = UNSET
        elif isinstance(self.expected_return, datetime.date):
            expected_return = self.expected_return.isoformat()
        else:
            expected_return = self.expected_return

        employer_changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.employer_changes, Unset):
            employer_changes = []
            for employer_changes_item_data in self.employer_changes:
                employer_changes_item = employer_changes_item_data.to_dict()
                employer_changes.append(employer_changes_item)

        extensions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.extensions, Unset):
            extensions = []
            for extensions_item_data in self.extensions:
                extensions_item = extensions_item_data.to_dict()
                extensions.append(extensions_item)

        check_ins: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.check_ins, Unset):
            check_ins = []
            for check_ins_item_data in self.check_ins:
                check_ins_item = check_ins_item_data.to_dict()
                check_ins.append(check_ins_item)

        last_contact_at: None | str | Unset
        if isinstance(self.last_contact_at, Unset):
            last_contact_at = UNSET
        elif isinstance(self.last_contact_at, datetime.datetime):
            last_contact_at = self.last_contact_at.isoformat()
        else:
            last_contact_at = self.last_contact_at

        latest_wellbeing: None | str | Unset
        if isinstance(self.latest_wellbeing, Unset):
            latest_wellbeing = UNSET
        elif isinstance(self.latest_wellbeing, Wellbeing):
            latest_wellbeing = self.latest_wellbeing.value
        else:
            latest_wellbeing = self.latest_wellbeing

        remittance_count = self.remittance_count

        remitted_vnd = self.remitted_vnd

        incidents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.incidents, Unset):
            incidents = []
            for incidents_item_data in self.incidents:
                incidents_item = incidents_item_data.to_dict()
                incidents.append(incidents_item)

        missing: dict[str, Any] | None | Unset
        if isinstance(self.missing, Unset):
            missing = UNSET
        elif isinstance(self.missing, WorkerReportedMissing):
            missing = self.missing.to_dict()
        else:
            missing = self.missing

        missing_reports: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.missing_reports, Unset):
            missing_reports = []
            for missing_reports_item_data in self.missing_reports:
                missing_reports_item = missing_reports_item_data.to_dict()
                missing_reports.append(missing_reports_item)

        contact_resumptions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contact_resumptions, Unset):
            contact_resumptions = []
            for contact_resumptions_item_data in self.contact_resumptions:
                contact_resumptions_item = contact_resumptions_item_data.to_dict()
                contact_resumptions.append(contact_resumptions_item)

        death: dict[str, Any] | None | Unset
        if isinstance(self.death, Unset):
            death = UNSET
        elif isinstance(self.death, WorkerDiedAbroad):
            death = self.death.to_dict()
        else:
            death = self.death

        returned: dict[str, Any] | None | Unset
        if isinstance(self.returned, Unset):
            returned = UNSET
        elif isinstance(self.returned, WorkerReturned):
            returned = self.returned.to_dict()
        else:
            returned = self.returned

        assessment: dict[str, Any] | None | Unset
        if isinstance(self.assessment, Unset):
            assessment = UNSET
        elif isinstance(self.assessment, ReintegrationPlanned):
            assessment = self.assessment.to_dict()
        else:
            assessment = self.assessment

        referrals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.referrals, Unset):
            referrals = []
            for referrals_item_data in self.referrals:
                referrals_item = referrals_item_data.to_dict()
                referrals.append(referrals_item)

        outcome: dict[str, Any] | None | Unset
        if isinstance(self.outcome, Unset):
            outcome = UNSET
        elif isinstance(self.outcome, ReintegrationOutcomeRecorded):
            outcome = self.outcome.to_dict()
        else:
            outcome = self.outcome

        closure: dict[str, Any] | None | Unset
        if isinstance(self.closure, Unset):
            closure = UNSET
        elif isinstance(self.closure, CaseClosed):
            closure = self.closure.to_dict()
        else:
            closure = self.closure

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number": number,
                "started_at": started_at,
            }
        )
        if stage is not UNSET:
            field_dict["stage"] = stage
        if withdrawn is not UNSET:
            field_dict["withdrawn"] = withdrawn
        if registered_at is not UNSET:
            field_dict["registered_at"] = registered_at
        if trained_markets is not UNSET:
            field_dict["trained_markets"] = trained_markets
        if visa_refusals is not UNSET:
            field_dict["visa_refusals"] = visa_refusals
        if departure is not UNSET:
            field_dict["departure"] = departure
        if expected_return is not UNSET:
            field_dict["expected_return"] = expected_return
        if employer_changes is not UNSET:
            field_dict["employer_changes"] = employer_changes
        if extensions is not UNSET:
            field_dict["extensions"] = extensions
        if check_ins is not UNSET:
            field_dict["check_ins"] = check_ins
        if last_contact_at is not UNSET:
            field_dict["last_contact_at"] = last_contact_at
        if latest_wellbeing is not UNSET:
            field_dict["latest_wellbeing"] = latest_wellbeing
        if remittance_count is not UNSET:
            field_dict["remittance_count"] = remittance_count
        if remitted_vnd is not UNSET:
            field_dict["remitted_vnd"] = remitted_vnd
        if incidents is not UNSET:
            field_dict["incidents"] = incidents
        if missing is not UNSET:
            field_dict["missing"] = missing
        if missing_reports is not UNSET:
            field_dict["missing_reports"] = missing_reports
        if contact_resumptions is not UNSET:
            field_dict["contact_resumptions"] = contact_resumptions
        if death is not UNSET:
            field_dict["death"] = death
        if returned is not UNSET:
            field_dict["returned"] = returned
        if assessment is not UNSET:
            field_dict["assessment"] = assessment
        if referrals is not UNSET:
            field_dict["referrals"] = referrals
        if outcome is not UNSET:
            field_dict["outcome"] = outcome
        if closure is not UNSET:
            field_dict["closure"] = closure

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_closed import CaseClosed  # noqa: PLC0415
        from ..models.contract_extended import ContractExtended  # noqa: PLC0415
        from ..models.incident_note import IncidentNote  # noqa: PLC0415
        from ..models.placement_visa_refused import PlacementVisaRefused  # noqa: PLC0415
        from ..models.reintegration_outcome_recorded import ReintegrationOutcomeRecorded  # noqa: PLC0415
        from ..models.reintegration_planned import ReintegrationPlanned  # noqa: PLC0415
        from ..models.reintegration_referred import ReintegrationReferred  # noqa: PLC0415
        from ..models.worker_checked_in import WorkerCheckedIn  # noqa: PLC0415
        from ..models.worker_contact_resumed import WorkerContactResumed  # noqa: PLC0415
        from ..models.worker_departed import WorkerDeparted  # noqa: PLC0415
        from ..models.worker_died_abroad import WorkerDiedAbroad  # noqa: PLC0415
        from ..models.worker_employer_changed import WorkerEmployerChanged  # noqa: PLC0415
        from ..models.worker_reported_missing import WorkerReportedMissing  # noqa: PLC0415
        from ..models.worker_returned import WorkerReturned  # noqa: PLC0415

        d = dict(src_dict)
        number = d.pop("number")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        _stage = d.pop("stage", UNSET)
        stage: JourneyStage | Unset
        if isinstance(_stage, Unset):
            stage = UNSET
        else:
            stage = JourneyStage(_stage)

        withdrawn = d.pop("withdrawn", UNSET)

        def _parse_registered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                registered_at_type_0 = datetime.datetime.fromisoformat(data)

                return registered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        registered_at = _parse_registered_at(d.pop("registered_at", UNSET))

        _trained_markets = d.pop("trained_markets", UNSET)
        trained_markets: list[Market] | Unset = UNSET
        if _trained_markets is not UNSET:
            trained_markets = []
            for trained_markets_item_data in _trained_markets:
                trained_markets_item = Market(trained_markets_item_data)

                trained_markets.append(trained_markets_item)

        _visa_refusals = d.pop("visa_refusals", UNSET)
        visa_refusals: list[PlacementVisaRefused] | Unset = UNSET
        if _visa_refusals is not UNSET:
            visa_refusals = []
            for visa_refusals_item_data in _visa_refusals:
                visa_refusals_item = PlacementVisaRefused.from_dict(visa_refusals_item_data)

                visa_refusals.append(visa_refusals_item)

        def _parse_departure(data: object) -> None | Unset | WorkerDeparted:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                departure_type_0 = WorkerDeparted.from_dict(data)

                return departure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerDeparted, data)

        departure = _parse_departure(d.pop("departure", UNSET))

        def _parse_expected_return(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_return_type_0 = datetime.date.fromisoformat(data)

                return expected_return_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expected_return = _parse_expected_return(d.pop("expected_return", UNSET))

        _employer_changes = d.pop("employer_changes", UNSET)
        employer_changes: list[WorkerEmployerChanged] | Unset = UNSET
        if _employer_changes is not UNSET:
            employer_changes = []
            for employer_changes_item_data in _employer_changes:
                employer_changes_item = WorkerEmployerChanged.from_dict(employer_changes_item_data)

                employer_changes.append(employer_changes_item)

        _extensions = d.pop("extensions", UNSET)
        extensions: list[ContractExtended] | Unset = UNSET
        if _extensions is not UNSET:
            extensions = []
            for extensions_item_data in _extensions:
                extensions_item = ContractExtended.from_dict(extensions_item_data)

                extensions.append(extensions_item)

        _check_ins = d.pop("check_ins", UNSET)
        check_ins: list[WorkerCheckedIn] | Unset = UNSET
        if _check_ins is not UNSET:
            check_ins = []
            for check_ins_item_data in _check_ins:
                check_ins_item = WorkerCheckedIn.from_dict(check_ins_item_data)

                check_ins.append(check_ins_item)

        def _parse_last_contact_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_contact_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_contact_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_contact_at = _parse_last_contact_at(d.pop("last_contact_at", UNSET))

        def _parse_latest_wellbeing(data: object) -> None | Unset | Wellbeing:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                latest_wellbeing_type_0 = Wellbeing(data)

                return latest_wellbeing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Wellbeing, data)

        latest_wellbeing = _parse_latest_wellbeing(d.pop("latest_wellbeing", UNSET))

        remittance_count = d.pop("remittance_count", UNSET)

        remitted_vnd = d.pop("remitted_vnd", UNSET)

        _incidents = d.pop("incidents", UNSET)
        incidents: list[IncidentNote] | Unset = UNSET
        if _incidents is not UNSET:
            incidents = []
            for incidents_item_data in _incidents:
                incidents_item = IncidentNote.from_dict(incidents_item_data)

                incidents.append(incidents_item)

        def _parse_missing(data: object) -> None | Unset | WorkerReportedMissing:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                missing_type_0 = WorkerReportedMissing.from_dict(data)

                return missing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerReportedMissing, data)

        missing = _parse_missing(d.pop("missing", UNSET))

        _missing_reports = d.pop("missing_reports", UNSET)
        missing_reports: list[WorkerReportedMissing] | Unset = UNSET
        if _missing_reports is not UNSET:
            missing_reports = []
            for missing_reports_item_data in _missing_reports:
                missing_reports_item = WorkerReportedMissing.from_dict(missing_reports_item_data)

                missing_reports.append(missing_reports_item)

        _contact_resumptions = d.pop("contact_resumptions", UNSET)
        contact_resumptions: list[WorkerContactResumed] | Unset = UNSET
        if _contact_resumptions is not UNSET:
            contact_resumptions = []
            for contact_resumptions_item_data in _contact_resumptions:
                contact_resumptions_item = WorkerContactResumed.from_dict(
                    contact_resumptions_item_data
                )

                contact_resumptions.append(contact_resumptions_item)

        def _parse_death(data: object) -> None | Unset | WorkerDiedAbroad:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                death_type_0 = WorkerDiedAbroad.from_dict(data)

                return death_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerDiedAbroad, data)

        death = _parse_death(d.pop("death", UNSET))

        def _parse_returned(data: object) -> None | Unset | WorkerReturned:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                returned_type_0 = WorkerReturned.from_dict(data)

                return returned_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkerReturned, data)

        returned = _parse_returned(d.pop("returned", UNSET))

        def _parse_assessment(data: object) -> None | ReintegrationPlanned | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assessment_type_0 = ReintegrationPlanned.from_dict(data)

                return assessment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReintegrationPlanned | Unset, data)

        assessment = _parse_assessment(d.pop("assessment", UNSET))

        _referrals = d.pop("referrals", UNSET)
        referrals: list[ReintegrationReferred] | Unset = UNSET
        if _referrals is not UNSET:
            referrals = []
            for referrals_item_data in _referrals:
                referrals_item = ReintegrationReferred.from_dict(referrals_item_data)

                referrals.append(referrals_item)

        def _parse_outcome(data: object) -> None | ReintegrationOutcomeRecorded | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                outcome_type_0 = ReintegrationOutcomeRecorded.from_dict(data)

                return outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReintegrationOutcomeRecorded | Unset, data)

        outcome = _parse_outcome(d.pop("outcome", UNSET))

        def _parse_closure(data: object) -> CaseClosed | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                closure_type_0 = CaseClosed.from_dict(data)

                return closure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseClosed | None | Unset, data)

        closure = _parse_closure(d.pop("closure", UNSET))

        journey = cls(
            number=number,
            started_at=started_at,
            stage=stage,
            withdrawn=withdrawn,
            registered_at=registered_at,
            trained_markets=trained_markets,
            visa_refusals=visa_refusals,
            departure=departure,
            expected_return=expected_return,
            employer_changes=employer_changes,
            extensions=extensions,
            check_ins=check_ins,
            last_contact_at=last_contact_at,
            latest_wellbeing=latest_wellbeing,
            remittance_count=remittance_count,
            remitted_vnd=remitted_vnd,
            incidents=incidents,
            missing=missing,
            missing_reports=missing_reports,
            contact_resumptions=contact_resumptions,
            death=death,
            returned=returned,
            assessment=assessment,
            referrals=referrals,
            outcome=outcome,
            closure=closure,
        )

        journey.additional_properties = d
        return journey

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
