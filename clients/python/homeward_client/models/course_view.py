from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.course_kind import CourseKind
from ..models.language import Language
from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session import Session


T = TypeVar("T", bound="CourseView")


@_attrs_define
class CourseView:
    """A course with its dates and free seats.

    Attributes:
        provider_id (str):
        title (str):
        kind (CourseKind): What a course teaches.
        hours (int):
        sessions (list[Session]):
        capacity (int):
        cost_vnd (int):
        course_id (str):
        seats_taken (int):
        starts_on (datetime.date):
        ends_on (datetime.date):
        seats_left (int):
        language (Language | None | Unset):
        target_level (None | str | Unset): e.g. JLPT-N4, EPS-TOPIK, CEFR-B1
        market (Market | None | Unset):
        sector (None | Sector | Unset):
        pass_mark (float | Unset):  Default: 50.0.
        max_score (float | Unset):  Default: 100.0.
        min_attendance_percent (int | Unset):  Default: 80.
    """

    provider_id: str
    title: str
    kind: CourseKind
    hours: int
    sessions: list[Session]
    capacity: int
    cost_vnd: int
    course_id: str
    seats_taken: int
    starts_on: datetime.date
    ends_on: datetime.date
    seats_left: int
    language: Language | None | Unset = UNSET
    target_level: None | str | Unset = UNSET
    market: Market | None | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    pass_mark: float | Unset = 50.0
    max_score: float | Unset = 100.0
    min_attendance_percent: int | Unset = 80
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider_id = self.provider_id

        title = self.title

        kind = self.kind.value

        hours = self.hours

        sessions = []
        for sessions_item_data in self.sessions:
            sessions_item = sessions_item_data.to_dict()
            sessions.append(sessions_item)

        capacity = self.capacity

        cost_vnd = self.cost_vnd

        course_id = self.course_id

        seats_taken = self.seats_taken

        starts_on = self.starts_on.isoformat()

        ends_on = self.ends_on.isoformat()

        seats_left = self.seats_left

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        elif isinstance(self.language, Language):
            language = self.language.value
        else:
            language = self.language

        target_level: None | str | Unset
        if isinstance(self.target_level, Unset):
            target_level = UNSET
        else:
            target_level = self.target_level

        market: None | str | Unset
        if isinstance(self.market, Unset):
            market = UNSET
        elif isinstance(self.market, Market):
            market = self.market.value
        else:
            market = self.market

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        elif isinstance(self.sector, Sector):
            sector = self.sector.value
        else:
            sector = self.sector

        pass_mark = self.pass_mark

        max_score = self.max_score

        min_attendance_percent = self.min_attendance_percent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider_id": provider_id,
                "title": title,
                "kind": kind,
                "hours": hours,
                "sessions": sessions,
                "capacity": capacity,
                "cost_vnd": cost_vnd,
                "course_id": course_id,
                "seats_taken": seats_taken,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "seats_left": seats_left,
            }
        )
        if language is not UNSET:
            field_dict["language"] = language
        if target_level is not UNSET:
            field_dict["target_level"] = target_level
        if market is not UNSET:
            field_dict["market"] = market
        if sector is not UNSET:
            field_dict["sector"] = sector
        if pass_mark is not UNSET:
            field_dict["pass_mark"] = pass_mark
        if max_score is not UNSET:
            field_dict["max_score"] = max_score
        if min_attendance_percent is not UNSET:
            field_dict["min_attendance_percent"] = min_attendance_percent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session import Session  # noqa: PLC0415

        d = dict(src_dict)
        provider_id = d.pop("provider_id")

        title = d.pop("title")

        kind = CourseKind(d.pop("kind"))

        hours = d.pop("hours")

        sessions = []
        _sessions = d.pop("sessions")
        for sessions_item_data in _sessions:
            sessions_item = Session.from_dict(sessions_item_data)

            sessions.append(sessions_item)

        capacity = d.pop("capacity")

        cost_vnd = d.pop("cost_vnd")

        course_id = d.pop("course_id")

        seats_taken = d.pop("seats_taken")

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        seats_left = d.pop("seats_left")

        def _parse_language(data: object) -> Language | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                language_type_0 = Language(data)

                return language_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Language | None | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_target_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_level = _parse_target_level(d.pop("target_level", UNSET))

        def _parse_market(data: object) -> Market | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                market_type_0 = Market(data)

                return market_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Market | None | Unset, data)

        market = _parse_market(d.pop("market", UNSET))

        def _parse_sector(data: object) -> None | Sector | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sector_type_0 = Sector(data)

                return sector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sector | Unset, data)

        sector = _parse_sector(d.pop("sector", UNSET))

        pass_mark = d.pop("pass_mark", UNSET)

        max_score = d.pop("max_score", UNSET)

        min_attendance_percent = d.pop("min_attendance_percent", UNSET)

        course_view = cls(
            provider_id=provider_id,
            title=title,
            kind=kind,
            hours=hours,
            sessions=sessions,
            capacity=capacity,
            cost_vnd=cost_vnd,
            course_id=course_id,
            seats_taken=seats_taken,
            starts_on=starts_on,
            ends_on=ends_on,
            seats_left=seats_left,
            language=language,
            target_level=target_level,
            market=market,
            sector=sector,
            pass_mark=pass_mark,
            max_score=max_score,
            min_attendance_percent=min_attendance_percent,
        )

        course_view.additional_properties = d
        return course_view

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
