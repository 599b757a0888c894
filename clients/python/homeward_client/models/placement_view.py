from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.market import Market
from ..models.placement_state import PlacementState
from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.employer_change import EmployerChange
    from ..models.placement_step import PlacementStep
    from ..models.salary import Salary


T = TypeVar("T", bound="PlacementView")


@_attrs_define
class PlacementView:
    """A placement, what stops it from moving forward, and its contract end in force.

    Attributes:
        placement_id (str):
        worker_id (str):
        job_order_id (str):
        enterprise_id (str):
        country (Market): Destination countries (ISO 3166-1 alpha-2) served by the programmes in the seeds.
        employer (str):
        sector (Sector): Job sectors named in the seeds.
        salary (Salary): A monthly salary in the job's currency, and what it is worth in VND.
        journey (int): The worker's journey this placement belongs to
        state (PlacementState): Where a worker's placement on a job order stands.
        holds_position (bool):
        blocked_reason (None | str): Why the placement cannot move forward today (e.g. a suspended licence)
        shortlisted_at (datetime.datetime):
        selected_at (datetime.datetime | None):
        signed_on (datetime.date | None):
        contract_start (datetime.date | None):
        contract_end (datetime.date | None): As signed, or as aftercare last reported
        visa_applied_on (datetime.date | None):
        visa_granted_on (datetime.date | None):
        departed_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        cancelled_from (None | PlacementState):
        cancel_reason (None | str):
        history (list[PlacementStep]):
        visa_refused_on (datetime.date | None | Unset):
        visa_refusal_reason (None | str | Unset):
        employer_changes (list[EmployerChange] | Unset): Moves to another employer abroad, oldest first
    """

    placement_id: str
    worker_id: str
    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    sector: Sector
    salary: Salary
    journey: int
    state: PlacementState
    holds_position: bool
    blocked_reason: None | str
    shortlisted_at: datetime.datetime
    selected_at: datetime.datetime | None
    signed_on: datetime.date | None
    contract_start: datetime.date | None
    contract_end: datetime.date | None
    visa_applied_on: datetime.date | None
    visa_granted_on: datetime.date | None
    departed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    cancelled_from: None | PlacementState
    cancel_reason: None | str
    history: list[PlacementStep]
    visa_refused_on: datetime.date | None | Unset = UNSET
    visa_refusal_reason: None | str | Unset = UNSET
    employer_changes: list[EmployerChange] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        placement_id = self.placement_id

        worker_id = self.worker_id

        job_order_id = self.job_order_id

        enterprise_id = self.enterprise_id

        country = self.country.value

        employer = self.employer

        sector = self.sector.value

        salary = self.salary.to_dict()

        journey = self.journey

        state = self.state.value

        holds_position = self.holds_position

        blocked_reason: None | str
        blocked_reason = self.blocked_reason

        shortlisted_at = self.shortlisted_at.isoformat()

        selected_at: None | str
        if isinstance(self.selected_at, datetime.datetime):
            selected_at = self.selected_at.isoformat()
        else:
            selected_at = self.selected_at

        signed_on: None | str
        if isinstance(self.signed_on, datetime.date):
            signed_on = self.signed_on.isoformat()
        else:
            signed_on = self.signed_on

        contract_start: None | str
        if isinstance(self.contract_start, datetime.date):
            contract_start = self.contract_start.isoformat()
        else:
            contract_start = self.contract_start

        contract_end: None | str
        if isinstance(self.contract_end, datetime.date):
            contract_end = self.contract_end.isoformat()
        else:
            contract_end = self.contract_end

        visa_applied_on: None | str
        if isinstance(self.visa_applied_on, datetime.date):
            visa_applied_on = self.visa_applied_on.isoformat()
        else:
            visa_applied_on = self.visa_applied_on

        visa_granted_on: None | str
        if isinstance(self.visa_granted_on, datetime.date):
            visa_granted_on = self.visa_granted_on.isoformat()
        else:
            visa_granted_on = self.visa_granted_on

        departed_at: None | str
        if isinstance(self.departed_at, datetime.datetime):
            departed_at = self.departed_at.isoformat()
        else:
            departed_at = self.departed_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        cancelled_from: None | str
        if isinstance(self.cancelled_from, PlacementState):
            cancelled_from = self.cancelled_from.value
        else:
            cancelled_from = self.cancelled_from

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        visa_refused_on: None | str | Unset
        if isinstance(self.visa_refused_on, Unset):
            visa_refused_on = UNSET
        elif isinstance(self.visa_refused_on, datetime.date):
            visa_refused_on = self.visa_refused_on.isoformat()
        else:
            visa_refused_on = self.visa_refused_on

        visa_refusal_reason: None | str | Unset
        if isinstance(self.visa_refusal_reason, Unset):
            visa_refusal_reason = UNSET
        else:
            visa_refusal_reason = self.visa_refusal_reason

        employer_changes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.employer_changes, Unset):
            employer_changes = []
            for employer_changes_item_data in self.employer_changes:
                employer_changes_item = employer_changes_item_data.to_dict()
                employer_changes.append(employer_changes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "placement_id": placement_id,
                "worker_id": worker_id,
                "job_order_id": job_order_id,
                "enterprise_id": enterprise_id,
                "country": country,
                "employer": employer,
                "sector": sector,
                "salary": salary,
                "journey": journey,
                "state": state,
                "holds_position": holds_position,
                "blocked_reason": blocked_reason,
                "shortlisted_at": shortlisted_at,
                "selected_at": selected_at,
                "signed_on": signed_on,
                "contract_start": contract_start,
                "contract_end": contract_end,
                "visa_applied_on": visa_applied_on,
                "visa_granted_on": visa_granted_on,
                "departed_at": departed_at,
                "cancelled_at": cancelled_at,
                "cancelled_from": cancelled_from,
                "cancel_reason": cancel_reason,
                "history": history,
            }
        )
        if visa_refused_on is not UNSET:
            field_dict["visa_refused_on"] = visa_refused_on
        if visa_refusal_reason is not UNSET:
            field_dict["visa_refusal_reason"] = visa_refusal_reason
        if employer_changes is not UNSET:
            field_dict["employer_changes"] = employer_changes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.employer_change import EmployerChange  # noqa: PLC0415
        from ..models.placement_step import PlacementStep  # noqa: PLC0415
        from ..models.salary import Salary  # noqa: PLC0415

        d = dict(src_dict)
        placement_id = d.pop("placement_id")

        worker_id = d.pop("worker_id")

        job_order_id = d.pop("job_order_id")

        enterprise_id = d.pop("enterprise_id")

        country = Market(d.pop("country"))

        employer = d.pop("employer")

        sector = Sector(d.pop("sector"))

        salary = Salary.from_dict(d.pop("salary"))

        journey = d.pop("journey")

        state = PlacementState(d.pop("state"))

        holds_position = d.pop("holds_position")

        def _parse_blocked_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        blocked_reason = _parse_blocked_reason(d.pop("blocked_reason"))

        shortlisted_at = datetime.datetime.fromisoformat(d.pop("shortlisted_at"))

        def _parse_selected_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                selected_at_type_0 = datetime.datetime.fromisoformat(data)

                return selected_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        selected_at = _parse_selected_at(d.pop("selected_at"))

        def _parse_signed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                signed_on_type_0 = datetime.date.fromisoformat(data)

                return signed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        signed_on = _parse_signed_on(d.pop("signed_on"))

        def _parse_contract_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contract_start_type_0 = datetime.date.fromisoformat(data)

                return contract_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        contract_start = _parse_contract_start(d.pop("contract_start"))

        def _parse_contract_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contract_end_type_0 = datetime.date.fromisoformat(data)

                return contract_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        contract_end = _parse_contract_end(d.pop("contract_end"))

        def _parse_visa_applied_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visa_applied_on_type_0 = datetime.date.fromisoformat(data)

                return visa_applied_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        visa_applied_on = _parse_visa_applied_on(d.pop("visa_applied_on"))

        def _parse_visa_granted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visa_granted_on_type_0 = datetime.date.fromisoformat(data)

                return visa_granted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        visa_granted_on = _parse_visa_granted_on(d.pop("visa_granted_on"))

        def _parse_departed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                departed_at_type_0 = datetime.datetime.fromisoformat(data)

                return departed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        departed_at = _parse_departed_at(d.pop("departed_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        def _parse_cancelled_from(data: object) -> None | PlacementState:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_from_type_0 = PlacementState(data)

                return cancelled_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlacementState, data)

        cancelled_from = _parse_cancelled_from(d.pop("cancelled_from"))

        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = PlacementStep.from_dict(history_item_data)

            history.append(history_item)

        def _parse_visa_refused_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visa_refused_on_type_0 = datetime.date.fromisoformat(data)

                return visa_refused_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        visa_refused_on = _parse_visa_refused_on(d.pop("visa_refused_on", UNSET))

        def _parse_visa_refusal_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        visa_refusal_reason = _parse_visa_refusal_reason(d.pop("visa_refusal_reason", UNSET))

        _employer_changes = d.pop("employer_changes", UNSET)
        employer_changes: list[EmployerChange] | Unset = UNSET
        if _employer_changes is not UNSET:
            employer_changes = []
            for employer_changes_item_data in _employer_changes:
                employer_changes_item = EmployerChange.from_dict(employer_changes_item_data)

                employer_changes.append(employer_changes_item)

        placement_view = cls(
            placement_id=placement_id,
            worker_id=worker_id,
            job_order_id=job_order_id,
            enterprise_id=enterprise_id,
            country=country,
            employer=employer,
            sector=sector,
            salary=salary,
            journey=journey,
            state=state,
            holds_position=holds_position,
            blocked_reason=blocked_reason,
            shortlisted_at=shortlisted_at,
            selected_at=selected_at,
            signed_on=signed_on,
            contract_start=contract_start,
            contract_end=contract_end,
            visa_applied_on=visa_applied_on,
            visa_granted_on=visa_granted_on,
            departed_at=departed_at,
            cancelled_at=cancelled_at,
            cancelled_from=cancelled_from,
            cancel_reason=cancel_reason,
            history=history,
            visa_refused_on=visa_refused_on,
            visa_refusal_reason=visa_refusal_reason,
            employer_changes=employer_changes,
        )

        placement_view.additional_properties = d
        return placement_view

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
