from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImportedPlacement")


@_attrs_define
class ImportedPlacement:
    """A migrated worker's placement abroad: the licensed sender, the employer, the contract,
    and the departure and return when they happened.

        Attributes:
            placement_id (str):
            enterprise_id (str):
            licence_number (str):
            employer (str):
            country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
            sector (Sector): Job sectors named in the seeds.
            contract_start (datetime.date):
            contract_end (datetime.date):
            departed_on (datetime.date | None | Unset):
            returned_on (datetime.date | None | Unset):
    """

    placement_id: str
    enterprise_id: str
    licence_number: str
    employer: str
    country: Market
    sector: Sector
    contract_start: datetime.date
    contract_end: datetime.date
    departed_on: datetime.date | None | Unset = UNSET
    returned_on: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        placement_id = self.placement_id

        enterprise_id = self.enterprise_id

        licence_number = self.licence_number

        employer = self.employer

        country = self.country.value

        sector = self.sector.value

        contract_start = self.contract_start.isoformat()

        contract_end = self.contract_end.isoformat()

        departed_on: None | str | Unset
        if isinstance(self.departed_on, Unset):
            departed_on = UNSET
        elif isinstance(self.departed_on, datetime.date):
            departed_on = self.departed_on.isoformat()
        else:
            departed_on = self.departed_on

        returned_on: None | str | Unset
        if isinstance(self.returned_on, Unset):
            returned_on = UNSET
        elif isinstance(self.returned_on, datetime.date):
            returned_on = self.returned_on.isoformat()
        else:
            returned_on = self.returned_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "placement_id": placement_id,
                "enterprise_id": enterprise_id,
                "licence_number": licence_number,
                "employer": employer,
                "country": country,
                "sector": sector,
                "contract_start": contract_start,
                "contract_end": contract_end,
            }
        )
        if departed_on is not UNSET:
            field_dict["departed_on"] = departed_on
        if returned_on is not UNSET:
            field_dict["returned_on"] = returned_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        placement_id = d.pop("placement_id")

        enterprise_id = d.pop("enterprise_id")

        licence_number = d.pop("licence_number")

        employer = d.pop("employer")

        country = Market(d.pop("country"))

        sector = Sector(d.pop("sector"))

        contract_start = datetime.date.fromisoformat(d.pop("contract_start"))

        contract_end = datetime.date.fromisoformat(d.pop("contract_end"))

        def _parse_departed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                departed_on_type_0 = datetime.date.fromisoformat(data)

                return departed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        departed_on = _parse_departed_on(d.pop("departed_on", UNSET))

        def _parse_returned_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                returned_on_type_0 = datetime.date.fromisoformat(data)

                return returned_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        returned_on = _parse_returned_on(d.pop("returned_on", UNSET))

        imported_placement = cls(
            placement_id=placement_id,
            enterprise_id=enterprise_id,
            licence_number=licence_number,
            employer=employer,
            country=country,
            sector=sector,
            contract_start=contract_start,
            contract_end=contract_end,
            departed_on=departed_on,
            returned_on=returned_on,
        )

        imported_placement.additional_properties = d
        return imported_placement

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
