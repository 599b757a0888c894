from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.approval_action import ApprovalAction
from ..models.role import Role
from ..types import UNSET, Unset

T = TypeVar("T", bound="ApprovalRule")


@_attrs_define
class ApprovalRule:
    """One row of a province's table: whether an action waits, and who may check it.

    Attributes:
        action (ApprovalAction): A change a province may make wait for a second person.
        required (bool | Unset):  Default: True.
        checker_roles (list[Role] | Unset):
    """

    action: ApprovalAction
    required: bool | Unset = True
    checker_roles: list[Role] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        required = self.required

        checker_roles: list[str] | Unset = UNSET
        if not isinstance(self.checker_roles, Unset):
            checker_roles = []
            for checker_roles_item_data in self.checker_roles:
                checker_roles_item = checker_roles_item_data.value
                checker_roles.append(checker_roles_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if required is not UNSET:
            field_dict["required"] = required
        if checker_roles is not UNSET:
            field_dict["checker_roles"] = checker_roles

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ApprovalAction(d.pop("action"))

        required = d.pop("required", UNSET)

        _checker_roles = d.pop("checker_roles", UNSET)
        checker_roles: list[Role] | Unset = UNSET
        if _checker_roles is not UNSET:
            checker_roles = []
            for checker_roles_item_data in _checker_roles:
                checker_roles_item = Role(checker_roles_item_data)

                checker_roles.append(checker_roles_item)

        approval_rule = cls(
            action=action,
            required=required,
            checker_roles=checker_roles,
        )

        return approval_rule
