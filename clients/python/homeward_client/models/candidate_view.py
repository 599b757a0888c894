from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gender import Gender
from ..models.market import Market
from ..models.sector import Sector
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.imported_placement import ImportedPlacement
    from ..models.training_view import TrainingView


T = TypeVar("T", bound="CandidateView")


@_attrs_define
class CandidateView:
    """A worker as deployment sees them (no national ID, phone or family contact).

    Attributes:
        worker_id (str):
        registered (bool):
        full_name (None | str):
        gender (Gender | None):
        date_of_birth (datetime.date | None):
        desired_markets (list[Market]):
        desired_sectors (list[Sector]):
        withdrawn (bool):
        abroad (bool):
        journey (int): The worker's current journey; training counts from its start
        training (list[TrainingView]):
        missing (bool | Unset): Reported missing abroad, not found since Default: False.
        died_on (datetime.date | None | Unset): The day the worker died abroad
        imported_placement (ImportedPlacement | None | Unset): The placement a migrated case had when it came into
            Homeward
    """

    worker_id: str
    registered: bool
    full_name: None | str
    gender: Gender | None
    date_of_birth: datetime.date | None
    desired_markets: list[Market]
    desired_sectors: list[Sector]
    withdrawn: bool
    abroad: bool
    journey: int
    training: list[TrainingView]
    missing: bool | Unset = False
    died_on: datetime.date | None | Unset = UNSET
    imported_placement: ImportedPlacement | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.imported_placement import ImportedPlacement  # noqa: PLC0415

        worker_id = self.worker_id

        registered = self.registered

        full_name: None | str
        full_name = self.full_name

        gender: None | str
        if isinstance(self.gender, Gender):
            gender = self.gender.value
        else:
            gender = self.gender

        date_of_birth: None | str
        if isinstance(self.date_of_birth, datetime.date):
            date_of_birth = self.date_of_birth.isoformat()
        else:
            date_of_birth = self.date_of_birth

        desired_markets = []
        for desired_markets_item_data in self.desired_markets:
            desired_markets_item = desired_markets_item_data.value
            desired_markets.append(desired_markets_item)

        desired_sectors = []
        for desired_sectors_item_data in self.desired_sectors:
            desired_sectors_item = desired_sectors_item_data.value
            desired_sectors.append(desired_sectors_item)

        withdrawn = self.withdrawn

        abroad = self.abroad

        journey = self.journey

        training = []
        for training_item_data in self.training:
            training_item = training_item_data.to_dict()
            training.append(training_item)

        missing = self.missing

        died_on: None | str | Unset
        if isinstance(self.died_on, Unset):
            died_on = UNSET
        elif isinstance(self.died_on, datetime.date):
            died_on = self.died_on.isoformat()
        else:
            died_on = self.died_on

        imported_placement: dict[str, Any] | None | Unset
        if isinstance(self.imported_placement, Unset):
            imported_placement = UNSET
        elif isinstance(self.imported_placement, ImportedPlacement):
            imported_placement = self.imported_placement.to_dict()
        else:
            imported_placement = self.imported_placement

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "worker_id": worker_id,
                "registered": registered,
                "full_name": full_name,
                "gender": gender,
                "date_of_birth": date_of_birth,
                "desired_markets": desired_markets,
                "desired_sectors": desired_sectors,
                "withdrawn": withdrawn,
                "abroad": abroad,
                "journey": journey,
                "training": training,
            }
        )
        if missing is not UNSET:
            field_dict["missing"] = missing
        if died_on is not UNSET:
            field_dict["died_on"] = died_on
        if imported_placement is not UNSET:
            field_dict["imported_placement"] = imported_placement

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.imported_placement import ImportedPlacement  # noqa: PLC0415
        from ..models.training_view import TrainingView  # noqa: PLC0415

        d = dict(src_dict)
        worker_id = d.pop("worker_id")

        registered = d.pop("registered")

        def _parse_full_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        full_name = _parse_full_name(d.pop("full_name"))

        def _parse_gender(data: object) -> Gender | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gender_type_0 = Gender(data)

                return gender_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Gender | None, data)

        gender = _parse_gender(d.pop("gender"))

        def _parse_date_of_birth(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_birth_type_0 = datetime.date.fromisoformat(data)

                return date_of_birth_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date_of_birth = _parse_date_of_birth(d.pop("date_of_birth"))

        desired_markets = []
        _desired_markets = d.pop("desired_markets")
        for desired_markets_item_data in _desired_markets:
            desired_markets_item = Market(desired_markets_item_data)

            desired_markets.append(desired_markets_item)

        desired_sectors = []
        _desired_sectors = d.pop("desired_sectors")
        for desired_sectors_item_data in _desired_sectors:
            desired_sectors_item = Sector(desired_sectors_item_data)

            desired_sectors.append(desired_sectors_item)

        withdrawn = d.pop("withdrawn")

        abroad = d.pop("abroad")

        journey = d.pop("journey")

        training = []
        _training = d.pop("training")
        for training_item_data in _training:
            training_item = TrainingView.from_dict(training_item_data)

            training.append(training_item)

        missing = d.pop("missing", UNSET)

        def _parse_died_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                died_on_type_0 = datetime.date.fromisoformat(data)

                return died_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        died_on = _parse_died_on(d.pop("died_on", UNSET))

        def _parse_imported_placement(data: object) -> ImportedPlacement | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                imported_placement_type_0 = ImportedPlacement.from_dict(data)

                return imported_placement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportedPlacement | None | Unset, data)

        imported_placement = _parse_imported_placement(d.pop("imported_placement", UNSET))

        candidate_view = cls(
            worker_id=worker_id,
            registered=registered,
            full_name=full_name,
            gender=gender,
            date_of_birth=date_of_birth,
            desired_markets=desired_markets,
            desired_sectors=desired_sectors,
            withdrawn=withdrawn,
            abroad=abroad,
            journey=journey,
            training=training,
            missing=missing,
            died_on=died_on,
            imported_placement=imported_placement,
        )

        candidate_view.additional_properties = d
        return candidate_view

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
