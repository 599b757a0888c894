from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AftercareTiles")


@_attrs_define
class AftercareTiles:
    """Aftercare's counts of cases that need attention now; null when aftercare did not answer
    (``unavailable`` says why).

        Attributes:
            without_contact (int | None | Unset):
            contracts_ending (int | None | Unset):
            incidents_past_sla (int | None | Unset):
            returns_without_plan (int | None | Unset):
            no_contact_days (int | None | Unset):
            contract_end_window_days (int | None | Unset):
            as_of (datetime.datetime | None | Unset):
            unavailable (None | str | Unset):
    """

    without_contact: int | None | Unset = UNSET
    contracts_ending: int | None | Unset = UNSET
    incidents_past_sla: int | None | Unset = UNSET
    returns_without_plan: int | None | Unset = UNSET
    no_contact_days: int | None | Unset = UNSET
    contract_end_window_days: int | None | Unset = UNSET
    as_of: datetime.datetime | None | Unset = UNSET
    unavailable: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        without_contact: int | None | Unset
        if isinstance(self.without_contact, Unset):
            without_contact = UNSET
        else:
            without_contact = self.without_contact

        contracts_ending: int | None | Unset
        if isinstance(self.contracts_ending, Unset):
            contracts_ending = UNSET
        else:
            contracts_ending = self.contracts_ending

        incidents_past_sla: int | None | Unset
        if isinstance(self.incidents_past_sla, Unset):
            incidents_past_sla = UNSET
        else:
            incidents_past_sla = self.incidents_past_sla

        returns_without_plan: int | None | Unset
        if isinstance(self.returns_without_plan, Unset):
            returns_without_plan = UNSET
        else:
            returns_without_plan = self.returns_without_plan

        no_contact_days: int | None | Unset
        if isinstance(self.no_contact_days, Unset):
            no_contact_days = UNSET
        else:
            no_contact_days = self.no_contact_days

        contract_end_window_days: int | None | Unset
        if isinstance(self.contract_end_window_days, Unset):
            contract_end_window_days = UNSET
        else:
            contract_end_window_days = self.contract_end_window_days

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.datetime):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        unavailable: None | str | Unset
        if isinstance(self.unavailable, Unset):
            unavailable = UNSET
        else:
            unavailable = self.unavailable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if without_contact is not UNSET:
            field_dict["without_contact"] = without_contact
        if contracts_ending is not UNSET:
            field_dict["contracts_ending"] = contracts_ending
        if incidents_past_sla is not UNSET:
            field_dict["incidents_past_sla"] = incidents_past_sla
        if returns_without_plan is not UNSET:
            field_dict["returns_without_plan"] = returns_without_plan
        if no_contact_days is not UNSET:
            field_dict["no_contact_days"] = no_contact_days
        if contract_end_window_days is not UNSET:
            field_dict["contract_end_window_days"] = contract_end_window_days
        if as_of is not UNSET:
            field_dict["as_of"] = as_of
        if unavailable is not UNSET:
            field_dict["unavailable"] = unavailable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_without_contact(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        without_contact = _parse_without_contact(d.pop("without_contact", UNSET))

        def _parse_contracts_ending(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contracts_ending = _parse_contracts_ending(d.pop("contracts_ending", UNSET))

        def _parse_incidents_past_sla(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        incidents_past_sla = _parse_incidents_past_sla(d.pop("incidents_past_sla", UNSET))

        def _parse_returns_without_plan(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        returns_without_plan = _parse_returns_without_plan(d.pop("returns_without_plan", UNSET))

        def _parse_no_contact_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        no_contact_days = _parse_no_contact_days(d.pop("no_contact_days", UNSET))

        def _parse_contract_end_window_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contract_end_window_days = _parse_contract_end_window_days(
            d.pop("contract_end_window_days", UNSET)
        )

        def _parse_as_of(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.datetime.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        as_of = _parse_as_of(d.pop("as_of", UNSET))

        def _parse_unavailable(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unavailable = _parse_unavailable(d.pop("unavailable", UNSET))

        aftercare_tiles = cls(
            without_contact=without_contact,
            contracts_ending=contracts_ending,
            incidents_past_sla=incidents_past_sla,
            returns_without_plan=returns_without_plan,
            no_contact_days=no_contact_days,
            contract_end_window_days=contract_end_window_days,
            as_of=as_of,
            unavailable=unavailable,
        )

        aftercare_tiles.additional_properties = d
        return aftercare_tiles

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
