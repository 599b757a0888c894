"""Who the synthetic workers are: names, home communes, households, markets and sectors.

Shares are rough public figures, good enough for load and for reports to look right:

- households: poor ~15 %, near-poor ~10 %, newly escaped poverty ~5 % (more in provinces with
  many ethnic-minority communes);
- ethnic minorities by province (2019 census, summed over the 2025 mergers): most of Son La,
  Dien Bien, Lai Chau, Cao Bang; a sixth of Thanh Hoa and Nghe An; few in the delta;
- markets: Japan about half, Taiwan a third, Korea a tenth, the rest Middle East and Europe
  (``../shared/seeds/``: 171 Japan, 85 Taiwan, 35 Korea of 304 in one province in 2025);
- provinces in a national history weighted by workers sent a year (Nghe An ~20,000,
  Thanh Hoa ~12,000, ...).

Current units come from ``vietnam-provinces`` and the former (pre-2025) units from intake's
``services.intake.domain.units``, so every locality passes intake's own checks.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from services.intake.domain.poverty_areas import POOR_DISTRICTS
from services.intake.domain.units import administrative_units
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.intake import SupportEligibility

# Workers sent abroad a year, by current province code (approximate; only the shares matter).
PROVINCE_WEIGHTS: Mapping[str, int] = {
    "40": 20000, "38": 12000, "42": 9000, "01": 8000, "33": 7000, "25": 6000, "31": 5000,
    "37": 5000, "24": 4500, "44": 4000, "19": 3000, "15": 3000, "08": 2500, "14": 2000,
    "22": 2000, "20": 2000, "46": 2000, "51": 2500, "48": 1500, "11": 1000, "12": 1000,
    "04": 1000, "52": 1500, "66": 1500, "56": 1000, "68": 1500, "75": 1000, "79": 2000,
    "80": 800, "82": 1000, "86": 1000, "91": 1000, "92": 800, "96": 800,
}  # fmt: skip

# Share of ethnic-minority workers by current province; other provinces: 3 %.
MINORITY_SHARES: Mapping[str, float] = {
    "04": 0.9, "11": 0.8, "12": 0.85, "14": 0.83, "08": 0.7, "15": 0.6, "20": 0.8,
    "19": 0.3, "25": 0.25, "38": 0.16, "40": 0.15, "52": 0.35, "66": 0.3, "68": 0.2,
    "51": 0.25, "86": 0.1, "92": 0.12, "91": 0.08,
}  # fmt: skip

# Which groups the minority workers of a province belong to, with weights.
MINORITY_GROUPS: Mapping[str, Sequence[tuple[str, float]]] = {
    "14": (("Thái", 0.65), ("Mông", 0.2), ("Mường", 0.1), ("Khơ Mú", 0.05)),
    "11": (("Thái", 0.5), ("Mông", 0.45), ("Khơ Mú", 0.05)),
    "12": (("Thái", 0.4), ("Mông", 0.4), ("Dao", 0.2)),
    "40": (("Thái", 0.7), ("Khơ Mú", 0.2), ("Mông", 0.1)),
    "38": (("Mường", 0.6), ("Thái", 0.35), ("Mông", 0.05)),
    "04": (("Tày", 0.5), ("Nùng", 0.4), ("Mông", 0.1)),
    "20": (("Nùng", 0.5), ("Tày", 0.45), ("Dao", 0.05)),
    "08": (("Tày", 0.4), ("Mông", 0.4), ("Dao", 0.2)),
    "15": (("Mông", 0.4), ("Tày", 0.3), ("Dao", 0.3)),
    "25": (("Mường", 0.9), ("Dao", 0.1)),
    "52": (("Gia Rai", 0.6), ("Ba Na", 0.4)),
    "66": (("Ê Đê", 0.6), ("Mnông", 0.4)),
    "51": (("Hrê", 0.5), ("Xơ Đăng", 0.3), ("Co", 0.2)),
    "86": (("Khmer", 1.0),),
    "92": (("Khmer", 1.0),),
    "91": (("Khmer", 0.8), ("Chăm", 0.2)),
}
DEFAULT_MINORITY_GROUPS: Sequence[tuple[str, float]] = (
    ("Tày", 0.3), ("Thái", 0.3), ("Mường", 0.2), ("Nùng", 0.1), ("Khmer", 0.1),
)  # fmt: skip

MARKET_SHARES: Sequence[tuple[Market, float]] = (
    (Market.JAPAN, 0.50), (Market.TAIWAN, 0.32), (Market.KOREA, 0.10),
    (Market.SAUDI_ARABIA, 0.02), (Market.UNITED_ARAB_EMIRATES, 0.01), (Market.QATAR, 0.01),
    (Market.GERMANY, 0.01), (Market.BULGARIA, 0.01), (Market.GREECE, 0.01),
    (Market.SINGAPORE, 0.01),
)  # fmt: skip

SECTORS: Mapping[Market, Sequence[tuple[Sector, float]]] = {
    Market.JAPAN: (
        (Sector.FOOD_PROCESSING, 0.3), (Sector.CONSTRUCTION, 0.25), (Sector.AGRICULTURE, 0.1),
        (Sector.ELECTRONICS, 0.1), (Sector.NURSING, 0.1), (Sector.WELDING, 0.1),
        (Sector.MECHANICS, 0.05),
    ),
    Market.TAIWAN: (
        (Sector.ELECTRONICS, 0.45), (Sector.TEXTILES_AND_GARMENTS, 0.2),
        (Sector.CONSTRUCTION, 0.15), (Sector.NURSING, 0.2),
    ),
    Market.KOREA: ((Sector.AGRICULTURE, 0.4), (Sector.MECHANICS, 0.4), (Sector.CONSTRUCTION, 0.2)),
    Market.SAUDI_ARABIA: ((Sector.CONSTRUCTION, 0.6), (Sector.RESTAURANTS_AND_HOTELS, 0.4)),
    Market.UNITED_ARAB_EMIRATES: ((Sector.RESTAURANTS_AND_HOTELS, 0.6), (Sector.CONSTRUCTION, 0.4)),
    Market.QATAR: ((Sector.CONSTRUCTION, 0.7), (Sector.RESTAURANTS_AND_HOTELS, 0.3)),
    Market.GERMANY: ((Sector.NURSING, 0.7), (Sector.RESTAURANTS_AND_HOTELS, 0.3)),
    Market.BULGARIA: ((Sector.TEXTILES_AND_GARMENTS, 0.7), (Sector.STEEL_CONSTRUCTION, 0.3)),
    Market.GREECE: ((Sector.AGRICULTURE, 1.0),),
    Market.SINGAPORE: ((Sector.CONSTRUCTION, 0.6), (Sector.SUPERMARKETS, 0.4)),
}  # fmt: skip


@dataclass(frozen=True)
class MarketTerms:
    """What a job in a market looks like: pay, term, language test, currency."""

    currency: str
    monthly_salary: float
    vnd_per_unit: float
    contract_months: int
    language: str
    language_level: str


MARKET_TERMS: Mapping[Market, MarketTerms] = {
    Market.JAPAN: MarketTerms("JPY", 180000, 170, 36, "ja", "JLPT-N4"),
    Market.TAIWAN: MarketTerms("TWD", 28590, 800, 36, "zh", "TOCFL-1"),
    Market.KOREA: MarketTerms("KRW", 2096270, 18.5, 58, "ko", "EPS-TOPIK"),
    Market.SAUDI_ARABIA: MarketTerms("SAR", 1500, 6800, 24, "ar", "CEFR-A1"),
    Market.UNITED_ARAB_EMIRATES: MarketTerms("AED", 1800, 6900, 24, "en", "CEFR-A2"),
    Market.QATAR: MarketTerms("QAR", 1600, 7000, 24, "en", "CEFR-A1"),
    Market.GERMANY: MarketTerms("EUR", 2800, 27500, 36, "de", "CEFR-B1"),
    Market.BULGARIA: MarketTerms("EUR", 900, 27500, 24, "en", "CEFR-A1"),
    Market.GREECE: MarketTerms("EUR", 950, 27500, 24, "en", "CEFR-A1"),
    Market.SINGAPORE: MarketTerms("SGD", 1700, 19500, 24, "en", "CEFR-A2"),
}

HOUSEHOLD_SHARES: Sequence[tuple[HouseholdStatus, float]] = (
    (HouseholdStatus.POOR, 0.15), (HouseholdStatus.NEAR_POOR, 0.10),
    (HouseholdStatus.NEWLY_ESCAPED_POVERTY, 0.05), (HouseholdStatus.OTHER, 0.70),
)  # fmt: skip
# Among ethnic-minority workers poverty is far more common.
MINORITY_HOUSEHOLD_SHARES: Sequence[tuple[HouseholdStatus, float]] = (
    (HouseholdStatus.POOR, 0.35), (HouseholdStatus.NEAR_POOR, 0.2),
    (HouseholdStatus.NEWLY_ESCAPED_POVERTY, 0.1), (HouseholdStatus.OTHER, 0.35),
)  # fmt: skip

KINH_SURNAMES: Sequence[tuple[str, float]] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4.5),
    ("Vũ", 3.9), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 1), ("Trương", 1), ("Võ", 2), ("Cao", 0.5),
)  # fmt: skip
MALE_MIDDLE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh", "Ngọc")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Quân", "Thắng", "Cường", "Toàn", "Huy",
    "Đạt", "Khánh", "Phúc", "Sơn", "Tùng", "Hiếu", "Trung", "Việt", "Hoàng", "Lâm", "Đức",
    "Thành", "Tiến", "Mạnh", "Bình", "An", "Tài", "Lợi", "Hội",
)  # fmt: skip
FEMALE_GIVEN = (
    "Linh", "Lan", "Hương", "Hoa", "Mai", "Hằng", "Trang", "Thảo", "Nhung", "Huyền", "Yến",
    "Ngân", "Phương", "Thủy", "Hà", "Loan", "Nga", "Oanh", "Vân", "Duyên", "Liên", "Quỳnh",
    "Chi", "Ánh", "Hạnh", "Thơm",
)  # fmt: skip
# Surnames, male and female middle names, and given names of some minority groups.
MINORITY_NAMES: Mapping[str, tuple[Sequence[str], str, str, Sequence[str]]] = {
    "Thái": (("Lò", "Lường", "Quàng", "Cầm", "Vì", "Hà", "Lộc"), "Văn", "Thị",
             ("Xuân", "Ếnh", "Pánh", "Bun", "Ỏn", "Sơn", "Hom", "Ngoan", "Ươi")),
    "Mông": (("Giàng", "Sùng", "Vàng", "Mùa", "Lầu", "Thào", "Hầu", "Lý"), "A", "Thị",
             ("Chớ", "Páo", "Dế", "Sử", "Mỷ", "Súa", "Dua", "Chua", "Pó", "Dính")),
    "Mường": (("Bùi", "Đinh", "Quách", "Hà", "Xa"), "Văn", "Thị",
              ("Mường", "Thiêm", "Khuê", "Tấn", "Nhường", "Pin")),
    "Tày": (("Hoàng", "Nông", "Lục", "Ma", "Lương", "Bế", "Triệu"), "Văn", "Thị",
            ("Slao", "Pác", "Thắm", "Quyết", "Đông", "Nhất")),
    "Nùng": (("Hoàng", "Nông", "Lục", "Lý", "Vi", "Chu"), "Văn", "Thị",
             ("Sình", "Phủ", "Hin", "Slay", "Ngần")),
    "Dao": (("Triệu", "Bàn", "Đặng", "Lý", "Chảo"), "Văn", "Thị",
            ("Kiềm", "Mẩy", "Phin", "Chòi", "Tòn")),
    "Khmer": (("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Châu"), "", "Thị",
              ("Sóc", "Sa Rinh", "Pha", "Ry", "Chanh", "Sà Phol", "Đa Ra")),
    "Khơ Mú": (("Lo", "Cụt", "Moong", "Xồng"), "Văn", "Thị", ("Pâng", "Mun", "Khăm", "Ún")),
}  # fmt: skip
T = TypeVar("T")
RELATIONSHIPS = ("mother", "father", "spouse", "sibling")


def seeded(*parts: object) -> random.Random:
    """A generator of its own for one part of the history (not for secrets: for repeatability)."""
    return random.Random(":".join(map(str, parts)))  # noqa: S311


def weighted(rng: random.Random, choices: Sequence[tuple[T, float]]) -> T:
    """Returns one choice, drawn by weight."""
    values = [value for value, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(values, weights)[0]


@dataclass(frozen=True)
class Person:
    """One synthetic worker's own details, as intake would record them."""

    full_name: str
    gender: Gender
    ethnicity: str
    ethnic_minority: bool
    household_status: HouseholdStatus
    locality: Locality
    support: SupportEligibility
    phone: str
    family_name: str
    relationship: str
    family_phone: str
    education: str


