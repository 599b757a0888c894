"""Loads a small demo data set through the four services' public HTTP APIs (scripts/run.sh).

48 workers with Vietnamese names from ten communes of Sơn La, Quảng Ngãi and Nghệ An (today's
units, and the former commune and district each came from), from poor, near-poor, newly
escaped and other households, many from ethnic minorities; consultations and Social Policy
Bank loans; three training providers, nine courses and their trainees; two labour-supply
enterprises and the EPS programme with six job orders for Japan, Korea, Taiwan and Germany;
placements at every stage and departures spread over 2025; check-ins, remittances, an
incident, a contract extension, a contract about to end and a return home. With ``--reporting``,
the 2025 departure targets of the three provinces and their communes, set in the reporting
service (a new version only when they differ from the newest), and each province's 2025
figures once its read model has stopped growing.

A second run creates nothing twice: every creating POST carries an Idempotency-Key named after
what it creates (``demo-register-07``) with a body that does not depend on the day, and every
step first reads where its record stands. Courses and job orders, whose dates follow today, are
looked up before they are posted. Where a step needs another service's events first (training
the registration, deployment ``worker.trained``, aftercare the departure), the loader polls
that service until they are visible.

Prints one line per service; never a name, a national ID or a phone number.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from enum import IntEnum
from typing import Any, TypeVar

import httpx

from shared.auth import AuthSettings, DevIssuer, Role

Json = dict[str, Any]
T = TypeVar("T")
VIETNAM = timezone(timedelta(hours=7))
SERVICES = ("intake", "training", "deployment", "aftercare")
CENTRE = "ttdvvl-tinh-01"
BANK = "vbsp-pgd-01"
CONCURRENCY = 8
"""Workers walked at once: more only makes each request slower on one document store."""
LAST_FIELD_DAY = date(2025, 11, 20)
"""The story's check-ins, remittances and return all happen by this day."""


# -- who the workers are, and where they come from --------------------------------------------


@dataclass(frozen=True)
class Commune:
    """A commune today, the former units it was made from, and who lives there."""

    province: str
    locality: dict[str, str]

    @property
    def province_code(self) -> str:
        return self.locality["province_code"]

    @property
    def officer(self) -> str:
        """The commune officer who registers its workers."""
        return f"cb-{self.locality['commune_code']}-01"


def _communes(table: str) -> dict[str, Commune]:
    communes = {}
    for line in table.strip().splitlines():
        key, province, current, former = (cell.strip() for cell in line.split("|"))
        province_code, commune_code = current.split("/")
        former_province, district, former_commune = former.split("/")
        locality = {
            "province_code": province_code,
            "commune_code": commune_code,
            "former_province_code": former_province,
            "former_district_code": district,
            "former_commune_code": former_commune,
        }
        communes[key] = Commune(province, locality)
    return communes


# Key | province | today's province/commune | former province/district/commune.
# Sơn La: Chiềng Lao and Mường La (former Mường La district, poor), Púng Bánh (former Sốp Cộp
# district, poor), Chiềng Sung (former Mai Sơn). Quảng Ngãi: Sơn Linh (former Sơn Hà), Ba Vinh
# (former Ba Tơ), Long Phụng (former Mộ Đức). Nghệ An: Mỹ Lý (former Kỳ Sơn, poor), Nhôn Mai
# (former Tương Dương, poor), Hùng Châu (former Diễn Châu).
COMMUNES = _communes("""
chieng_lao  | Sơn La     | 14/03814 | 14/120/03817
muong_la    | Sơn La     | 14/03808 | 14/120/03823
pung_banh   | Sơn La     | 14/04228 | 14/127/04225
chieng_sung | Sơn La     | 14/04108 | 14/125/04114
son_linh    | Quảng Ngãi | 51/21307 | 51/529/21304
ba_vinh     | Quảng Ngãi | 51/21490 | 51/535/21487
long_phung  | Quảng Ngãi | 51/21409 | 51/533/21409
my_ly       | Nghệ An    | 40/16816 | 40/417/16816
nhon_mai    | Nghệ An    | 40/16882 | 40/418/16879
hung_chau   | Nghệ An    | 40/17395 | 40/425/17395
""")
CCCD_PROVINCE = {"14": "014", "51": "051", "40": "040"}
"""Where a worker's birth was registered: the CCCD code of the (former) province."""

# Family names; men's middle names; men's given names; women's middle; women's given names.
NAMES: dict[str, tuple[str, str, str, str, str]] = {
    "Thái": ("Lò Cầm Quàng Lường Tòng Vì Lô Lương Vi Hà", "Văn",
             "Khánh Thưởng Pắn Xôm Tiến Duy Hải Toản Ươn Chiến Thiêm", "Thị",
             "Huyền Ánh Ngọc Xuân Thu Hoa Phương Thơm Ơn Lả Bun"),
    "Mông": ("Thào Giàng Sùng Mùa Vàng Lầu Hờ Xồng Vừ", "A Bá",
             "Páo Dế Chứ Sính Tủa Lử Dình Pó Chía Khua", "Thị", "Mỷ Dua Sua Pà Chờ Dở Xí Mai Lan"),
    "Khơ Mú": ("Lô Xeo Moong Cụt Lỳ", "Văn", "Bun Phong Hùng Khăm Xăm Nhân", "Thị",
               "Mai Bình Hương Xoan Thoa"),
    "Hrê": ("Đinh Phạm", "Văn", "Hội Sáu Tới Nhất Bốn Thiên Lứ Rin Mười Vĩnh", "Thị",
            "Linh Tía Nhi Hoa Thêm Hạnh Lúa Mận Xuân Bích"),
    "Kinh": ("Nguyễn Trần Lê Phạm Hoàng Võ Đặng Bùi Đỗ Hồ", "Văn Đức Minh Quốc Hữu",
             "Anh Cường Dũng Đạt Hiếu Hùng Khôi Long Nam Phúc Quân Thắng Trung Tuấn Việt",
             "Thị Thu Ngọc Thanh",
             "Anh Chi Dung Giang Hằng Hạnh Hương Lan Linh Loan Nga Nhung Oanh Thảo Trang Yến"),
}  # fmt: skip


class Stage(IntEnum):
    """How far a demo worker has come; each stage includes the ones before it."""

    REGISTERED = 0
    CONSULTED = 1
    TRAINING = 2
    TRAINED = 3
    SHORTLISTED = 4
    SELECTED = 5
    SIGNED = 6
    VISA_APPLIED = 7
    VISA_GRANTED = 8
    DEPARTED = 9
    RETURNED = 10


