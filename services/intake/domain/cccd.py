"""The CCCD (căn cước công dân), the 12-digit national ID, and what its digits encode.

Circular 59/2021/TT-BCA (article 7, as circular 07/2016/TT-BCA before it): three digits for the
province where the birth was registered, one for gender and century, two for the last two
digits of the birth year, six random digits. The century digit is even for men and odd for
women: 0/1 for 1900-1999, 2/3 for 2000-2099, 4/5 for 2100-2199, 6/7 for 2200-2299 and 8/9
for 2300-2399 (the circular's 24th century, not the 1800s).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from services.intake.domain.problems import Problem
from shared.contracts.common import Gender
from shared.errors import FieldError

CCCD_PROVINCES: Mapping[str, str] = {
    # The 63 provinces before 2025 whose codes begin a CCCD (circular 59/2021/TT-BCA, annex).
    # The 2025 merger did not renumber issued IDs, so these stay the former provinces.
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_TWELVE_DIGITS = re.compile(r"^[0-9]{12}$")
# How officers type an ID: as the card prints it (groups of 3 or 4), with dots or dashes, or
# in full-width digits from a Vietnamese input method.
_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + n): str(n) for n in range(10)})
_SEPARATORS = re.compile(r"[\s.\uff0e\-\uff0d\u2010-\u2015\u2212]+")
_FIRST_CENTURY = 1900


@dataclass(frozen=True)
class CitizenId:
    """A CCCD's decoded parts (the number itself is personal data: never log it)."""

    number: str
    province_code: str
    gender: Gender
    birth_year: int
    serial: str

    @property
    def province_name(self) -> str:
        """The province where the birth was registered, by its pre-2025 name."""
        return CCCD_PROVINCES[self.province_code]

    def __repr__(self) -> str:
        return f"CitizenId(province_code={self.province_code!r}, gender={self.gender.value!r})"


def canonical_cccd(raw: str) -> str:
    """Returns the number with its spelling undone: full-width digits made ASCII, and spaces,
    dots and dashes between them dropped (``051.198.123.456`` gives ``051198123456``)."""
    return _SEPARATORS.sub("", raw.translate(_FULL_WIDTH_DIGITS))


def parse_cccd(raw: str, field: str = "national_id") -> CitizenId:
    """Returns the decoded CCCD, or raises FieldError naming the field (never the number).

    The number may be spelled as officers type it (see ``canonical_cccd``).
    """
    number = canonical_cccd(raw)
    if re.fullmatch(r"[0-9]{9}", number):
        raise FieldError(
            field, "is a 9-digit identity card (CMND) number: the 12-digit CCCD is needed"
        )
    if not _TWELVE_DIGITS.match(number):
        raise FieldError(field, "must be exactly 12 digits")
    province_code = number[:3]
    if province_code not in CCCD_PROVINCES:
        raise FieldError(
            field, "its first three digits are not a province code of circular 59/2021/TT-BCA"
        )
    century_digit = int(number[3])
    return CitizenId(
        number=number,
        province_code=province_code,
        gender=Gender.FEMALE if century_digit % 2 else Gender.MALE,
        birth_year=_FIRST_CENTURY + 100 * (century_digit // 2) + int(number[4:6]),
        serial=number[6:],
    )


def compose_cccd(province_code: str, gender: Gender, birth_year: int, serial: int) -> str:
    """Returns the CCCD that encodes these parts (the inverse of parse_cccd)."""
    if province_code not in CCCD_PROVINCES:
        raise ValueError("not a CCCD province code")
    century = birth_year // 100 - _FIRST_CENTURY // 100
    if not 0 <= century <= 4:
        raise ValueError("a CCCD encodes birth years 1900-2399 only")
    if not 0 <= serial < 10**6:
        raise ValueError("the serial has six digits")
    digit = 2 * century + (1 if gender is Gender.FEMALE else 0)
    return f"{province_code}{digit}{birth_year % 100:02d}{serial:06d}"


def cccd_contradictions(
    citizen_id: CitizenId, *, date_of_birth: date, gender: Gender
) -> list[Problem]:
    """Returns each field of the record that contradicts what the CCCD encodes."""
    problems = []
    if date_of_birth.year != citizen_id.birth_year:
        problems.append(
            Problem(
                "date_of_birth",
                "the birth year contradicts the national ID (its century and year digits)",
            )
        )
    if gender is not citizen_id.gender:
        problems.append(
            Problem("gender", "contradicts the national ID (its gender and century digit)")
        )
    return problems
