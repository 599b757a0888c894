"""Where Subproject 2 applies by place: poor districts and extremely disadvantaged communes.

Both lists are keyed by FORMER unit codes (before 2025-07-01): the 2021-2025 National Target
Programme on Sustainable Poverty Reduction named its areas before districts were abolished, and
eligibility still refers to them.

SAMPLE DATA, TO BE COMPLETED: the entries below are real districts and communes of the
mountainous north that the programme served (Decision 353/QĐ-TTg of 15 March 2022 lists 74
poor districts, and the extremely disadvantaged coastal, riverside and island communes), entered
by hand as examples for tests and demonstrations. Before production, replace them with the full
annexes of that decision (and any amendment) and mark each entry verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DECISION_353 = "Decision 353/QĐ-TTg (2022)"


@dataclass(frozen=True)
class PovertyArea:
    """One listed area, by its former code, with where the listing comes from."""

    code: str
    name: str
    former_province_code: str
    source: str = DECISION_353
    verified: bool = False


def _areas(province: str, *entries: tuple[str, str]) -> dict[str, PovertyArea]:
    return {code: PovertyArea(code, name, province) for code, name in entries}


POOR_DISTRICTS: Mapping[str, PovertyArea] = {
    # Hà Giang (former province 02)
    **_areas(
        "02",
        ("026", "Huyện Đồng Văn"),
        ("027", "Huyện Mèo Vạc"),
        ("028", "Huyện Yên Minh"),
        ("029", "Huyện Quản Bạ"),
        ("032", "Huyện Hoàng Su Phì"),
        ("033", "Huyện Xín Mần"),
    ),
    # Điện Biên (11)
    **_areas(
        "11",
        ("096", "Huyện Mường Nhé"),
        ("097", "Huyện Mường Chà"),
        ("098", "Huyện Tủa Chùa"),
        ("101", "Huyện Điện Biên Đông"),
        ("103", "Huyện Nậm Pồ"),
    ),
    # Sơn La (14)
    **_areas(
        "14",
        ("118", "Huyện Quỳnh Nhai"),
        ("120", "Huyện Mường La"),
        ("121", "Huyện Bắc Yên"),
        ("122", "Huyện Phù Yên"),
        ("127", "Huyện Sốp Cộp"),
    ),
    # Lào Cai (10) and Nghệ An (40)
    **_areas("10", ("084", "Huyện Si Ma Cai")),
    **_areas(
        "40", ("415", "Huyện Quế Phong"), ("417", "Huyện Kỳ Sơn"), ("418", "Huyện Tương Dương")
    ),
}

EXTREMELY_DISADVANTAGED_COMMUNES: Mapping[str, PovertyArea] = {
    **_areas(
        "11",
        ("03154", "Xã Sín Thầu"),
        ("03155", "Xã Sen Thượng"),
        ("03157", "Xã Chung Chải"),
        ("03158", "Xã Leng Su Sìn"),
    ),
    **_areas("02", ("00715", "Xã Lũng Cú")),
}