def full_name(rng: random.Random, gender: Gender, ethnicity: str) -> str:
    """Returns a Vietnamese name in its group's usual shape, with diacritics."""
    male = gender == Gender.MALE
    if ethnicity in MINORITY_NAMES:
        surnames, male_middle, female_middle, given = MINORITY_NAMES[ethnicity]
        middle = male_middle if male else female_middle
        parts = [rng.choice(surnames), middle, rng.choice(given)]
        return " ".join(p for p in parts if p)
    if ethnicity in {"Ê Đê", "Gia Rai", "Mnông"}:  # given name first, clan name last
        clan = rng.choice(("Niê", "Êban", "Mlô", "Ksơr", "Rcom", "Siu", "Rơ Châm"))
        prefix = "Y" if male else "H'"
        given = rng.choice(("Bih", "Hen", "Ngọc", "Linh", "Thu", "Blơ", "Yơn"))
        return f"{prefix} {given} {clan}" if male else f"{prefix}{given} {clan}"
    middle = rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)
    given_name = rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    return f"{weighted(rng, KINH_SURNAMES)} {middle} {given_name}"


@cache
def communes_of(province_code: str) -> tuple[str, ...]:
    """Returns the current commune codes of a current province, sorted."""
    units = administrative_units()
    return tuple(
        sorted(c.code for c in units.current_communes.values() if c.province_code == province_code)
    )