PLACEMENT_STATES = (
    "shortlisted", "selected", "contract_signed", "visa_applied", "visa_granted", "departed",
)  # fmt: skip
"""A placement's states up to departure, in order (the stages from SHORTLISTED on)."""
HOUSEHOLDS = {"poor": "poor", "near": "near_poor", "new": "newly_escaped_poverty", "other": "other"}
SECTORS = {"food": "food_processing"}


@dataclass(frozen=True)
class Plan:
    """One demo worker: from where, to where, how far, and what happens on the way."""

    number: int
    commune: str
    female: bool
    group: str
    household: str
    market: str
    sector: str
    stage: Stage
    loan: str | None
    departs: date | None
    story: str | None
    """``incident`` (reported by the family weeks before it was recorded: past its deadlines),
    ``extension``, ``ending`` (a contract that ends within two months) or ``unplanned`` (home
    early, no reintegration plan yet): what aftercare shows beyond check-ins and remittances."""

    @property
    def placement_state(self) -> str:
        return PLACEMENT_STATES[min(self.stage, Stage.DEPARTED) - Stage.SHORTLISTED]


def _plans(table: str) -> tuple[Plan, ...]:
    plans: list[Plan] = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        commune, sex, group, household, market, sector, stage, *rest = line.split()
        loan, departs, story = (None if cell == "-" else cell for cell in rest)
        plans.append(
            Plan(
                number=len(plans) + 1,
                commune=commune,
                female=sex == "F",
                group=group.replace("_", " "),
                household=HOUSEHOLDS[household],
                market=market,
                sector=SECTORS.get(sector, sector),
                stage=Stage[stage.upper().replace("-", "_")],
                loan=loan,
                departs=date.fromisoformat(departs) if departs else None,
                story=story,
            )
        )
    return tuple(plans)


# Households in the shares the seeds report (most poor, near-poor or ethnic-minority), Japan
# first, then Taiwan and Korea (Sơn La's 2025: 171, 85 and 35 of 304), a few to Germany.
PLANS = _plans("""
# commune   sex group  house market sector   stage        loan      departs    story
chieng_lao  F   Thái   poor  JP   electronics departed     repaying  2025-02-18 extension
chieng_lao  M   Thái   poor  JP   food        departed     disbursed 2025-04-15 incident
chieng_lao  F   Thái   near  TW   electronics departed     -         2025-06-17 ending
chieng_lao  M   Thái   other JP   electronics visa-granted -         -          -
chieng_lao  F   Thái   new   JP   electronics trained      -         -          -
chieng_lao  M   Kinh   other TW   electronics consulted    -         -          -
muong_la    M   Thái   poor  KR   agriculture returned     disbursed 2025-03-12 -
muong_la    F   Thái   near  JP   food        departed     -         2025-05-27 -
muong_la    M   Kinh   other TW   electronics signed       -         -          -
muong_la    F   Thái   poor  JP   electronics training     approved  -          -
muong_la    M   Thái   other KR   mechanics   registered   -         -          -
pung_banh   M   Mông   poor  JP   electronics returned     disbursed 2025-07-08 unplanned
pung_banh   F   Thái   poor  TW   electronics shortlisted  -         -          -
pung_banh   M   Mông   near  KR   mechanics   training     -         -          -
pung_banh   F   Mông   poor  JP   food        consulted    requested -          -
pung_banh   M   Thái   new   TW   electronics trained      -         -          -
chieng_sung F   Kinh   other JP   electronics departed     -         2025-09-09 -
chieng_sung M   Thái   near  JP   food        selected     -         -          -
chieng_sung F   Kinh   new   DE   nursing     training     -         -          -
chieng_sung M   Kinh   other TW   electronics registered   -         -          -
chieng_sung F   Thái   poor  JP   electronics registered   -         -          -
son_linh    M   Hrê    poor  JP   food        departed     disbursed 2025-07-29 -
son_linh    F   Hrê    poor  JP   food        visa-applied disbursed -          -
son_linh    M   Hrê    near  JP   electronics trained      -         -          -
son_linh    F   Hrê    poor  JP   food        training     -         -          -
son_linh    M   Hrê    new   JP   electronics consulted    -         -          -
ba_vinh     M   Hrê    poor  JP   electronics departed     -         2025-08-19 -
ba_vinh     F   Hrê    near  TW   electronics shortlisted  -         -          -
ba_vinh     M   Hrê    poor  JP   electronics training     -         -          -
ba_vinh     F   Hrê    new   JP   food        registered   -         -          -
ba_vinh     M   Hrê    poor  KR   agriculture consulted    -         -          -
long_phung  F   Kinh   other DE   nursing     departed     -         2025-10-21 -
long_phung  M   Kinh   other KR   mechanics   signed       -         -          -
long_phung  F   Kinh   near  DE   nursing     trained      rejected  -          -
long_phung  M   Kinh   other JP   electronics registered   -         -          -
my_ly       M   Mông   poor  KR   mechanics   departed     disbursed 2025-03-25 -
my_ly       F   Khơ_Mú poor  TW   electronics departed     -         2025-09-30 -
my_ly       M   Mông   near  KR   mechanics   selected     -         -          -
my_ly       F   Mông   poor  TW   electronics training     -         -          -
my_ly       M   Khơ_Mú new   KR   mechanics   consulted    -         -          -
nhon_mai    F   Thái   near  JP   food        departed     -         2025-06-03 -
nhon_mai    M   Khơ_Mú poor  TW   electronics shortlisted  -         -          -
nhon_mai    M   Thái   poor  KR   mechanics   training     -         -          -
nhon_mai    F   Thái   other TW   electronics registered   -         -          -
hung_chau   M   Kinh   other KR   mechanics   departed     -         2025-05-06 -
hung_chau   F   Kinh   new   DE   nursing     visa-granted -         -          -
hung_chau   M   Kinh   near  JP   electronics training     -         -          -
hung_chau   F   Kinh   other DE   nursing     consulted    -         -          -
""")


@dataclass(frozen=True)
class Person:
    """A demo worker's personal details, generated the same way on every run. Never printed."""

    full_name: str
    born: date
    national_id: str
    phone: str
    family_contact: Json
    education: str


