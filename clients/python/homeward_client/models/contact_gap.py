from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.wellbeing import Wellbeing

T = TypeVar("T", bound="ContactGap")


@_attrs_define
class ContactGap:
    """A worker abroad nobody has been in touch with for too long.

    Attributes:
        worker_id (str):
        full_name (None | str):
        province_code (None | str):
        commune_code (None | str):
        country (None | str):
        last_contact_at (datetime.datetime | None):
        silent_since (datetime.datetime):
        days_without_contact (int):
        latest_wellbeing (None | Wellbeing):
    """

    worker_id: str
    full_name: None | str
    province_code: None | str
    commune_code: None | str
    country: None | str
    last_contact_at: datetime.datetime | None
    silent_since: datetime.datetime
    days_without_contact: int
    latest_wellbeing: None | Wellbeing
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        full_name: None | str
        full_name = self.full_name

        province_code: None | str
        province_code = self.province_code

        commune_code: None | str
        commune_code = self.commune_code

        country: None | str
        country = self.country

        last_contact_at: None | str
        if isinstance(self.last_contact_at, datetime.datetime):
            last_contact_at = self.last_contact_at.isoformat()
        else:
            last_contact_at = self.last_contact_at

        silent_since = self.silent_since.isoformat()

        days_without_contact = self.days_without_contact

        latest_wellbeing: None | str
        if isinstance(self.latest_wellbeing, Wellbeing):
            latest_wellbeing = self.latest_wellbeing.value
        else:
            latest_wellbeing = self.latest_wellbeing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "full_name": full_name,
                "province_code": province_code,
                "commune_code": commune_code,
                "country": country,
                "last_contact_at": last_contact_at,
                "silent_since": silent_since,
                "days_without_contact": days_without_contact,
                "latest_wellbeing": latest_wellbeing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        def _parse_full_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_name = _parse_full_name(d.pop("full_name"))

        def _parse_province_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        province_code = _parse_province_code(d.pop("province_code"))

        def _parse_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commune_code = _parse_commune_code(d.pop("commune_code"))

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        def _parse_last_contact_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_contact_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_contact_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_contact_at = _parse_last_contact_at(d.pop("last_contact_at"))

        silent_since = datetime.datetime.fromisoformat(d.pop("silent_since"))

        days_without_contact = d.pop("days_without_contact")

        def _parse_latest_wellbeing(data: object) -> None | Wellbeing:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                latest_wellbeing_type_0 = Wellbeing(data)

                return latest_wellbeing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Wellbeing, data)

        latest_wellbeing = _parse_latest_wellbeing(d.pop("latest_wellbeing"))

        contact_gap = cls(
            worker_id=worker_id,
            full_name=full_name,
            province_code=province_code,
            commune_code=commune_code,
            country=country,
            last_contact_at=last_contact_at,
            silent_since=silent_since,
            days_without_contact=days_without_contact,
            latest_wellbeing=latest_wellbeing,
        )

        contact_gap.additional_properties = d
        return contact_gap

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