@cache
def _former_communes_by_current() -> Mapping[str, tuple[str, ...]]:
    """Former communes by the current commune they lie in (their default successor)."""
    units = administrative_units()
    found: dict[str, list[str]] = {}
    for former, successor in sorted(units.commune_successors.items()):
        target = successor.default_commune_code or (
            successor.commune_codes[0] if successor.commune_codes else None
        )
        if target is not None:
            found.setdefault(target, []).append(former)
    return {k: tuple(v) for k, v in found.items()}


def locality_in(rng: random.Random, province_code: str, commune_code: str | None) -> Locality:
    """Returns a home in the province (or that commune), with the former units it lay in."""
    commune = commune_code or rng.choice(communes_of(province_code))
    formers = _former_communes_by_current().get(commune, ())
    if not formers:
        return Locality(province_code=province_code, commune_code=commune)
    units = administrative_units()
    former = units.former_communes[rng.choice(formers)]
    return Locality(
        province_code=province_code,
        commune_code=commune,
        former_province_code=former.province_code,
        former_district_code=former.district_code,
        former_commune_code=former.code,
    )


def support_for(status: HouseholdStatus, minority: bool, locality: Locality) -> SupportEligibility:
    """The supports intake grants an adult with these details (its eligibility rules, in short)."""
    reasons = []
    if status != HouseholdStatus.OTHER:
        reasons.append(f"household: {status.value}")
    if minority:
        reasons.append("ethnic minority")
    if POOR_DISTRICTS.get(locality.former_district_code or "") is not None:
        reasons.append("poor district (former units)")
    subproject2 = bool(reasons)
    loan = minority or status in {HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR}
    return SupportEligibility(
        subproject2=subproject2,
        training_cost_support=subproject2,
        preferential_loan=loan,
        reasons=reasons,
    )