def _people(plans: Sequence[Plan]) -> list[Person]:
    """Returns a different person for each plan, the same people on every run."""
    people, used = [], set()
    for plan in plans:
        rng = random.Random(f"homeward-demo-{plan.number}")  # noqa: S311 - not a secret
        families, male_middles, men, female_middles, women = (p.split() for p in NAMES[plan.group])
        middles, given = (female_middles, women) if plan.female else (male_middles, men)
        full_name = ""
        while not full_name or full_name in used:
            full_name = f"{rng.choice(families)} {rng.choice(middles)} {rng.choice(given)}"
        used.add(full_name)
        born = date(rng.randint(1991, 2004), rng.randint(1, 12), rng.randint(1, 28))
        century_and_gender = (2 if born.year >= 2000 else 0) + int(plan.female)
        province = CCCD_PROVINCE[COMMUNES[plan.commune].province_code]
        father = rng.random() < 0.5
        parent = f"{full_name.split()[0]} {'Văn' if father else 'Thị'} {rng.choice(men if father else women)}"  # noqa: E501
        people.append(
            Person(
                full_name=full_name,
                born=born,
                national_id=f"{province}{century_and_gender}{born:%y}{480_000 + plan.number * 37}",
                phone=f"091{plan.number:07d}",
                family_contact={
                    "name": parent,
                    "relationship": "father" if father else "mother",
                    "phone": f"098{plan.number:07d}",
                },
                education=rng.choice(("lower_secondary", "upper_secondary", "vocational")),
            )
        )
    return people


# -- training providers and courses ----------------------------------------------------------

PROVIDERS: dict[str, Json] = {
    "sl": {"name": "Trung tâm Dịch vụ việc làm tỉnh Sơn La", "province_code": "14",
           "kinds": ["language", "orientation"], "licence_number": "12/GCNĐKHĐ-SNV"},
    "qn": {"name": "Trung tâm Ngoại ngữ - Tin học Quảng Ngãi", "province_code": "51",
           "kinds": ["language", "orientation"], "licence_number": "31/GCNĐKHĐ-SNV"},
    "na": {"name": "Trường Cao đẳng Kỹ thuật Việt - Đức Nghệ An", "province_code": "40",
           "kinds": ["language", "vocational", "orientation"], "licence_number": "08/GCNĐKHĐ-LĐ"},
}  # fmt: skip


@dataclass(frozen=True)
class CourseSpec:
    """A course the demo schedules."""

    provider: str
    title: str
    kind: str
    market: str
    hours: int
    cost_vnd: int
    language: str | None = None
    level: str | None = None
    sector: str | None = None


def _japan(provider: str, place: str) -> dict[str, CourseSpec]:
    return {
        f"{provider}-ja-n4": CourseSpec(
            provider, f"Tiếng Nhật N4 ({place})", "language", "JP", 480, 12_000_000, "ja", "JLPT-N4"
        ),
        f"{provider}-or-jp": CourseSpec(
            provider, f"Giáo dục định hướng Nhật Bản ({place})", "orientation", "JP", 74, 1_500_000
        ),
    }


COURSES: dict[str, CourseSpec] = {
    **_japan("sl", "Sơn La"),
    **_japan("qn", "Quảng Ngãi"),
    "sl-or-tw": CourseSpec(
        "sl", "Giáo dục định hướng Đài Loan (Sơn La)", "orientation", "TW", 74, 1_500_000
    ),
    "na-ko-eps": CourseSpec(
        "na", "Tiếng Hàn EPS-TOPIK (Nghệ An)", "language", "KR", 360, 8_000_000, "ko", "EPS-TOPIK"
    ),
    "na-or-kr": CourseSpec(
        "na", "Giáo dục định hướng Hàn Quốc (Nghệ An)", "orientation", "KR", 74, 1_500_000
    ),
    "na-de-b1": CourseSpec(
        "na", "Tiếng Đức B1 (Nghệ An)", "language", "DE", 600, 25_000_000, "de", "CEFR-B1"
    ),
    "na-care": CourseSpec(
        "na", "Điều dưỡng cơ bản (Nghệ An)", "vocational", "DE", 320, 9_000_000, sector="nursing"
    ),
}
SESSIONS = 4
"""Every course meets in weekly blocks: three held by the day it is scheduled, one after."""


def courses_for(plan: Plan) -> list[str]:
    """Returns the codes of the courses that make the worker ready for their market."""
    japan = "qn" if COMMUNES[plan.commune].province_code == "51" else "sl"
    return {
        "JP": [f"{japan}-ja-n4", f"{japan}-or-jp"],
        "TW": ["sl-or-tw"],
        "KR": ["na-ko-eps", "na-or-kr"],
        "DE": ["na-de-b1", "na-care"],
    }[plan.market]


# -- senders and job orders ------------------------------------------------------------------

ENTERPRISES: dict[str, Json] = {
    "tb": {"name": "Công ty CP Nhân lực Quốc tế Tây Bắc", "kind": "labour_supply_enterprise",
           "licence": {"number": "214/LĐTBXH-GP",
                       "issuing_authority": "Bộ Lao động - Thương binh và Xã hội",
                       "valid_from": "2022-06-01", "valid_until": "2029-05-31"}},
    "mt": {"name": "Công ty TNHH Cung ứng Nhân lực Miền Trung", "kind": "labour_supply_enterprise",
           "licence": {"number": "087/BNV-GP", "issuing_authority": "Bộ Nội vụ",
                       "valid_from": "2025-03-15", "valid_until": "2032-03-14"}},
    "eps": {"name": "Trung tâm Lao động ngoài nước (Chương trình EPS)", "kind": "state_programme",
            "licence": {"number": "MOU-EPS-VN-KR-2024", "issuing_authority": "Bộ Nội vụ",
                        "valid_from": "2024-01-01", "valid_until": "2030-12-31"}},
}  # fmt: skip


@dataclass(frozen=True)
class OrderSpec:
    """A job order the demo posts: monthly salary in the job's currency and in VND."""

    enterprise: str
    country: str
    employer: str
    sector: str
    positions: int
    salary: tuple[int, str, int]
    months: int
    level: str | None = None


