"""Who is calling, and which workers and organisations they may see."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

NOTHING: dict[str, Any] = {"_id": {"$in": []}}


class Role(StrEnum):
    COMMUNE_OFFICER = "commune_officer"
    CENTRE_STAFF = "centre_staff"
    TRAINING_PROVIDER = "training_provider"
    ENTERPRISE = "enterprise"
    BANK_OFFICER = "bank_officer"
    AFTERCARE_OFFICER = "aftercare_officer"
    PROVINCIAL_MANAGER = "provincial_manager"
    AUDITOR = "auditor"
    INTEGRATION = "integration"
    """Another system reading Homeward's records (a ministry dashboard, a bank): reads only."""
    SERVICE = "service"
    """Homeward's own services and operators' tools: every action but breaking the glass."""


class Reach(StrEnum):
    """How far a role's scope reaches."""

    COMMUNE = "commune"
    PROVINCE = "province"
    ENTERPRISE = "enterprise"
    PROVIDER = "provider"
    NATION = "nation"
    NONE = "none"


REACH: dict[Role, Reach] = {
    Role.COMMUNE_OFFICER: Reach.COMMUNE,
    Role.CENTRE_STAFF: Reach.PROVINCE,
    Role.PROVINCIAL_MANAGER: Reach.PROVINCE,
    Role.AFTERCARE_OFFICER: Reach.PROVINCE,
    Role.BANK_OFFICER: Reach.PROVINCE,
    Role.TRAINING_PROVIDER: Reach.PROVIDER,
    Role.ENTERPRISE: Reach.ENTERPRISE,
    Role.AUDITOR: Reach.NONE,
    Role.INTEGRATION: Reach.NATION,
    Role.SERVICE: Reach.NATION,
}


@dataclass(frozen=True)
class ScopeFields:
    """Where a collection keeps the facts a scope is checked against (dotted paths)."""

    province: str | None = None
    commune: str | None = None
    enterprise: str | None = None
    provider: str | None = None
    open_to_areas: bool = False
    """Records with nothing personal in them (courses, job orders): every commune and province
    role sees them; enterprises and providers still only their own."""


class HasLocality(Protocol):
    @property
    def province_code(self) -> str: ...

    @property
    def commune_code(self) -> str: ...


@dataclass(frozen=True)
class Area:
    """The units a caller covers, for records being created or moved (None: no unit at all)."""

    province_code: str | None
    commune_code: str | None = None

    def holds(self, locality: HasLocality) -> bool:
        if self.province_code is None or locality.province_code != self.province_code:
            return False
        return self.commune_code is None or locality.commune_code == self.commune_code

    def as_document(self) -> dict[str, str | None]:
        return {"province_code": self.province_code, "commune_code": self.commune_code}


@dataclass(frozen=True)
class Principal:
    """The caller, as the token says: one role, and the locality or organisation it covers."""

    subject: str
    role: Role
    province_code: str | None = None
    commune_code: str | None = None
    enterprise_id: str | None = None
    provider_id: str | None = None
    name: str | None = None
    """The token's display name (``name`` claim), if it has one; records keep the subject."""

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        roles = claims.get("roles") or ([claims["role"]] if "role" in claims else [])
        known = [r for r in roles if r in Role.__members__.values()]
        if len(known) != 1:
            raise ValueError("token must carry exactly one Homeward role")
        principal = cls(
            subject=str(claims["sub"]),
            role=Role(known[0]),
            province_code=_text(claims.get("province_code")),
            commune_code=_text(claims.get("commune_code")),
            enterprise_id=_text(claims.get("enterprise_id")),
            provider_id=_text(claims.get("provider_id")),
            name=(_text(claims.get("name")) or "")[:200] or None,
        )
        missing = principal.missing_scope()
        if missing:
            raise ValueError(f"a {principal.role.value} token needs {missing}")
        return principal

    @property
    def reach(self) -> Reach:
        return REACH[self.role]

    def missing_scope(self) -> str | None:
        needs = {
            Reach.COMMUNE: ("province_code", "commune_code"),
            Reach.PROVINCE: ("province_code",),
            Reach.ENTERPRISE: ("enterprise_id",),
            Reach.PROVIDER: ("provider_id",),
        }.get(self.reach, ())
        absent = [claim for claim in needs if getattr(self, claim) is None]
        return ", ".join(absent) or None

    def query(self, fields: ScopeFields) -> dict[str, Any]:
        """The filter that keeps a query inside the caller's scope (``{}``: everything)."""
        reach = self.reach
        if reach is Reach.NATION:
            return {}
        if fields.open_to_areas and reach in (Reach.COMMUNE, Reach.PROVINCE):
            return {}
        if reach is Reach.COMMUNE and fields.province and fields.commune:
            return {fields.province: self.province_code, fields.commune: self.commune_code}
        if reach is Reach.PROVINCE and fields.province:
            return {fields.province: self.province_code}
        if reach is Reach.ENTERPRISE and fields.enterprise:
            return {fields.enterprise: self.enterprise_id}
        if reach is Reach.PROVIDER and fields.provider:
            return {fields.provider: self.provider_id}
        return dict(NOTHING)

    def covers(self, document: dict[str, Any], fields: ScopeFields) -> bool:
        """The same rule as ``query``, applied to a document in hand."""
        condition = self.query(fields)
        if condition == NOTHING:
            return False
        return all(wanted in _values(document, path) for path, wanted in condition.items())

    def narrow(
        self, province_code: str | None, commune_code: str | None
    ) -> tuple[str | None, str | None] | None:
        """A list's locality filters narrowed to the caller's area; None: nothing to show."""
        area = self.area
        if area is None:
            return province_code, commune_code
        if area.province_code is None or province_code not in (None, area.province_code):
            return None
        if area.commune_code is not None and commune_code not in (None, area.commune_code):
            return None
        return area.province_code, area.commune_code or commune_code

    @property
    def area(self) -> Area | None:
        """The units the caller may register or move workers into; None: the whole country."""
        if self.reach is Reach.NATION:
            return None
        if self.reach is Reach.COMMUNE:
            return Area(self.province_code, self.commune_code)
        if self.reach is Reach.PROVINCE:
            return Area(self.province_code)
        return Area(None)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _values(document: Any, path: str) -> list[Any]:
    """Every value at a dotted path, through lists, as a MongoDB query would see them."""
    found: list[Any] = [document]
    for part in path.split("."):
        step: list[Any] = []
        for value in found:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and part in item:
                    step.append(item[part])
        found = step
    flat: list[Any] = []
    for value in found:
        flat.extend(value if isinstance(value, list) else [value])
    return flat
