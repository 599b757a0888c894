from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.journey_stage import JourneyStage
from ..models.market import Market
from ..models.missing_kind import MissingKind
from ..models.wellbeing import Wellbeing
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseSummary")


@_attrs_define
class CaseSummary:
    """The flat facts that lists and queries need about a worker's case.

    Attributes:
        worker_id (str):
        merged_into (None | str | Unset):
        full_name (None | str | Unset):
        province_code (None | str | Unset):
        commune_code (None | str | Unset):
        journeys (int | Unset):  Default: 0.
        journey (int | None | Unset):
        stage (JourneyStage | Unset): How far a journey has come; it only moves forward.
        withdrawn (bool | Unset):  Default: False.
        placement_id (None | str | Unset):
        country (Market | None | Unset):
        employer (None | str | Unset):
        departed_at (datetime.datetime | None | Unset):
        expected_return (datetime.date | None | Unset):
        last_contact_at (datetime.datetime | None | Unset):
        latest_wellbeing (None | Unset | Wellbeing):
        open_incidents (int | Unset):  Default: 0.
        remittance_count (int | Unset):  Default: 0.
        remitted_vnd (int | Unset):  Default: 0.
        missing_kind (MissingKind | None | Unset):
        missing_since (datetime.datetime | None | Unset):
        died_on (datetime.date | None | Unset):
        closed_at (datetime.datetime | None | Unset):
        aftercare_consented (bool | Unset):  Default: True.
        reintegration_planned (bool | Unset):  Default: False.
    """

    worker_id: str
    merged_into: None | str | Unset = UNSET
    full_name: None | str | Unset = UNSET
    province_code: None | str | Unset = UNSET
    commune_code: None | str | Unset = UNSET
    journeys: int | Unset = 0
    journey: int | None | Unset = UNSET
    stage: JourneyStage | Unset = UNSET
    withdrawn: bool | Unset = False
    placement_id: None | str | Unset = UNSET
    country: Market | None | Unset = UNSET
    employer: None | str | Unset = UNSET
    departed_at: datetime.datetime | None | Unset = UNSET
    expected_return: datetime.date | None | Unset = UNSET
    last_contact_at: datetime.datetime | None | Unset = UNSET
    latest_wellbeing: None | Unset | Wellbeing = UNSET
    open_incidents: int | Unset = 0
    remittance_count: int | Unset = 0
    remitted_vnd: int | Unset = 0
    missing_kind: MissingKind | None | Unset = UNSET
    missing_since: datetime.datetime | None | Unset = UNSET
    died_on: datetime.date | None | Unset = UNSET
    closed_at: datetime.datetime | None | Unset = UNSET
    aftercare_consented: bool | Unset = True
    reintegration_planned: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        merged_into: None | str | Unset
        if isinstance(self.merged_into, Unset):
            merged_into = UNSET
        else:
            merged_into = self.merged_into

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        province_code: None | str | Unset
        if isinstance(self.province_code, Unset):
            province_code = UNSET
        else:
            province_code = self.province_code

        commune_code: None | str | Unset
        if isinstance(self.commune_code, Unset):
            commune_code = UNSET
        else:
            commune_code = self.commune_code

        journeys = self.journeys

        journey: int | None | Unset
        if isinstance(self.journey, Unset):
            journey = UNSET
        else:
            journey = self.journey

        stage: str | Unset = UNSET
        if not isinstance(self.stage, Unset):
            stage = self.stage.value

        withdrawn = self.withdrawn

        placement_id: None | str | Unset
        if isinstance(self.placement_id, Unset):
            placement_id = UNSET
        else:
            placement_id = self.placement_id

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        elif isinstance(self.country, Market):
            country = self.country.value
        else:
            country = self.country

        employer: None | str | Unset
        if isinstance(self.employer, Unset):
            employer = UNSET
        else:
            employer = self.employer

        departed_at: None | str | Unset
        if isinstance(self.departed_at, Unset):
            departed_at = UNSET
        elif isinstance(self.departed_at, datetime.datetime):
            departed_at = self.departed_at.isoformat()
        else:
            departed_at = self.departed_at

        expected_return: None | str | Unset
        if isinstance(self.expected_return, Unset):
            expected_return = UNSET
        elif isinstance(self.expected_return, datetime.date):
            expected_return = self.expected_return.isoformat()
        else:
            expected_return = self.expected_return

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

        open_incidents = self.open_incidents

        remittance_count = self.remittance_count

        remitted_vnd = self.remitted_vnd

        missing_kind: None | str | Unset
        if isinstance(self.missing_kind, Unset):
            missing_kind = UNSET
        elif isinstance(self.missing_kind, MissingKind):
            missing_kind = self.missing_kind.value
        else:
            missing_kind = self.missing_kind

        missing_since: None | str | Unset
        if isinstance(self.missing_since, Unset):
            missing_since = UNSET
        elif isinstance(self.missing_since, datetime.datetime):
            missing_since = self.missing_since.isoformat()
        else:
            missing_since = self.missing_since

        died_on: None | str | Unset
        if isinstance(self.died_on, Unset):
            died_on = UNSET
        elif isinstance(self.died_on, datetime.date):
            died_on = self.died_on.isoformat()
        else:
            died_on = self.died_on

        closed_at: None | str | Unset
        if isinstance(self.closed_at, Unset):
            closed_at = UNSET
        elif isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        aftercare_consented = self.aftercare_consented

        reintegration_planned = self.reintegration_planned

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
            }
        )
        if merged_into is not UNSET:
            field_dict["merged_into"] = merged_into
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if province_code is not UNSET:
            field_dict["province_code"] = province_code
        if commune_code is not UNSET:
            field_dict["commune_code"] = commune_code
        if journeys is not UNSET:
            field_dict["journeys"] = journeys
        if journey is not UNSET:
            field_dict["journey"] = journey
        if stage is not UNSET:
            field_dict["stage"] = stage
        if withdrawn is not UNSET:
            field_dict["withdrawn"] = withdrawn
        if placement_id is not UNSET:
            field_dict["placement_id"] = placement_id
        if country is not UNSET:
            field_dict["country"] = country
        if employer is not UNSET:
            field_dict["employer"] = employer
        if departed_at is not UNSET:
            field_dict["departed_at"] = departed_at
        if expected_return is not UNSET:
            field_dict["expected_return"] = expected_return
        if last_contact_at is not UNSET:
            field_dict["last_contact_at"] = last_contact_at
        if latest_wellbeing is not UNSET:
            field_dict["latest_wellbeing"] = latest_wellbeing
        if open_incidents is not UNSET:
            field_dict["open_incidents"] = open_incidents
        if remittance_count is not UNSET:
            field_dict["remittance_count"] = remittance_count
        if remitted_vnd is not UNSET:
            field_dict["remitted_vnd"] = remitted_vnd
        if missing_kind is not UNSET:
            field_dict["missing_kind"] = missing_kind
        if missing_since is not UNSET:
            field_dict["missing_since"] = missing_since
        if died_on is not UNSET:
            field_dict["died_on"] = died_on
        if closed_at is not UNSET:
            field_dict["closed_at"] = closed_at
        if aftercare_consented is not UNSET:
            field_dict["aftercare_consented"] = aftercare_consented
        if reintegration_planned is not UNSET:
            field_dict["reintegration_planned"] = reintegration_planned

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        def _parse_merged_into(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merged_into = _parse_merged_into(d.pop("merged_into", UNSET))

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        def _parse_province_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        province_code = _parse_province_code(d.pop("province_code", UNSET))

        def _parse_commune_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        commune_code = _parse_commune_code(d.pop("commune_code", UNSET))

        journeys = d.pop("journeys", UNSET)

        def _parse_journey(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        journey = _parse_journey(d.pop("journey", UNSET))

        _stage = d.pop("stage", UNSET)
        stage: JourneyStage | Unset
        if isinstance(_stage, Unset):
            stage = UNSET
        else:
            stage = JourneyStage(_stage)

        withdrawn = d.pop("withdrawn", UNSET)

        def _parse_placement_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        placement_id = _parse_placement_id(d.pop("placement_id", UNSET))

        def _parse_country(data: object) -> Market | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                country_type_0 = Market(data)

                return country_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Market | None | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_employer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        employer = _parse_employer(d.pop("employer", UNSET))

        def _parse_departed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                departed_at_type_0 = datetime.datetime.fromisoformat(data)

                return departed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        departed_at = _parse_departed_at(d.pop("departed_at", UNSET))

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

        open_incidents = d.pop("open_incidents", UNSET)

        remittance_count = d.pop("remittance_count", UNSET)

        remitted_vnd = d.pop("remitted_vnd", UNSET)

        def _parse_missing_kind(data: object) -> MissingKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                missing_kind_type_0 = MissingKind(data)

                return missing_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MissingKind | None | Unset, data)

        missing_kind = _parse_missing_kind(d.pop("missing_kind", UNSET))

        def _parse_missing_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                missing_since_type_0 = datetime.datetime.fromisoformat(data)

                return missing_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        missing_since = _parse_missing_since(d.pop("missing_since", UNSET))

        def _parse_died_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                died_on_type_0 = datetime.date.fromisoformat(data)

                return died_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        died_on = _parse_died_on(d.pop("died_on", UNSET))

        def _parse_closed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        closed_at = _parse_closed_at(d.pop("closed_at", UNSET))

        aftercare_consented = d.pop("aftercare_consented", UNSET)

        reintegration_planned = d.pop("reintegration_planned", UNSET)

        case_summary = cls(
            worker_id=worker_id,
            merged_into=merged_into,
            full_name=full_name,
            province_code=province_code,
            commune_code=commune_code,
            journeys=journeys,
            journey=journey,
            stage=stage,
            withdrawn=withdrawn,
            placement_id=placement_id,
            country=country,
            employer=employer,
            departed_at=departed_at,
            expected_return=expected_return,
            last_contact_at=last_contact_at,
            latest_wellbeing=latest_wellbeing,
            open_incidents=open_incidents,
            remittance_count=remittance_count,
            remitted_vnd=remitted_vnd,
            missing_kind=missing_kind,
            missing_since=missing_since,
            died_on=died_on,
            closed_at=closed_at,
            aftercare_consented=aftercare_consented,
            reintegration_planned=reintegration_planned,
        )

        case_summary.additional_properties = d
        return case_summary

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
