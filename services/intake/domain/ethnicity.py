"""Vietnam's 54 recognised ethnic groups (Kinh and 53 ethnic minorities), as data."""

from __future__ import annotations

from collections.abc import Mapping

from services.intake.domain.names import name_tokens

MAJORITY = "Kinh"

ETHNIC_GROUPS: tuple[str, ...] = (
    # Official names, in the order of the General Statistics Office's list (Decision
    # 121-TCTK/PPCĐ of 1979, the list the 2019 census still uses).
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ngái", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê",
    "Mnông", "Raglai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ Tu", "Gié Triêng", "Mạ",
    "Khơ Mú", "Co", "Tà Ôi", "Chơ Ro", "Kháng", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào",
    "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao",
    "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ Măm",
)  # fmt: skip

ALIASES: Mapping[str, str] = {
    # Other spellings seen on forms, folded; the value is the official name.
    "hmong": "Mông", "meo": "Mông", "khome": "Khmer", "khoome": "Khmer", "ede": "Ê Đê",
    "rhade": "Ê Đê", "jrai": "Gia Rai", "giarai": "Gia Rai", "bahnar": "Ba Na",
    "sedang": "Xơ Đăng", "stieng": "Xtiêng", "bru": "Bru-Vân Kiều", "vankieu": "Bru-Vân Kiều",
    "hre": "Hrê", "mnong": "Mnông", "raglai": "Raglai", "khmu": "Khơ Mú", "gietrieng": "Gié Triêng",
    "colao": "Cơ Lao", "cotu": "Cơ Tu", "kinhviet": "Kinh", "viet": "Kinh",
}  # fmt: skip


def _key(name: str) -> str:
    return "".join(name_tokens(name))


_BY_KEY: Mapping[str, str] = {**{_key(g): g for g in ETHNIC_GROUPS}, **ALIASES}


def ethnic_group(text: str) -> str | None:
    """Returns the official name of an ethnic group however it was spelt, or None if unknown."""
    return _BY_KEY.get(_key(text))


def is_ethnic_minority(group: str) -> bool:
    """Returns whether an official group name is an ethnic minority (every group but Kinh)."""
    return group != MAJORITY
