from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_entry_search_type_0 import AuditEntrySearchType0


T = TypeVar("T", bound="AuditEntry")


@_attrs_define
class AuditEntry:
    """
    Attributes:
        id (str):
        at (datetime.datetime):
        service (str):
        subject (None | str): The token's subject; null: the token was refused
        role (None | str):
        action (None | str): The route's action; null: no rule covers it
        method (str):
        route (None | str):
        path (str):
        worker_id (None | str):
        status (int): The status answered; an entry stored while its request ran records its route's status on success,
            and an entry naming it in `outcome_of` the one answered when that differs
        client (None | str):
        correlation_id (None | str):
        emergency (bool):
        name (None | str | Unset): The token's display name, if any
        refused (bool | Unset): Answered 401, 403 or 404 Default: False.
        search (AuditEntrySearchType0 | None | Unset): The audited search terms the request carried (a name)
        outcome_of (None | str | Unset): The entry, stored while the same request ran, whose status this one corrects
            (the request answered otherwise than its route does on success)
    """

    id: str
    at: datetime.datetime
    service: str
    subject: None | str
    role: None | str
    action: None | str
    method: str
    route: None | str
    path: str
    worker_id: None | str
    status: int
    client: None | str
    correlation_id: None | str
    emergency: bool
    name: None | str | Unset = UNSET
    refused: bool | Unset = False
    search: AuditEntrySearchType0 | None | Unset = UNSET
    outcome_of: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_search_type_0 import AuditEntrySearchType0  # noqa: PLC0415

        id = self.id

        at = self.at.isoformat()

        service = self.service

        subject: None | str
        subject = self.subject

        role: None | str
        role = self.role

        action: None | str
        action = self.action

        method = self.method

        route: None | str
        route = self.route

        path = self.path

        worker_id: None | str
        worker_id = self.worker_id

        status = self.status

        client: None | str
        client = self.client

        correlation_id: None | str
        correlation_id = self.correlation_id

        emergency = self.emergency

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        refused = self.refused

        search: dict[str, Any] | None | Unset
        if isinstance(self.search, Unset):
            search = UNSET
        elif isinstance(self.search, AuditEntrySearchType0):
            search = self.search.to_dict()
        else:
            search = self.search

        outcome_of: None | str | Unset
        if isinstance(self.outcome_of, Unset):
            outcome_of = UNSET
        else:
            outcome_of = self.outcome_of

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "at": at,
                "service": service,
                "subject": subject,
                "role": role,
                "action": action,
                "method": method,
                "route": route,
                "path": path,
                "worker_id": worker_id,
                "status": status,
                "client": client,
                "correlation_id": correlation_id,
                "emergency": emergency,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if refused is not UNSET:
            field_dict["refused"] = refused
        if search is not UNSET:
            field_dict["search"] = search
        if outcome_of is not UNSET:
            field_dict["outcome_of"] = outcome_of

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_search_type_0 import AuditEntrySearchType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        service = d.pop("service")

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))

        def _parse_action(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        action = _parse_action(d.pop("action"))

        method = d.pop("method")

        def _parse_route(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        route = _parse_route(d.pop("route"))

        path = d.pop("path")

        def _parse_worker_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        worker_id = _parse_worker_id(d.pop("worker_id"))

        status = d.pop("status")

        def _parse_client(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client = _parse_client(d.pop("client"))

        def _parse_correlation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id"))

        emergency = d.pop("emergency")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        refused = d.pop("refused", UNSET)

        def _parse_search(data: object) -> AuditEntrySearchType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                search_type_0 = AuditEntrySearchType0.from_dict(data)

                return search_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntrySearchType0 | None | Unset, data)

        search = _parse_search(d.pop("search", UNSET))

        def _parse_outcome_of(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        outcome_of = _parse_outcome_of(d.pop("outcome_of", UNSET))

        audit_entry = cls(
            id=id,
            at=at,
            service=service,
            subject=subject,
            role=role,
            action=action,
            method=method,
            route=route,
            path=path,
            worker_id=worker_id,
            status=status,
            client=client,
            correlation_id=correlation_id,
            emergency=emergency,
            name=name,
            refused=refused,
            search=search,
            outcome_of=outcome_of,
        )

        audit_entry.additional_properties = d
        return audit_entry

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