ORDERS: dict[str, OrderSpec] = {
    "jp-elec": OrderSpec(
        "tb", "JP", "Aichi Denshi K.K.", "electronics", 12, (185_000, "JPY", 31_500_000), 36,
        "JLPT-N4",
    ),
    "jp-food": OrderSpec(
        "mt", "JP", "Hokkaido Suisan Kakō K.K.", "food_processing", 10,
        (175_000, "JPY", 29_800_000), 36, "JLPT-N4",
    ),
    "tw-elec": OrderSpec(
        "mt", "TW", "Hsinchu Precision Electronics Co., Ltd.", "electronics", 12,
        (28_590, "TWD", 22_900_000), 36,
    ),
    # Korea's seasonal scheme: eight months on the farm.
    "kr-farm": OrderSpec(
        "tb", "KR", "Goesan-gun Agricultural Cooperative", "agriculture", 6,
        (2_096_270, "KRW", 38_000_000), 8, "EPS-TOPIK",
    ),
    "kr-eps": OrderSpec(
        "eps", "KR", "Daeshin Metal Co., Ltd. (Gyeonggi)", "mechanics", 8,
        (2_096_270, "KRW", 38_000_000), 36, "EPS-TOPIK",
    ),
    "de-care": OrderSpec(
        "mt", "DE", "Pflegeheim Sonnenhof GmbH (Stuttgart)", "nursing", 6,
        (2_900, "EUR", 80_000_000), 36, "CEFR-B1",
    ),
}  # fmt: skip


def order_for(plan: Plan) -> str:
    """Returns the code of the job order the worker is placed on."""
    if plan.market == "JP":
        return "jp-elec" if plan.sector == "electronics" else "jp-food"
    if plan.market == "KR":
        return "kr-farm" if plan.sector == "agriculture" else "kr-eps"
    return {"TW": "tw-elec", "DE": "de-care"}[plan.market]


# -- money -----------------------------------------------------------------------------------

LOANS: dict[str, Json] = {
    "JP": {"amount_vnd": 100_000_000, "cost_of_going_vnd": 140_000_000,
           "purpose": "phí dịch vụ, vé máy bay, học tiếng Nhật"},
    "TW": {"amount_vnd": 90_000_000, "cost_of_going_vnd": 115_000_000,
           "purpose": "phí dịch vụ và vé máy bay đi Đài Loan"},
    "KR": {"amount_vnd": 35_000_000, "cost_of_going_vnd": 42_000_000,
           "purpose": "ký quỹ và vé máy bay đi Hàn Quốc"},
    "DE": {"amount_vnd": 120_000_000, "cost_of_going_vnd": 160_000_000,
           "purpose": "học tiếng Đức, thị thực và vé máy bay",
           "collateral": {"kind": "land_use_rights", "value_vnd": 350_000_000,
                          "description": "giấy chứng nhận quyền sử dụng đất ở của gia đình"}},
}  # fmt: skip
LOAN_STEPS = {
    "requested": [],
    "approved": ["approve"],
    "disbursed": ["approve", "disburse"],
    "repaying": ["approve", "disburse", "start-repaying"],
    "rejected": ["reject"],
}
"""The transitions that take a new loan to each status."""
REMITTANCES = {"JP": (100_000, "JPY", 170), "TW": (18_000, "TWD", 800),
               "KR": (1_400_000, "KRW", 18), "DE": (1_200, "EUR", 27_500)}  # fmt: skip
"""A month's remittance in the market's currency, and VND per unit."""


# -- targets ---------------------------------------------------------------------------------

TARGETS: dict[str, dict[str, Any]] = {
    # Sơn La: the 2025-2030 plan (5,000 workers) and this year's share for the demo communes.
    "14": {"2025-2030": (5000, {}),
           "2025": (6, {"chieng_lao": 2, "muong_la": 2, "pung_banh": 2, "chieng_sung": 3})},
    "51": {"2025": (4, {"son_linh": 2, "ba_vinh": 1, "long_phung": 2})},
    "40": {"2025": (3, {"my_ly": 1, "nhon_mai": 2, "hung_chau": 1})},
}  # fmt: skip
"""Departure targets by province code and period: the province's, and each demo commune's."""
REPORT_YEAR = 2025


# -- HTTP ------------------------------------------------------------------------------------


class DemoError(Exception):
    """A service refused a demo request (the message holds no personal data)."""


