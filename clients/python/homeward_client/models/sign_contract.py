from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SignContract")


@_attrs_define
class SignContract:
    """The labour contract the worker signed.

    Attributes:
        signed_on (datetime.date):
        contract_start (datetime.date):
        contract_end (datetime.date | None | Unset): Defaults to the start plus the job order's term
    """

    signed_on: datetime.date
    contract_start: datetime.date
    contract_end: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        signed_on = self.signed_on.isoformat()

        contract_start = self.contract_start.isoformat()

        contract_end: None | str | Unset
        if isinstance(self.contract_end, Unset):
            contract_end = UNSET
        elif isinstance(self.contract_end, datetime.date):
            contract_end = self.contract_end.isoformat()
        else:
            contract_end = self.contract_end

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "signed_on": signed_on,
                "contract_start": contract_start,
            }
        )
        if contract_end is not UNSET:
            field_dict["contract_end"] = contract_end

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signed_on = datetime.date.fromisoformat(d.pop("signed_on"))

        contract_start = datetime.date.fromisoformat(d.pop("contract_start"))

        def _parse_contract_end(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contract_end_type_0 = datetime.date.fromisoformat(data)

                return contract_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        contract_end = _parse_contract_end(d.pop("contract_end", UNSET))

        sign_contract = cls(
            signed_on=signed_on,
            contract_start=contract_start,
            contract_end=contract_end,
        )

        return sign_contract
