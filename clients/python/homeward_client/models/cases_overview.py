from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CasesOverview")


@_attrs_define
class CasesOverview:
    """How many cases of an area need attention now.

    Attributes:
        without_contact (int): Workers abroad nobody reached for longer than the no-contact window
        contracts_ending (int): Workers abroad whose contract ends within the window, or already ended
        incidents_past_sla (int): Unresolved incidents that missed their deadline to respond or to resolve
        returns_without_plan (int): Workers home again whose needs and plans were not assessed yet
        no_contact_days (int):
        contract_end_window_days (int):
        as_of (datetime.datetime):
    """

    without_contact: int
    contracts_ending: int
    incidents_past_sla: int
    returns_without_plan: int
    no_contact_days: int
    contract_end_window_days: int
    as_of: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        without_contact = self.without_contact

        contracts_ending = self.contracts_ending

        incidents_past_sla = self.incidents_past_sla

        returns_without_plan = self.returns_without_plan

        no_contact_days = self.no_contact_days

        contract_end_window_days = self.contract_end_window_days

        as_of = self.as_of.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "without_contact": without_contact,
                "contracts_ending": contracts_ending,
                "incidents_past_sla": incidents_past_sla,
                "returns_without_plan": returns_without_plan,
                "no_contact_days": no_contact_days,
                "contract_end_window_days": contract_end_window_days,
                "as_of": as_of,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        without_contact = d.pop("without_contact")

        contracts_ending = d.pop("contracts_ending")

        incidents_past_sla = d.pop("incidents_past_sla")

        returns_without_plan = d.pop("returns_without_plan")

        no_contact_days = d.pop("no_contact_days")

        contract_end_window_days = d.pop("contract_end_window_days")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        cases_overview = cls(
            without_contact=without_contact,
            contracts_ending=contracts_ending,
            incidents_past_sla=incidents_past_sla,
            returns_without_plan=returns_without_plan,
            no_contact_days=no_contact_days,
            contract_end_window_days=contract_end_window_days,
            as_of=as_of,
        )

        cases_overview.additional_properties = d
        return cases_overview

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
