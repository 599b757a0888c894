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
    from ..models.family_contact import FamilyContact
    from ..models.locality import Locality


T = TypeVar("T", bound="CorrectWorker")


@_attrs_define
class CorrectWorker:
    """A correction: only the fields given change (``null`` clears an optional field).

    Attributes:
        reason (None | str | Unset):
        full_name (None | str | Unset):
        date_of_birth (datetime.date | None | Unset):
        gender (Gender | None | Unset):
        national_id (None | str | Unset): As at registration: any spelling
        phone (None | str | Unset):
        ethnicity (None | str | Unset):
        ethnic_minority (bool | None | Unset):
        household_status (HouseholdStatus | None | Unset):
        locality (Locality | None | Unset):
        education (Education | None | Unset):
        desired_markets (list[Market] | None | Unset):
        desired_sectors (list[Sector] | None | Unset):
        family_contact (FamilyContact | None | Unset):
    """

    reason: None | str | Unset = UNSET
    full_name: None | str | Unset = UNSET
    date_of_birth: datetime.date | None | Unset = UNSET
    gender: Gender | None | Unset = UNSET
    national_id: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    ethnicity: None | str | Unset = UNSET
    ethnic_minority: bool | None | Unset = UNSET
    household_status: HouseholdStatus | None | Unset = UNSET
    locality: Locality | None | Unset = UNSET
    education: Education | None | Unset = UNSET
    desired_markets: list[Market] | None | Unset = UNSET
    desired_sectors: list[Sector] | None | Unset = UNSET
    family_contact: FamilyContact | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.family_contact import FamilyContact  # noqa: PLC0415
        from ..models.locality import Locality  # noqa: PLC0415

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        date_of_birth: None | str | Unset
        if isinstance(self.date_of_birth, Unset):
            date_of_birth = UNSET
        elif isinstance(self.date_of_birth, datetime.date):
            date_of_birth = self.date_of_birth.isoformat()
        else:
            date_of_birth = self.date_of_birth

        gender: None | str | Unset
        if isinstance(self.gender, Unset):
            gender = UNSET
        elif isinstance(self.gender, Gender):
            gender = self.gender.value
        else:
            gender = self.gender

        national_id: None | str | Unset
        if isinstance(self.national_id, Unset):
            national_id = UNSET
        else:
            national_id = self.national_id

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

        ethnic_minority: bool | None | Unset
        if isinstance(self.ethnic_minority, Unset):
            ethnic_minority = UNSET
        else:
            ethnic_minority = self.ethnic_minority

        household_status: None | str | Unset
        if isinstance(self.household_status, Unset):
            household_status = UNSET
        elif isinstance(self.household_status, HouseholdStatus):
            household_status = self.household_status.value
        else:
            household_status = self.household_status

        locality: dict[str, Any] | None | Unset
        if isinstance(self.locality, Unset):
            locality = UNSET
        elif isinstance(self.locality, Locality):
            locality = self.locality.to_dict()
        else:
            locality = self.locality

        education: None | str | Unset
        if isinstance(self.education, Unset):
            education = UNSET
        elif isinstance(self.education, Education):
            education = self.education.value
        else:
            education = self.education

        desired_markets: list[str] | None | Unset
        if isinstance(self.desired_markets, Unset):
            desired_markets = UNSET
        elif isinstance(self.desired_markets, list):
            desired_markets = []
            for desired_markets_type_0_item_data in self.desired_markets:
                desired_markets_type_0_item = desired_markets_type_0_item_data.value
                desired_markets.append(desired_markets_type_0_item)

        else:
            desired_markets = self.desired_markets

        desired_sectors: list[str] | None | Unset
        if isinstance(self.desired_sectors, Unset):
            desired_sectors = UNSET
        elif isinstance(self.desired_sectors, list):
            desired_sectors = []
            for desired_sectors_type_0_item_data in self.desired_sectors:
                desired_sectors_type_0_item = desired_sectors_type_0_item_data.value
                desired_sectors.append(desired_sectors_type_0_item)

        else:
            desired_sectors = self.desired_sectors

        family_contact: dict[str, Any] | None | Unset
        if isinstance(self.family_contact, Unset):
            family_contact = UNSET
        elif isinstance(self.family_contact, FamilyContact):
            family_contact = self.family_contact.to_dict()
        else:
            family_contact = self.family_contact

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if reason is not UNSET:
            field_dict["reason"] = reason
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if date_of_birth is not UNSET:
            field_dict["date_of_birth"] = date_of_birth
        if gender is not UNSET:
            field_dict["gender"] = gender
        if national_id is not UNSET:
            field_dict["national_id"] = national_id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if ethnicity is not UNSET:
            field_dict["ethnicity"] = ethnicity
        if ethnic_minority is not UNSET:
            field_dict["ethnic_minority"] = ethnic_minority
        if household_status is not UNSET:
            field_dict["household_status"] = household_status
        if locality is not UNSET:
            field_dict["locality"] = locality
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
        from ..models.family_contact import FamilyContact  # noqa: PLC0415
        from ..models.locality import Locality  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        def _parse_date_of_birth(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_birth_type_0 = datetime.date.fromisoformat(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        date_of_birth = _parse_date_of_birth(d.pop("date_of_birth", UNSET))

        def _parse_gender(data: object) -> Gender | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = Gender(data)

                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Gender | None | Unset, data)

        gender = _parse_gender(d.pop("gender", UNSET))

        def _parse_national_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_id = _parse_national_id(d.pop("national_id", UNSET))

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

        def _parse_ethnic_minority(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        ethnic_minority = _parse_ethnic_minority(d.pop("ethnic_minority", UNSET))

        def _parse_household_status(data: object) -> HouseholdStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                household_status_type_0 = HouseholdStatus(data)

                return household_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HouseholdStatus | None | Unset, data)

        household_status = _parse_household_status(d.pop("household_status", UNSET))

        def _parse_locality(data: object) -> Locality | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                locality_type_0 = Locality.from_dict(data)

                return locality_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Locality | None | Unset, data)

        locality = _parse_locality(d.pop("locality", UNSET))

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

        def _parse_desired_markets(data: object) -> list[Market] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                desired_markets_type_0 = []
                _desired_markets_type_0 = data
                for desired_markets_type_0_item_data in _desired_markets_type_0:
                    desired_markets_type_0_item = Market(desired_markets_type_0_item_data)

                    desired_markets_type_0.append(desired_markets_type_0_item)

                return desired_markets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Market] | None | Unset, data)

        desired_markets = _parse_desired_markets(d.pop("desired_markets", UNSET))

        def _parse_desired_sectors(data: object) -> list[Sector] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                desired_sectors_type_0 = []
                _desired_sectors_type_0 = data
                for desired_sectors_type_0_item_data in _desired_sectors_type_0:
                    desired_sectors_type_0_item = Sector(desired_sectors_type_0_item_data)

                    desired_sectors_type_0.append(desired_sectors_type_0_item)

                return desired_sectors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Sector] | None | Unset, data)

        desired_sectors = _parse_desired_sectors(d.pop("desired_sectors", UNSET))

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

        correct_worker = cls(
            reason=reason,
            full_name=full_name,
            date_of_birth=date_of_birth,
            gender=gender,
            national_id=national_id,
            phone=phone,
            ethnicity=ethnicity,
            ethnic_minority=ethnic_minority,
            household_status=household_status,
            locality=locality,
            education=education,
            desired_markets=desired_markets,
            desired_sectors=desired_sectors,
            family_contact=family_contact,
        )

        return correct_worker
