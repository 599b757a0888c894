"""Reference data at /reference (the front door's /v1/reference): units current and former with
the 2025 mapping, and every code list with both labels; cacheable, for any role."""

from __future__ import annotations

from enum import StrEnum

from services.intake.domain import reference
from shared.auth import Role
from shared.contracts import aftercare, common, deployment, intake, notifications, training
from tests.intake.support import intake_app
from tests.support.auth import auth_headers
from tests.support.problems import error_locations
from tests.support.services import in_process


async def test_units_code_lists_and_caching(kafka_bootstrap, mongodb_url, unique) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(app) as api:
        provinces = (await api.get("/reference/provinces")).json()
        assert len(provinces["items"]) == 34
        assert provinces["next_cursor"] is None
        son_la = next(p for p in provinces["items"] if p["code"] == "14")
        assert son_la["name"] == "Sơn La"
        former = (await api.get("/reference/provinces/former")).json()["items"]
        assert len(former) == 63
        assert {p["successor_code"] for p in former} == {p["code"] for p in provinces["items"]}

        # communes: one province, in pages, walked to the end
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, str | int] = {"province_code": "14", "limit": 40}
            if cursor:
                params["cursor"] = cursor
            answer = await api.get("/reference/communes", params=params)
            page = answer.json()
            seen += [c["code"] for c in page["items"]]
            assert all(c["province_code"] == "14" for c in page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                assert "link" not in answer.headers
                break
            following = f"<?province_code=14&limit=40&cursor={cursor}>"
            assert answer.headers["link"] == f'{following}; rel="next"'
        assert len(seen) == len(set(seen)) > 40
        assert seen == sorted(seen)

        # a former commune names its district and where it lies today
        mapped = await api.get("/reference/communes/former", params={"district_code": "1"})
        assert mapped.status_code == 200
        first = mapped.json()["items"][0]
        assert first["district_code"] == "001"
        assert first["successor"]["province_code"] == "01"
        assert first["successor"]["default_commune_code"] in first["successor"]["commune_codes"]

        lists = (await api.get("/reference/code-lists")).json()["items"]
        households = next(c for c in lists if c["name"] == "household_statuses")
        assert {"code": "poor", "vi": "Hộ nghèo", "en": "Poor household"} in households["values"]
        one = await api.get("/reference/code-lists/incident_categories")
        assert one.json()["values"][0]["code"] == "unpaid_wages"
        assert (await api.get("/reference/code-lists/no_such_list")).status_code == 404

        # cacheable: the same tag again, 304 for a caller who holds it
        answer = await api.get("/reference/communes", params={"province_code": "14"})
        tag = answer.headers["etag"]
        assert answer.headers["cache-control"] == "public, max-age=3600"
        again = await api.get("/reference/communes", params={"province_code": "14"})
        assert again.headers["etag"] == tag
        held = await api.get(
            "/reference/communes", params={"province_code": "14"},
            headers={"If-None-Match": f'"stale", W/{tag}'},
        )  # fmt: skip
        assert held.status_code == 304
        assert held.content == b""
        other = await api.get("/reference/communes", params={"province_code": "1"})
        assert other.headers["etag"] != tag

        # any role reads it; bad filters are named
        bank = auth_headers(Role.BANK_OFFICER, province_code="14")
        assert (await api.get("/reference/provinces", headers=bank)).status_code == 200
        assert (
            await api.get("/reference/provinces", headers={"Authorization": ""})
        ).status_code == 401
        bad = await api.get("/reference/communes", params={"province_code": "x", "limit": 0})
        assert bad.status_code == 422
        assert {"province_code", "limit"} <= {loc[-1] for loc in error_locations(bad.json())}


CONTRACTS = (common, intake, training, deployment, aftercare, notifications)
NOT_CODE_LISTS = {
    # codes of the system itself, not a value a form offers
    "ApprovalAction", "ApprovalStatus", "LevelScale",
}  # fmt: skip


def test_every_code_has_both_labels_and_every_contract_enum_a_list() -> None:
    for code_list in reference.CODE_LISTS:
        assert set(code_list.labels) == set(code_list.codes), code_list.name
        for code, (vi, en) in code_list.labels.items():
            assert vi.strip(), (code_list.name, code)
            assert en.strip(), (code_list.name, code)
    listed = {tuple(c.codes) for c in reference.CODE_LISTS}
    for module in CONTRACTS:
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, StrEnum)
                and value.__module__ == module.__name__
                and name not in NOT_CODE_LISTS
            ):
                assert tuple(m.value for m in value) in listed, (
                    f"{module.__name__}.{name} has no code list: add it, with Vietnamese and "
                    "English labels, to services/intake/domain/reference.py (or to "
                    "NOT_CODE_LISTS here if no form offers it)"
                )
    names = [c.name for c in reference.CODE_LISTS]
    assert len(names) == len(set(names))
    assert len(reference.ETHNIC_LABELS) == 54
    assert reference.ETHNIC_LABELS["Mông"] == ("Mông", "Hmong")
