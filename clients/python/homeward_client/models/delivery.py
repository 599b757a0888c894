from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.delivery_state import DeliveryState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attempt import Attempt


T = TypeVar("T", bound="Delivery")


@_attrs_define
class Delivery:
    """One event to one subscription, tried until delivered or the retry window ends.

    Attributes:
        delivery_id (str):
        subscription_id (str):
        event_id (str):
        event_type (str):
        worker_id (str):
        order (str):
        body (str):
        created_at (datetime.datetime):
        next_attempt_at (datetime.datetime):
        state (DeliveryState | Unset): Where a delivery stands: waiting for its next attempt, delivered, or given up.
        attempts (list[Attempt] | Unset):
    """

    delivery_id: str
    subscription_id: str
    event_id: str
    event_type: str
    worker_id: str
    order: str
    body: str
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime
    state: DeliveryState | Unset = UNSET
    attempts: list[Attempt] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivery_id = self.delivery_id

        subscription_id = self.subscription_id

        event_id = self.event_id

        event_type = self.event_type

        worker_id = self.worker_id

        order = self.order

        body = self.body

        created_at = self.created_at.isoformat()

        next_attempt_at = self.next_attempt_at.isoformat()

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        attempts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attempts, Unset):
            attempts = []
            for attempts_item_data in self.attempts:
                attempts_item = attempts_item_data.to_dict()
                attempts.append(attempts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivery_id": delivery_id,
                "subscription_id": subscription_id,
                "event_id": event_id,
                "event_type": event_type,
                "worker_id": worker_id,
                "order": order,
                "body": body,
                "created_at": created_at,
                "next_attempt_at": next_attempt_at,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state
        if attempts is not UNSET:
            field_dict["attempts"] = attempts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attempt import Attempt  # noqa: PLC0415

        d = dict(src_dict)
        delivery_id = d.pop("delivery_id")

        subscription_id = d.pop("subscription_id")

        event_id = d.pop("event_id")

        event_type = d.pop("event_type")

        worker_id = d.pop("worker_id")

        order = d.pop("order")

        body = d.pop("body")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))

        _state = d.pop("state", UNSET)
        state: DeliveryState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = DeliveryState(_state)

        _attempts = d.pop("attempts", UNSET)
        attempts: list[Attempt] | Unset = UNSET
        if _attempts is not UNSET:
            attempts = []
            for attempts_item_data in _attempts:
                attempts_item = Attempt.from_dict(attempts_item_data)

                attempts.append(attempts_item)

        delivery = cls(
            delivery_id=delivery_id,
            subscription_id=subscription_id,
            event_id=event_id,
            event_type=event_type,
            worker_id=worker_id,
            order=order,
            body=body,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            state=state,
            attempts=attempts,
        )

        delivery.additional_properties = d
        return delivery

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