def province_for(rng: random.Random) -> str:
    """Returns a current province code, weighted by the workers each sends a year."""
    return weighted(rng, [(code, float(w)) for code, w in PROVINCE_WEIGHTS.items()])


def person(rng: random.Random, province_code: str, commune_code: str | None = None) -> Person:
    """Draws one worker living in the province (or the commune)."""
    gender = Gender.MALE if rng.random() < 0.62 else Gender.FEMALE
    minority = rng.random() < MINORITY_SHARES.get(province_code, 0.03)
    ethnicity = (
        weighted(rng, MINORITY_GROUPS.get(province_code, DEFAULT_MINORITY_GROUPS))
        if minority
        else "Kinh"
    )
    status = weighted(rng, MINORITY_HOUSEHOLD_SHARES if minority else HOUSEHOLD_SHARES)
    locality = locality_in(rng, province_code, commune_code)
    family_gender = Gender.FEMALE if rng.random() < 0.6 else Gender.MALE
    return Person(
        full_name=full_name(rng, gender, ethnicity),
        gender=gender,
        ethnicity=ethnicity,
        ethnic_minority=minority,
        household_status=status,
        locality=locality,
        support=support_for(status, minority, locality),
        phone=_phone(rng),
        family_name=full_name(rng, family_gender, ethnicity),
        relationship=rng.choice(RELATIONSHIPS),
        family_phone=_phone(rng),
        education=rng.choice(
            ("lower_secondary", "upper_secondary", "upper_secondary", "vocational")
        ),
    )


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("086", "096", "097", "098", "032", "033", "034", "035", "091", "094"))
    return prefix + "".join(str(rng.randrange(10)) for _ in range(7))
