from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.education import Education
from ..models.gender import Gender
from ..models.household_status import HouseholdStatus
from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_input import ConsentInput
    from ..models.family_contact import FamilyContact
    from ..models.locality import Locality


T = TypeVar("T", bound="RegisterWorker")


@_attrs_define
class RegisterWorker:
    """A registration as a commune officer or the employment service centre takes it.

    Attributes:
        full_name (str):
        date_of_birth (datetime.date):
        gender (Gender): Gender as recorded on the national ID.
        national_id (str): CCCD, 12 digits; spaces, dots, dashes and full-width digits are accepted (`0511 9812 3456`,
            `051.198.123.456`) and the 12 digits are stored
        household_status (HouseholdStatus): A household's poverty status, certified by the commune each year.
        locality (Locality): Where a worker lives: today's units, and the units before the 2025 reorganisation.
        consent (ConsentInput): The worker's recorded consent to the processing of their personal data: the purposes
            it covers and the version of the notice read to the worker.

            A record kept before purposes existed reads as consent to every purpose, with no notice
            version (``None``: the notice was not versioned then).
        phone (None | str | Unset):
        ethnicity (None | str | Unset):
        ethnic_minority (bool | Unset):  Default: False.
        education (Education | None | Unset):
        desired_markets (list[Market] | Unset):
        desired_sectors (list[Sector] | Unset):
        family_contact (FamilyContact | None | Unset):
    """

    full_name: str
    date_of_birth: datetime.date
    gender: Gender
    national_id: str
    household_status: HouseholdStatus
    locality: Locality
    consent: ConsentInput
    phone: None | str | Unset = UNSET
    ethnicity: None | str | Unset = UNSET
    ethnic_minority: bool | Unset = False
    education: Education | None | Unset = UNSET
    desired_markets: list[Market] | Unset = UNSET
    desired_sectors: list[Sector] | Unset = UNSET
    family_contact: FamilyContact | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.family_contact import FamilyContact  # noqa: PLC0415

        full_name = self.full_name

        date_of_birth = self.date_of_birth.isoformat()

        gender = self.gender.value

        national_id = self.national_id

        household_status = self.household_status.value

        locality = self.locality.to_dict()

        consent = self.consent.to_dict()

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        ethnicity: None | str | Unset
        if isinstance(self.ethnicity, Unset):
            ethnicity = UNSET
        else:
            ethnicity = self.ethnicity

        ethnic_minority = self.ethnic_minority

        education: None | str | Unset
        if isinstance(self.education, Unset):
            education = UNSET
        elif isinstance(self.education, Education):
            education = self.education.value
        else:
            education = self.education

        desired_markets: list[str] | Unset = UNSET
        if not isinstance(self.desired_markets, Unset):
            desired_markets = []
            for desired_markets_item_data in self.desired_markets:
                desired_markets_item = desired_markets_item_data.value
                desired_markets.append(desired_markets_item)

        desired_sectors: list[str] | Unset = UNSET
        if not isinstance(self.desired_sectors, Unset):
            desired_sectors = []
            for desired_sectors_item_data in self.desired_sectors:
                desired_sectors_item = desired_sectors_item_data.value
                desired_sectors.append(desired_sectors_item)

        family_contact: dict[str, Any] | None | Unset
        if isinstance(self.family_contact, Unset):
            family_contact = UNSET
        elif isinstance(self.family_contact, FamilyContact):
            family_contact = self.family_contact.to_dict()
        else:
            family_contact = self.family_contact

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "full_name": full_name,
                "date_of_birth": date_of_birth,
                "gender": gender,
                "national_id": national_id,
                "household_status": household_status,
                "locality": locality,
                "consent": consent,
            }
        )
        if phone is not UNSET:
            field_dict["phone"] = phone
        if ethnicity is not UNSET:
            field_dict["ethnicity"] = ethnicity
        if ethnic_minority is not UNSET:
            field_dict["ethnic_minority"] = ethnic_minority
        if education is not UNSET:
            field_dict["education"] = education
        if desired_markets is not UNSET:
            field_dict["desired_markets"] = desired_markets
        if desired_sectors is not UNSET:
            field_dict["desired_sectors"] = desired_sectors
        if family_contact is not UNSET:
            field_dict["family_contact"] = family_contact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_input import ConsentInput  # noqa: PLC0415
        from ..models.family_contact import FamilyContact  # noqa: PLC0415
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)
        full_name = d.pop("full_name")

        date_of_birth = datetime.date.fromisoformat(d.pop("date_of_birth"))

        gender = Gender(d.pop("gender"))

        national_id = d.pop("national_id")

        household_status = HouseholdStatus(d.pop("household_status"))

        locality = Locality.from_dict(d.pop("locality"))

        consent = ConsentInput.from_dict(d.pop("consent"))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_ethnicity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ethnicity = _parse_ethnicity(d.pop("ethnicity", UNSET))

        ethnic_minority = d.pop("ethnic_minority", UNSET)

        def _parse_education(data: object) -> Education | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                education_type_0 = Education(data)

                return education_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Education | None | Unset, data)

        education = _parse_education(d.pop("education", UNSET))

        _desired_markets = d.pop("desired_markets", UNSET)
        desired_markets: list[Market] | Unset = UNSET
        if _desired_markets is not UNSET:
            desired_markets = []
            for desired_markets_item_data in _desired_markets:
                desired_markets_item = Market(desired_markets_item_data)

                desired_markets.append(desired_markets_item)

        _desired_sectors = d.pop("desired_sectors", UNSET)
        desired_sectors: list[Sector] | Unset = UNSET
        if _desired_sectors is not UNSET:
            desired_sectors = []
            for desired_sectors_item_data in _desired_sectors:
                desired_sectors_item = Sector(desired_sectors_item_data)

                desired_sectors.append(desired_sectors_item)

        def _parse_family_contact(data: object) -> FamilyContact | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                family_contact_type_0 = FamilyContact.from_dict(data)

                return family_contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FamilyContact | None | Unset, data)

        family_contact = _parse_family_contact(d.pop("family_contact", UNSET))

        register_worker = cls(
            full_name=full_name,
            date_of_birth=date_of_birth,
            gender=gender,
            national_id=national_id,
            household_status=household_status,
            locality=locality,
            consent=consent,
            phone=phone,
            ethnicity=ethnicity,
            ethnic_minority=ethnic_minority,
            education=education,
            desired_markets=desired_markets,
            desired_sectors=desired_sectors,
            family_contact=family_contact,
        )

        return register_worker
