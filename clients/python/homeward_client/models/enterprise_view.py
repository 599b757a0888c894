from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sender_kind import SenderKind

if TYPE_CHECKING:
    from ..models.licence import Licence
    from ..models.licence_record import LicenceRecord


T = TypeVar("T", bound="EnterpriseView")


@_attrs_define
class EnterpriseView:
    """A sender, its licence, and what the licence allows today.

    Attributes:
        enterprise_id (str):
        name (str):
        kind (SenderKind): Who sends workers: a licensed labour-supply enterprise or a state programme.
        licence (Licence): A licence and its current status.
        history (list[LicenceRecord]):
        may_post_orders (bool):
        may_send_workers (bool):
        licence_problem (None | str):
    """

    enterprise_id: str
    name: str
    kind: SenderKind
    licence: Licence
    history: list[LicenceRecord]
    may_post_orders: bool
    may_send_workers: bool
    licence_problem: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enterprise_id = self.enterprise_id

        name = self.name

        kind = self.kind.value

        licence = self.licence.to_dict()

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        may_post_orders = self.may_post_orders

        may_send_workers = self.may_send_workers

        licence_problem: None | str
        licence_problem = self.licence_problem

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enterprise_id": enterprise_id,
                "name": name,
                "kind": kind,
                "licence": licence,
                "history": history,
                "may_post_orders": may_post_orders,
                "may_send_workers": may_send_workers,
                "licence_problem": licence_problem,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.licence import Licence  # noqa: PLC0415
        from ..models.licence_record import LicenceRecord  # noqa: PLC0415

        d = dict(src_dict)
        enterprise_id = d.pop("enterprise_id")

        name = d.pop("name")

        kind = SenderKind(d.pop("kind"))

        licence = Licence.from_dict(d.pop("licence"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = LicenceRecord.from_dict(history_item_data)

            history.append(history_item)

        may_post_orders = d.pop("may_post_orders")

        may_send_workers = d.pop("may_send_workers")

        def _parse_licence_problem(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        licence_problem = _parse_licence_problem(d.pop("licence_problem"))

        enterprise_view = cls(
            enterprise_id=enterprise_id,
            name=name,
            kind=kind,
            licence=licence,
            history=history,
            may_post_orders=may_post_orders,
            may_send_workers=may_send_workers,
            licence_problem=licence_problem,
        )

        enterprise_view.additional_properties = d
        return enterprise_view

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
