from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.figure_view import FigureView
    from ..models.report_view_commune_names import ReportViewCommuneNames
    from ..models.report_view_period import ReportViewPeriod
    from ..models.target_ref import TargetRef


T = TypeVar("T", bound="ReportView")


@_attrs_define
class ReportView:
    """A report: what it is about, as of when, and every figure.

    Attributes:
        province_code (str):
        province_name (str):
        commune_code (None | str):
        units (str):
        period (ReportViewPeriod):
        as_of (str):
        target (None | TargetRef):
        commune_names (ReportViewCommuneNames):
        figures (list[FigureView]):
    """

    province_code: str
    province_name: str
    commune_code: None | str
    units: str
    period: ReportViewPeriod
    as_of: str
    target: None | TargetRef
    commune_names: ReportViewCommuneNames
    figures: list[FigureView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.target_ref import TargetRef  # noqa: PLC0415

        province_code = self.province_code

        province_name = self.province_name

        commune_code: None | str
        commune_code = self.commune_code

        units = self.units

        period = self.period.to_dict()

        as_of = self.as_of

        target: dict[str, Any] | None
        if isinstance(self.target, TargetRef):
            target = self.target.to_dict()
        else:
            target = self.target

        commune_names = self.commune_names.to_dict()

        figures = []
        for figures_item_data in self.figures:
            figures_item = figures_item_data.to_dict()
            figures.append(figures_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "province_code": province_code,
                "province_name": province_name,
                "commune_code": commune_code,
                "units": units,
                "period": period,
                "as_of": as_of,
                "target": target,
                "commune_names": commune_names,
                "figures": figures,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.figure_view import FigureView  # noqa: PLC0415
        from ..models.report_view_commune_names import ReportViewCommuneNames  # noqa: PLC0415
        from ..models.report_view_period import ReportViewPeriod  # noqa: PLC0415
        from ..models.target_ref import TargetRef  # noqa: PLC0415

        d = dict(src_dict)
        province_code = d.pop("province_code")

        province_name = d.pop("province_name")

        def _parse_commune_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        commune_code = _parse_commune_code(d.pop("commune_code"))

        units = d.pop("units")

        period = ReportViewPeriod.from_dict(d.pop("period"))

        as_of = d.pop("as_of")

        def _parse_target(data: object) -> None | TargetRef:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                target_type_0 = TargetRef.from_dict(data)

                return target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TargetRef, data)

        target = _parse_target(d.pop("target"))

        commune_names = ReportViewCommuneNames.from_dict(d.pop("commune_names"))

        figures = []
        _figures = d.pop("figures")
        for figures_item_data in _figures:
            figures_item = FigureView.from_dict(figures_item_data)

            figures.append(figures_item)

        report_view = cls(
            province_code=province_code,
            province_name=province_name,
            commune_code=commune_code,
            units=units,
            period=period,
            as_of=as_of,
            target=target,
            commune_names=commune_names,
            figures=figures,
        )

        report_view.additional_properties = d
        return report_view

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