def _reason(response: httpx.Response) -> str:
    """Returns why a request failed, from the error body's ``detail`` (never the request)."""
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.reason_phrase
    if isinstance(detail, list):
        return "; ".join(f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')}" for d in detail)
    return str(detail)


class Api:
    """One service's HTTP API; retries while a process restarts or a keyed request runs."""

    def __init__(self, name: str, client: httpx.AsyncClient) -> None:
        self.name = name
        self.client = client

    async def send(
        self, method: str, path: str, body: Json | None = None, *, key: str | None = None,
        params: Json | None = None,
    ) -> httpx.Response:  # fmt: skip
        headers = {"Idempotency-Key": f"demo-{key}"} if key else {}
        for attempt in range(1, 5):
            try:
                response = await self.client.request(
                    method, path, json=body, headers=headers, params=params
                )
            except httpx.TransportError:
                if attempt == 4:
                    raise
            else:
                # A 409 for a key means our own earlier attempt is still being processed.
                busy = key is not None and response.status_code == 409
                if not (response.status_code >= 500 or busy) or attempt == 4:
                    return response
            await asyncio.sleep(0.3 * attempt)
        raise AssertionError("unreachable")

    def expect(self, response: httpx.Response, *statuses: int) -> Any:
        if response.status_code not in statuses:
            path = response.request.url.path
            raise DemoError(
                f"{self.name} {response.request.method} {path}: "
                f"{response.status_code} {_reason(response)}"
            )
        return response.json()

    async def get(self, path: str, **params: Any) -> Any:
        return self.expect(await self.send("GET", path, params=params), 200)

    async def every(self, path: str, **params: Any) -> list[Any]:
        """Returns every item of a list, page after page (docs/api.md, the list contract)."""
        items: list[Any] = []
        cursor: str | None = None
        while True:
            page = await self.get(
                path, **params, limit=500, **({"cursor": cursor} if cursor else {})
            )
            items += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return items

    async def find(self, path: str) -> Any:
        """Returns the record, or None while the service does not know it."""
        response = await self.send("GET", path)
        return None if response.status_code == 404 else self.expect(response, 200)

    async def create(self, path: str, body: Json, key: str) -> Any:
        """POSTs with an Idempotency-Key: a second run gets the first answer back."""
        return self.expect(await self.send("POST", path, body, key=key), 201)

    async def post(self, path: str, body: Json) -> Any:
        return self.expect(await self.send("POST", path, body), 200, 201)

    async def put(self, path: str, body: Json) -> Any:
        return self.expect(await self.send("PUT", path, body), 200)


async def eventually(check: Callable[[], Awaitable[Any]], what: str, timeout_s: float) -> Any:
    """Polls until ``check`` returns something truthy, and returns it."""
    deadline = time.monotonic() + timeout_s
    while not (found := await check()):
        if time.monotonic() > deadline:
            raise DemoError(f"{what}: not visible after {timeout_s:.0f}s")
        await asyncio.sleep(0.5)
    return found


# -- the loader ------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the loaded data set holds, and what could not be loaded."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    reporting: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Fixtures:
    """The scheduled courses and the job orders' ids, by code."""

    courses: dict[str, Json]
    orders: dict[str, str]


def _at(day: date, hour: int, minute: int = 0) -> str:
    """Returns a moment of a Vietnamese day, with its offset."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM).isoformat()


class Loader:
    """Walks every demo worker as far as their plan goes, through the public APIs."""

    def __init__(self, apis: dict[str, Api], wait_s: float) -> None:
        self.intake = apis["intake"]
        self.training = apis["training"]
        self.deployment = apis["deployment"]
        self.aftercare = apis["aftercare"]
        self.wait_s = wait_s
        self.tally = Tally()
        self.count = self.tally.counts.update
        self.today_utc = datetime.now(UTC).date()  # training counts days in UTC,
        self.today_vn = datetime.now(VIETNAM).date()  # deployment and aftercare in Vietnam

    async def run(self, plans: Sequence[Plan]) -> Tally:
        """Loads the data set phase by phase: intake, training, deployment, aftercare. A phase
        starts when the one before is done, so its events have mostly landed downstream."""
        fixtures = asyncio.create_task(self.fixtures())
        people = dict(zip((p.number for p in plans), _people(plans), strict=True))
        workers = await self.each(plans, lambda p: self.enter(p, people[p.number]))
        try:
            courses, orders = (await fixtures).courses, (await fixtures).orders
        except (DemoError, httpx.HTTPError) as error:
            self.tally.problems.insert(0, f"courses and job orders: {error}")
            return self.tally
        trainees = [p for p in plans if p.stage >= Stage.TRAINING and p.number in workers]
        trained = await self.each(trainees, lambda p: self.train(p, workers[p.number], courses))
        placed = [p for p in trainees if p.stage >= Stage.SHORTLISTED and p.number in trained]
        placements = await self.each(placed, lambda p: self.place(p, workers[p.number], orders))
        departed = [p for p in placed if p.stage >= Stage.DEPARTED and p.number in placements]
        await self.each(departed, lambda p: self.follow(p, workers[p.number], placements[p.number]))
        return self.tally

    async def each(
        self, plans: Sequence[Plan], step: Callable[[Plan], Awaitable[T]]
    ) -> dict[int, T]:
        """Runs a step for each worker, a few at a time (the store is the bottleneck); returns
        the results by worker number, leaving out (and reporting) the workers it failed for."""
        gate = asyncio.Semaphore(CONCURRENCY)
        results: dict[int, T] = {}

        async def one(plan: Plan) -> None:
            async with gate:
                try:
                    results[plan.number] = await step(plan)
                except (DemoError, httpx.HTTPError) as error:
                    self.tally.problems.append(f"worker #{plan.number}: {error}")

        await asyncio.gather(*(one(plan) for plan in plans))
        return results

    async def enter(self, plan: Plan, person: Person) -> str:
        """Registers the worker, records the consultation and the loan; returns the id."""
        worker_id = await self.register(plan, person)
        await self.consult_and_lend(plan, worker_id)
        return worker_id

    # courses and job orders

    async def fixtures(self) -> Fixtures:
        providers = {}
        for code, body in PROVIDERS.items():
            provider = await self.training.create("/providers", body, f"provider-{code}")
            providers[code] = provider["provider_id"]
        scheduled = await asyncio.gather(
            *(self.course(code, spec, providers) for code, spec in COURSES.items())
        )
        senders = {}
        for code, body in ENTERPRISES.items():
            sender = await self.deployment.create("/enterprises", body, f"enterprise-{code}")
            senders[code] = sender["enterprise_id"]
        orders = {code: await self.order(code, spec, senders) for code, spec in ORDERS.items()}
        self.count(providers=len(providers), courses=len(scheduled))
        self.count(senders=len(senders), orders=len(orders))
        return Fixtures(dict(zip(COURSES, scheduled, strict=True)), orders)

    async def course(self, code: str, spec: CourseSpec, providers: dict[str, str]) -> Json:
        provider_id = providers[spec.provider]
        scheduled = await self.training.every("/courses", provider_id=provider_id)
        found: Json | None = next((c for c in scheduled if c["title"] == spec.title), None)
        if found is not None:
            return found
        first = self.today_utc - timedelta(weeks=SESSIONS - 2)
        body = {
            "provider_id": provider_id,
            "title": spec.title,
            "kind": spec.kind,
            "language": spec.language,
            "target_level": spec.level,
            "market": spec.market,
            "sector": spec.sector,
            "hours": spec.hours,
            "sessions": [
                {"session_id": f"b{n:02d}", "on": (first + timedelta(weeks=n - 1)).isoformat()}
                for n in range(1, SESSIONS + 1)
            ],
            "capacity": 40,
            "cost_vnd": spec.cost_vnd,
            "pass_mark": 60,
            "min_attendance_percent": 75,
        }
        created: Json = await self.training.create("/courses", body, f"course-{code}")
        return created

    async def order(self, code: str, spec: OrderSpec, senders: dict[str, str]) -> str:
        enterprise_id = senders[spec.enterprise]
        posted = await self.deployment.every("/job-orders", enterprise_id=enterprise_id)
        found = next((o for o in posted if o["employer"] == spec.employer), None)
        if found is None:
            amount, currency, vnd = spec.salary
            body = {
                "enterprise_id": enterprise_id,
                "country": spec.country,
                "employer": spec.employer,
                "sector": spec.sector,
                "positions": spec.positions,
                "salary": {"amount": amount, "currency": currency, "vnd_equivalent": vnd},
                "contract_term_months": spec.months,
                "requirements": {"min_age": 18, "max_age": 40, "language_level": spec.level},
                "deadline": (self.today_vn + timedelta(days=150)).isoformat(),
            }
            found = await self.deployment.create("/job-orders", body, f"order-{code}")
        return str(found["job_order_id"])

    # intake: registration, consultation, loan

    async def register(self, plan: Plan, person: Person) -> str:
        commune = COMMUNES[plan.commune]
        body = {
            "full_name": person.full_name,
            "date_of_birth": person.born.isoformat(),
            "gender": "female" if plan.female else "male",
            "national_id": person.national_id,
            "phone": person.phone,
            "ethnicity": plan.group,
            "ethnic_minority": plan.group != "Kinh",
            "household_status": plan.household,
            "locality": commune.locality,
            "education": person.education,
            "desired_markets": [plan.market],
            "desired_sectors": [plan.sector],
            "family_contact": person.family_contact,
            "consent": {
                "recorded_at": _at(self.first_contact(plan), 9, 30),
            },
        }
        key = f"register-{plan.number:02d}"
        response = await self.intake.send("POST", "/workers", body, key=key)
        if response.status_code == 409 and "worker_id" in response.json():
            answer = response.json()  # the national ID was registered before, another way
        else:
            answer = self.intake.expect(response, 201)
        self.count(["workers", f"workers in {commune.province}"])
        return str(answer["worker_id"])

    @staticmethod
    def first_contact(plan: Plan) -> date:
        """The day the worker met the programme, at a job fair or a commune meeting."""
        if plan.departs is not None:
            return plan.departs - timedelta(days=170)
        return date(2025, 5, 5) + timedelta(days=4 * plan.number)

    async def consult_and_lend(self, plan: Plan, worker_id: str) -> None:
        if plan.stage >= Stage.CONSULTED:
            body = {
                "held_on": self.first_contact(plan).isoformat(),
                "channel": ("job_fair", "commune_conference", "centre_visit")[plan.number % 3],
                "topics": ["markets", "jobs_and_wages", "costs"]
                + (["preferential_loans"] if plan.loan else ["training_and_language"]),
                "markets_discussed": [plan.market],
                "outcome": "wants_to_go"
                if plan.stage > Stage.CONSULTED or plan.loan
                else "undecided",
            }
            path = f"/workers/{worker_id}/consultations"
            await self.intake.create(path, body, f"consult-{plan.number:02d}")
            self.count(["consultations"])
        if plan.loan == "repaying":
            await self.lend(plan, worker_id, "disbursed")  # repaid from wages, once abroad
        elif plan.loan is not None:
            await self.lend(plan, worker_id, plan.loan)

    async def lend(self, plan: Plan, worker_id: str, target: str) -> None:
        """Takes the worker's loan to ``target``: requested, approved ... repaying, rejected."""
        loans = await self.intake.every(f"/workers/{worker_id}/loans")
        if loans:
            loan = loans[0]
        else:
            body = {
                **LOANS[plan.market],
                "market": plan.market,
            }
            loan = await self.intake.create(
                f"/workers/{worker_id}/loans", body, f"loan-{plan.number:02d}"
            )
        history = [step["status"] for step in loan["history"]]
        for action in LOAN_STEPS[target][len(history) - 1 :]:
            change: Json = {}
            if action == "reject":
                change["reason"] = "hồ sơ thiếu xác nhận hộ cận nghèo của UBND xã"
            loan = await self.intake.post(
                f"/workers/{worker_id}/loans/{loan['loan_id']}/{action}", change
            )
        if target == plan.loan:
            self.count(["loans", f"loans {loan['status']}"])

    # training: enrol, attend, pass, certify

    async def train(self, plan: Plan, worker_id: str, courses: dict[str, Json]) -> None:
        record = await eventually(
            lambda: self.trainee(worker_id), "training's view of the registration", self.wait_s
        )
        codes = courses_for(plan)
        if plan.stage == Stage.TRAINING:
            await self.attend(plan, record, codes[0], courses[codes[0]], finish=False)
            self.count(["in class"])
            return
        for code in codes:
            await self.attend(plan, record, code, courses[code], finish=True)
        self.count(["trained"])

    async def trainee(self, worker_id: str) -> Json | None:
        trainee: Json | None = await self.training.find(f"/workers/{worker_id}/training")
        return trainee if trainee and trainee["registered"] else None

    async def trained_for(self, worker_id: str, market: str) -> bool:
        candidate = await self.deployment.find(f"/workers/{worker_id}")
        return bool(candidate) and any(t["market"] == market for t in candidate["training"])

    async def attend(
        self, plan: Plan, record: Json, code: str, course: Json, *, finish: bool
    ) -> None:
        """Enrols the worker (``record`` is their training record) and marks them present;
        passes and certifies them if ``finish``, else records a progress test halfway."""
        n, worker_id = plan.number, record["worker_id"]
        enrolment = next(
            (e for e in record["enrolments"] if e["course_id"] == course["course_id"]), None
        )
        if enrolment is None:
            path = f"/courses/{course['course_id']}/enrolments"
            enrolment = await self.training.create(
                path, {"worker_id": worker_id}, f"enrol-{n:02d}-{code}"
            )
        self.count(["enrolments"])
        base = f"/workers/{worker_id}/enrolments/{enrolment['enrolment_id']}"
        if enrolment["status"] == "enrolled":
            held = [s for s in course["sessions"] if s["on"] <= self.today_utc.isoformat()]
            marked = {m["session_id"] for m in enrolment["attendance"]}
            for session in held if finish else held[: len(held) // 2]:
                if session["session_id"] not in marked:
                    await self.training.put(
                        f"{base}/attendance/{session['session_id']}", {"present": True}
                    )
            tested = {a["enrolment_id"] for a in record["assessments"]}
            if finish or enrolment["enrolment_id"] not in tested:
                kind = "final" if finish else "progress"
                assessment = {
                    "kind": kind,
                    "enrolment_id": enrolment["enrolment_id"],
                    "assessor": PROVIDERS[COURSES[code].provider]["name"],
                    "score": 60 + (n * 7) % 35,
                    "assessed_on": self.today_utc.isoformat(),
                }
                path = f"/workers/{worker_id}/assessments"
                await self.training.create(path, assessment, f"{kind}-{n:02d}-{code}")
        if finish and enrolment.get("certificate") is None:
            await self.training.post(
                f"{base}/certificate",
                {"number": f"{code.upper()}-{n:04d}", "issued_on": self.today_utc.isoformat()},
            )
            self.count(["certificates"])

    # deployment: shortlist to departure

    async def place(self, plan: Plan, worker_id: str, orders: dict[str, str]) -> Json:
        await eventually(
            lambda: self.trained_for(worker_id, plan.market),
            "deployment's view of worker.trained",
            self.wait_s,
        )
        order_id = orders[order_for(plan)]
        placements = await self.deployment.every(f"/workers/{worker_id}/placements")
        placement: Json | None = next(
            (p for p in placements if p["job_order_id"] == order_id and p["state"] != "cancelled"),
            None,
        )
        if placement is None:
            placement = await self.deployment.create(
                f"/job-orders/{order_id}/placements",
                {"worker_id": worker_id},
                f"shortlist-{plan.number:02d}",
            )
        target = PLACEMENT_STATES.index(plan.placement_state)
        for step, reaches, body in self.placement_steps(plan):
            if placement["state"] not in PLACEMENT_STATES:
                break  # cancelled by someone since: leave it be
            at = PLACEMENT_STATES.index(placement["state"])
            if at >= target:
                break
            if at < PLACEMENT_STATES.index(reaches):
                path = f"/placements/{placement['placement_id']}/{step}"
                placement = await self.deployment.post(path, body)
        self.count(["placements", f"placements {placement['state']}"])
        return placement

    def placement_steps(self, plan: Plan) -> list[tuple[str, str, Json]]:
        """Each step after the shortlist, with its dates: the 2025 departures' own, or dates
        around today for placements still on their way."""
        if plan.departs is not None:
            start = plan.departs
            signed, applied, granted = (start - timedelta(days=d) for d in (70, 55, 12))
        else:
            start = self.today_vn + timedelta(days=45)
            signed, applied, granted = (self.today_vn - timedelta(days=d) for d in (21, 14, 4))
        contract = {"signed_on": signed.isoformat(), "contract_start": start.isoformat()}
        if plan.story == "ending":  # on aftercare's list of contracts ending soon
            contract["contract_end"] = (self.today_vn + timedelta(days=60)).isoformat()
        return [
            ("selection", "selected", {}),
            ("contract", "contract_signed", contract),
            ("visa-application", "visa_applied", {"applied_on": applied.isoformat()}),
            ("visa-grant", "visa_granted", {"granted_on": granted.isoformat()}),
            ("departure", "departed", {"departed_at": _at(start, 22, 40)}),
        ]  # fmt: skip

    # aftercare: abroad, and home again

    async def follow(self, plan: Plan, worker_id: str, placement: Json) -> None:
        case = await eventually(
            lambda: self.case(worker_id, placement["placement_id"]),
            "aftercare's case, opened by worker.departed",
            self.wait_s,
        )
        self.count(["cases"])
        await self.check_in(plan, worker_id)
        await self.remit(plan, worker_id)
        if plan.loan == "repaying":
            await self.lend(plan, worker_id, "repaying")
        if plan.story == "incident":
            await self.incident(plan, worker_id)
        if plan.story == "extension":
            if not case["journeys"][-1]["extensions"]:
                end = date.fromisoformat(case["summary"]["expected_return"])
                await self.aftercare.post(
                    f"/workers/{worker_id}/contract-extensions",
                    {"new_end": end.replace(year=end.year + 2, day=min(end.day, 28)).isoformat(),
                     "reason": "doanh nghiệp tiếp nhận gia hạn hợp đồng"},
                )  # fmt: skip
            self.count(["extensions"])
        if plan.stage >= Stage.RETURNED:
            await self.come_home(plan, worker_id, case)

    async def case(self, worker_id: str, placement_id: str) -> Json | None:
        case: Json | None = await self.aftercare.find(f"/workers/{worker_id}/case")
        return case if case and case["summary"]["placement_id"] == placement_id else None

    async def check_in(self, plan: Plan, worker_id: str) -> None:
        """A call or two in the months after departure, with the worker, family or employer."""
        assert plan.departs is not None
        for k, days in enumerate((21, 75, 160)):
            day = plan.departs + timedelta(days=days)
            who = (plan.number + k) % 3
            if day > LAST_FIELD_DAY or (who == 2 and k > 0):
                continue
            worried = plan.story == "incident" and k > 0
            body = {
                "contact": ("worker", "family", "enterprise")[who],
                "channel": ("zalo", "phone", "video")[who],
                "wellbeing": "concerns" if worried else "good",
                "contacted_at": _at(day, 15),
                "notes": "Công ty chậm trả lương, người lao động lo lắng."
                if worried
                else "Sức khoẻ tốt, công việc ổn định.",
            }
            path = f"/workers/{worker_id}/check-ins"
            await self.aftercare.create(path, body, f"check-in-{plan.number:02d}-{k}")
            self.count(["check-ins"])

    async def remit(self, plan: Plan, worker_id: str) -> None:
        """Money home each month from the second month abroad (some families report none)."""
        assert plan.departs is not None
        if plan.number % 4 == 3:
            return
        amount, currency, rate = REMITTANCES[plan.market]
        for k in range(4):
            sent_on = plan.departs + timedelta(days=45 + 30 * k)
            if sent_on > LAST_FIELD_DAY:
                break
            units = amount + amount * ((plan.number + k) % 3) // 4
            body = {"amount": units, "currency": currency, "amount_vnd": units * rate,
                    "sent_on": sent_on.isoformat()}  # fmt: skip
            path = f"/workers/{worker_id}/remittances"
            await self.aftercare.create(path, body, f"remittance-{plan.number:02d}-{k}")
            self.count(["remittances"])

    async def incident(self, plan: Plan, worker_id: str) -> None:
        """Unpaid wages, reported by the family, taken up by the centre."""
        body = {
            "category": "unpaid_wages",
            "severity": "medium",
            "description": "Công ty chậm trả lương tháng 9 và tháng 10; gia đình đề nghị hỗ trợ.",
            "occurred_on": "2025-10-31",
            "reported_at": "2025-11-03T09:00:00+07:00",  # a call, recorded later
        }
        path = f"/workers/{worker_id}/incidents"
        reported = await self.aftercare.create(path, body, f"incident-{plan.number:02d}")
        ticket = reported["ticket"]
        incident = await self.aftercare.get(f"/incidents/{ticket}")
        officer = "ttdvvl-tinh-03"
        if incident["assignee"] is None:
            change = {"assignee": officer}
            await self.aftercare.post(f"/incidents/{ticket}/assignment", change)
        if incident["status"] == "open":
            change = {"status": "in_progress"}
            await self.aftercare.post(f"/incidents/{ticket}/status", change)
        follow_up = {
            "action": "Làm việc với doanh nghiệp phái cử và nghiệp đoàn tiếp nhận về tiền lương.",
            "due_on": "2025-11-28",
        }
        path = f"/incidents/{ticket}/follow-ups"
        await self.aftercare.create(path, follow_up, f"follow-up-{plan.number:02d}")
        self.count(["incidents"])

    async def come_home(self, plan: Plan, worker_id: str, case: Json) -> None:
        """The seasonal worker's return, needs assessment and a referral to a job at home."""
        journey = case["journeys"][-1]
        if plan.story == "unplanned":  # home early; nobody assessed their plans yet
            if journey["returned"] is None:
                home = {"returned_on": "2025-11-20", "reason": "early_termination"}
                await self.aftercare.post(f"/workers/{worker_id}/return", home)
            self.count(["returns"])
            return
        if journey["returned"] is None:
            home = {"returned_on": "2025-11-14", "reason": "contract_completed"}  # fmt: skip
            await self.aftercare.post(f"/workers/{worker_id}/return", home)
        if journey["assessment"] is None:
            needs = {"skills_gained": ["trồng rau nhà kính", "vận hành máy nông nghiệp"],
                     "language_level": "EPS-TOPIK", "savings_vnd": 150_000_000,
                     "plans": ["job", "business"]}  # fmt: skip
            await self.aftercare.post(f"/workers/{worker_id}/reintegration/assessment", needs)
        referral = {"kind": "domestic_job",
                    "organisation": "Sàn giao dịch việc làm tỉnh Sơn La"}  # fmt: skip
        path = f"/workers/{worker_id}/reintegration/referrals"
        await self.aftercare.create(path, referral, f"referral-{plan.number:02d}")
        self.count(["returns"])


# -- the command -----------------------------------------------------------------------------


def summary(tally: Tally) -> list[str]:
    """Returns one line per service, counts only."""
    c = tally.counts
    provinces = ", ".join(
        f"{p} {c[f'workers in {p}']}" for p in ("Sơn La", "Quảng Ngãi", "Nghệ An")
    )
    return [
        f"intake: {c['workers']} workers ({provinces}), {c['consultations']} consultations, "
        f"{c['loans']} loans ({c['loans disbursed'] + c['loans repaying']} disbursed)",
        f"training: {c['providers']} providers, {c['courses']} courses, {c['enrolments']} "
        f"enrolments, {c['trained']} workers trained, {c['in class']} in class",
        f"deployment: {c['senders']} senders, {c['orders']} job orders, {c['placements']} "
        f"placements ({c['placements departed']} departed)",
        f"aftercare: {c['cases']} cases, {c['check-ins']} check-ins, {c['remittances']} "
        f"remittances, {c['incidents']} incident, {c['extensions']} extension, "
        f"{c['returns']} return",
    ]


async def report(api: Api, base_url: str, wait_s: float = 30.0) -> list[str]:
    """Sets the demo's targets in the reporting service (a new version only when they differ
    from the newest), waits until its read model stops growing, and returns what it shows."""
    for province, periods in TARGETS.items():
        for period, (province_target, communes) in periods.items():
            wanted = {
                "province_target": province_target,
                "communes": {COMMUNES[c].locality["commune_code"]: n for c, n in communes.items()},
            }
            path = f"/provinces/{province}/targets/{period}"
            response = await api.send("GET", path)
            versions = await api.every(path) if response.status_code != 404 else []
            newest = versions[-1] if versions else {}
            if {k: newest.get(k) for k in wanted} != wanted:
                body = {**wanted, "note": "demo targets"}
                await api.put(f"/provinces/{province}/targets/{period}", body)
    readings: list[int] = []
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and not (len(readings) > 2 and len(set(readings[-3:])) == 1):
        readings.append((await api.get("/facts/count"))["facts"])
        await asyncio.sleep(0.5)
    lines = [f"reporting: {readings[-1]} facts, targets for {len(TARGETS)} provinces"]
    tokens = []
    for province in TARGETS:
        figures = await api.get(
            f"/provinces/{province}/figures",
            **{"from": f"{REPORT_YEAR}-01-01", "to": f"{REPORT_YEAR}-12-31"},
        )
        value = {f["id"]: f["value"] for f in figures["figures"]}
        lines.append(
            f"reporting: {figures['province_name']} {REPORT_YEAR}: {value['departures']} "
            f"departures, {value.get('achievement_pct', 0)}% of target, {value['abroad']} abroad"
        )
        manager = DevIssuer(AuthSettings()).mint(
            Role.PROVINCIAL_MANAGER,
            f"demo-manager-{province}",
            province_code=province,
            ttl_s=12 * 3600,
        )
        tokens.append(
            f"reporting: dashboard of the province's manager (token valid 12 h): "
            f"{base_url}/dashboard?province={province}&year={REPORT_YEAR}#token={manager}"
        )
    return lines + tokens[:1]


def demo_token() -> str:
    """The loader calls as a trusted system, with a token from the local development issuer."""
    settings = AuthSettings()
    return DevIssuer(settings).mint(Role.SERVICE, "homeward-demo-loader", ttl_s=2 * 3600)


async def load(urls: dict[str, str], wait_s: float = 60.0, plans: Sequence[Plan] = PLANS) -> Tally:
    """Loads the demo data set into the services at ``urls``; returns what it counted. With a
    ``reporting`` URL, also sets the targets there and adds its lines to ``tally.reporting``.
    ``plans`` walks only those demo workers (a test's smaller set); the command walks all."""
    # Idle connections go before the server's 5 s keep-alive ends, so none is reused as it closes.
    limits = httpx.Limits(max_connections=12, keepalive_expiry=2.0)
    headers = {"Authorization": f"Bearer {demo_token()}"}
    clients = [
        httpx.AsyncClient(base_url=urls[s], timeout=30, limits=limits, headers=headers)
        for s in SERVICES
    ]
    try:
        apis = {
            service: Api(service, client) for service, client in zip(SERVICES, clients, strict=True)
        }
        tally = await Loader(apis, wait_s).run(plans)
        if "reporting" in urls:
            async with httpx.AsyncClient(
                base_url=urls["reporting"], timeout=30, headers=headers
            ) as client:
                try:
                    tally.reporting = await report(Api("reporting", client), urls["reporting"])
                except (DemoError, httpx.HTTPError) as error:
                    tally.problems.append(f"reporting: {error}")
        return tally
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    for service in SERVICES:
        parser.add_argument(f"--{service}", required=True, metavar="URL")
    parser.add_argument("--reporting", metavar="URL", help="also set targets in reporting")
    parser.add_argument("--strict", action="store_true", help="exit 1 if anything was not loaded")
    args = parser.parse_args()
    started = time.monotonic()
    urls = {s: getattr(args, s).rstrip("/") for s in SERVICES}
    if args.reporting:
        urls["reporting"] = args.reporting.rstrip("/")
    tally = asyncio.run(load(urls))
    for line in [*summary(tally), *tally.reporting]:
        print(f"[demo] {line}")
    for problem in tally.problems:
        print(f"[demo] not loaded: {problem}", file=sys.stderr)
    print(f"[demo] {len(PLANS)} workers walked in {time.monotonic() - started:.1f}s")
    return 1 if tally.problems and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
