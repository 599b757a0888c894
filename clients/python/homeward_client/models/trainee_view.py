from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessment_view import AssessmentView
    from ..models.enrolment_view import EnrolmentView
    from ..models.market_announcement import MarketAnnouncement


T = TypeVar("T", bound="TraineeView")


@_attrs_define
class TraineeView:
    """What training knows of a worker: standing at intake, enrolments, results, markets.

    Attributes:
        worker_id (str):
        registered (bool):
        withdrawn (bool):
        active (bool):
        journey (int):
        training_cost_support (bool):
        province_code (None | str):
        commune_code (None | str):
        enrolments (list[EnrolmentView]):
        assessments (list[AssessmentView]):
        announcements (list[MarketAnnouncement]):
        merged_into (None | str | Unset): The record this duplicate was merged into, which holds its training now
    """

    worker_id: str
    registered: bool
    withdrawn: bool
    active: bool
    journey: int
    training_cost_support: bool
    province_code: None | str
    commune_code: None | str
    enrolments: list[EnrolmentView]
    assessments: list[AssessmentView]
    announcements: list[MarketAnnouncement]
    merged_into: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        worker_id = self.worker_id

        registered = self.registered

        withdrawn = self.withdrawn

        active = self.active

        journey = self.journey

        training_cost_support = self.training_cost_support

        province_code: None | str
        province_code = self.province_code

        commune_code: None | str
        commune_code = self.commune_code

        enrolments = []
        for enrolments_item_data in self.enrolments:
            enrolments_item = enrolments_item_data.to_dict()
            enrolments.append(enrolments_item)

        assessments = []
        for assessments_item_data in self.assessments:
            assessments_item = assessments_item_data.to_dict()
            assessments.append(assessments_item)

        announcements = []
        for announcements_item_data in self.announcements:
            announcements_item = announcements_item_data.to_dict()
            announcements.append(announcements_item)

        merged_into: None | str | Unset
        if isinstance(self.merged_into, Unset):
            merged_into = UNSET
        else:
            merged_into = self.merged_into

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "registered": registered,
                "withdrawn": withdrawn,
                "active": active,
                "journey": journey,
                "training_cost_support": training_cost_support,
                "province_code": province_code,
                "commune_code": commune_code,
                "enrolments": enrolments,
                "assessments": assessments,
                "announcements": announcements,
            }
        )
        if merged_into is not UNSET:
            field_dict["merged_into"] = merged_into

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assessment_view import AssessmentView  # noqa: PLC0415
        from ..models.enrolment_view import EnrolmentView  # noqa: PLC0415
        from ..models.market_announcement import MarketAnnouncement  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        registered = d.pop("registered")

        withdrawn = d.pop("withdrawn")

        active = d.pop("active")

        journey = d.pop("journey")

        training_cost_support = d.pop("training_cost_support")

        def _parse_province_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        province_code = _parse_province_code(d.pop("province_code"))

        def _parse_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commune_code = _parse_commune_code(d.pop("commune_code"))

        enrolments = []
        _enrolments = d.pop("enrolments")
        for enrolments_item_data in _enrolments:
            enrolments_item = EnrolmentView.from_dict(enrolments_item_data)

            enrolments.append(enrolments_item)

        assessments = []
        _assessments = d.pop("assessments")
        for assessments_item_data in _assessments:
            assessments_item = AssessmentView.from_dict(assessments_item_data)

            assessments.append(assessments_item)

        announcements = []
        _announcements = d.pop("announcements")
        for announcements_item_data in _announcements:
            announcements_item = MarketAnnouncement.from_dict(announcements_item_data)

            announcements.append(announcements_item)

        def _parse_merged_into(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        merged_into = _parse_merged_into(d.pop("merged_into", UNSET))

        trainee_view = cls(
            worker_id=worker_id,
            registered=registered,
            withdrawn=withdrawn,
            active=active,
            journey=journey,
            training_cost_support=training_cost_support,
            province_code=province_code,
            commune_code=commune_code,
            enrolments=enrolments,
            assessments=assessments,
            announcements=announcements,
            merged_into=merged_into,
        )

        trainee_view.additional_properties = d
        return trainee_view

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
