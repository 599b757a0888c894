from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.education import Education
from ..models.gender import Gender
from ..models.household_status import HouseholdStatus
from ..models.market import Market
from ..models.sector import Sector
from ..models.worker_status import WorkerStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_change import ConsentChange
    from ..models.consent_output import ConsentOutput
    from ..models.family_contact import FamilyContact
    from ..models.intake_status_change import IntakeStatusChange
    from ..models.journey_start import JourneyStart
    from ..models.locality import Locality


T = TypeVar("T", bound="WorkerView")


@_attrs_define
class WorkerView:
    """A worker's record as intake shows it: the national ID masked, contacts for follow-up.

    Attributes:
        worker_id (str):
        full_name (str):
        date_of_birth (datetime.date):
        gender (Gender): Gender as recorded on the national ID.
        ethnic_minority (bool):
        household_status (HouseholdStatus): A household's poverty status, certified by the commune each year.
        locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        desired_markets (list[Market]):
        status (WorkerStatus): Where a worker's case stands at intake.
        registered_at (datetime.datetime):
        national_id_masked (str):
        phone (None | str):
        ethnicity (None | str):
        education (Education | None):
        desired_sectors (list[Sector]):
        family_contact (FamilyContact | None):
        consent (ConsentOutput): The worker's recorded consent to the processing of their personal data: the purposes
            it covers and the version of the notice read to the worker.

            A record kept before purposes existed reads as consent to every purpose, with no notice
            version (``None``: the notice was not versioned then).
        revision (int):
        registered_by (str):
        status_history (list[IntakeStatusChange]):
        merged_into (None | str):
        merged_from (list[str]):
        journey (int): The worker's current journey: 1, then one more per return
        journey_starts (list[JourneyStart]): Who started each later journey, when
        consent_history (list[ConsentChange] | Unset): Consent given again or withdrawn since registration
        died_abroad_on (datetime.date | None | Unset): The day the worker died abroad, as aftercare recorded it
        likely_duplicates (list[str] | Unset): Records flagged with this one for review (on create)
    """

    worker_id: str
    full_name: str
    date_of_birth: datetime.date
    gender: Gender
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    desired_markets: list[Market]
    status: WorkerStatus
    registered_at: datetime.datetime
    national_id_masked: str
    phone: None | str
    ethnicity: None | str
    education: Education | None
    desired_sectors: list[Sector]
    family_contact: FamilyContact | None
    consent: ConsentOutput
    revision: int
    registered_by: str
    status_history: list[IntakeStatusChange]
    merged_into: None | str
    merged_from: list[str]
    journey: int
    journey_starts: list[JourneyStart]
    consent_history: list[ConsentChange] | Unset = UNSET
    died_abroad_on: datetime.date | None | Unset = UNSET
    likely_duplicates: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.family_contact import FamilyContact  # noqa: PLC0415

        worker_id = self.worker_id

        full_name = self.full_name

        date_of_birth = self.date_of_birth.isoformat()

        gender = self.gender.value

        ethnic_minority = self.ethnic_minority

        household_status = self.household_status.value

        locality = self.locality.to_dict()

        desired_markets = []
        for desired_markets_item_data in self.desired_markets:
            desired_markets_item = desired_markets_item_data.value
            desired_markets.append(desired_markets_item)

        status = self.status.value

        registered_at = self.registered_at.isoformat()

        national_id_masked = self.national_id_masked

        phone: None | str
        phone = self.phone

        ethnicity: None | str
        ethnicity = self.ethnicity

        education: None | str
        if isinstance(self.education, Education):
            education = self.education.value
        else:
            education = self.education

        desired_sectors = []
        for desired_sectors_item_data in self.desired_sectors:
            desired_sectors_item = desired_sectors_item_data.value
            desired_sectors.append(desired_sectors_item)

        family_contact: dict[str, Any] | None
        if isinstance(self.family_contact, FamilyContact):
            family_contact = self.family_contact.to_dict()
        else:
            family_contact = self.family_contact

        consent = self.consent.to_dict()

        revision = self.revision

        registered_by = self.registered_by

        status_history = []
        for status_history_item_data in self.status_history:
            status_history_item = status_history_item_data.to_dict()
            status_history.append(status_history_item)

        merged_into: None | str
        merged_into = self.merged_into

        merged_from = self.merged_from

        journey = self.journey

        journey_starts = []
        for journey_starts_item_data in self.journey_starts:
            journey_starts_item = journey_starts_item_data.to_dict()
            journey_starts.append(journey_starts_item)

        consent_history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.consent_history, Unset):
            consent_history = []
            for consent_history_item_data in self.consent_history:
                consent_history_item = consent_history_item_data.to_dict()
                consent_history.append(consent_history_item)

        died_abroad_on: None | str | Unset
        if isinstance(self.died_abroad_on, Unset):
            died_abroad_on = UNSET
        elif isinstance(self.died_abroad_on, datetime.date):
            died_abroad_on = self.died_abroad_on.isoformat()
        else:
            died_abroad_on = self.died_abroad_on

        likely_duplicates: list[str] | Unset = UNSET
        if not isinstance(self.likely_duplicates, Unset):
            likely_duplicates = self.likely_duplicates

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "full_name": full_name,
                "date_of_birth": date_of_birth,
                "gender": gender,
                "ethnic_minority": ethnic_minority,
                "household_status": household_status,
                "locality": locality,
                "desired_markets": desired_markets,
                "status": status,
                "registered_at": registered_at,
                "national_id_masked": national_id_masked,
                "phone": phone,
                "ethnicity": ethnicity,
                "education": education,
                "desired_sectors": desired_sectors,
                "family_contact": family_contact,
                "consent": consent,
                "revision": revision,
                "registered_by": registered_by,
                "status_history": status_history,
                "merged_into": merged_into,
                "merged_from": merged_from,
                "journey": journey,
                "journey_starts": journey_starts,
            }
        )
        if consent_history is not UNSET:
            field_dict["consent_history"] = consent_history
        if died_abroad_on is not UNSET:
            field_dict["died_abroad_on"] = died_abroad_on
        if likely_duplicates is not UNSET:
            field_dict["likely_duplicates"] = likely_duplicates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_change import ConsentChange  # noqa: PLC0415
        from ..models.consent_output import ConsentOutput  # noqa: PLC0415
        from ..models.family_contact import FamilyContact  # noqa: PLC0415
        from ..models.intake_status_change import IntakeStatusChange  # noqa: PLC0415
        from ..models.journey_start import JourneyStart  # noqa: PLC0415
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        full_name = d.pop("full_name")

        date_of_birth = datetime.date.fromisoformat(d.pop("date_of_birth"))

        gender = Gender(d.pop("gender"))

        ethnic_minority = d.pop("ethnic_minority")

        household_status = HouseholdStatus(d.pop("household_status"))

        locality = Locality.from_dict(d.pop("locality"))

        desired_markets = []
        _desired_markets = d.pop("desired_markets")
        for desired_markets_item_data in _desired_markets:
            desired_markets_item = Market(desired_markets_item_data)

            desired_markets.append(desired_markets_item)

        status = WorkerStatus(d.pop("status"))

        registered_at = datetime.datetime.fromisoformat(d.pop("registered_at"))

        national_id_masked = d.pop("national_id_masked")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_ethnicity(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ethnicity = _parse_ethnicity(d.pop("ethnicity"))

        def _parse_education(data: object) -> Education | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                education_type_0 = Education(data)

                return education_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Education | None, data)

        education = _parse_education(d.pop("education"))

        desired_sectors = []
        _desired_sectors = d.pop("desired_sectors")
        for desired_sectors_item_data in _desired_sectors:
            desired_sectors_item = Sector(desired_sectors_item_data)

            desired_sectors.append(desired_sectors_item)

        def _parse_family_contact(data: object) -> FamilyContact | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                family_contact_type_0 = FamilyContact.from_dict(data)

                return family_contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FamilyContact | None, data)

        family_contact = _parse_family_contact(d.pop("family_contact"))

        consent = ConsentOutput.from_dict(d.pop("consent"))

        revision = d.pop("revision")

        registered_by = d.pop("registered_by")

        status_history = []
        _status_history = d.pop("status_history")
        for status_history_item_data in _status_history:
            status_history_item = IntakeStatusChange.from_dict(status_history_item_data)

            status_history.append(status_history_item)

        def _parse_merged_into(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merged_into = _parse_merged_into(d.pop("merged_into"))

        merged_from = cast(list[str], d.pop("merged_from"))

        journey = d.pop("journey")

        journey_starts = []
        _journey_starts = d.pop("journey_starts")
        for journey_starts_item_data in _journey_starts:
            journey_starts_item = JourneyStart.from_dict(journey_starts_item_data)

            journey_starts.append(journey_starts_item)

        _consent_history = d.pop("consent_history", UNSET)
        consent_history: list[ConsentChange] | Unset = UNSET
        if _consent_history is not UNSET:
            consent_history = []
            for consent_history_item_data in _consent_history:
                consent_history_item = ConsentChange.from_dict(consent_history_item_data)

                consent_history.append(consent_history_item)

        def _parse_died_abroad_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                died_abroad_on_type_0 = datetime.date.fromisoformat(data)

                return died_abroad_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        died_abroad_on = _parse_died_abroad_on(d.pop("died_abroad_on", UNSET))

        likely_duplicates = cast(list[str], d.pop("likely_duplicates", UNSET))

        worker_view = cls(
            worker_id=worker_id,
            full_name=full_name,
            date_of_birth=date_of_birth,
            gender=gender,
            ethnic_minority=ethnic_minority,
            household_status=household_status,
            locality=locality,
            desired_markets=desired_markets,
            status=status,
            registered_at=registered_at,
            national_id_masked=national_id_masked,
            phone=phone,
            ethnicity=ethnicity,
            education=education,
            desired_sectors=desired_sectors,
            family_contact=family_contact,
            consent=consent,
            revision=revision,
            registered_by=registered_by,
            status_history=status_history,
            merged_into=merged_into,
            merged_from=merged_from,
            journey=journey,
            journey_starts=journey_starts,
            consent_history=consent_history,
            died_abroad_on=died_abroad_on,
            likely_duplicates=likely_duplicates,
        )

        worker_view.additional_properties = d
        return worker_view

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
