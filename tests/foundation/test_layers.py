"""The services reach the store only through the persistence seam's ports.

Use cases (``services/<svc>/service*``) and repositories (``services/<svc>/store.py``) import
neither the driver nor an adapter, so they run on any store the seam serves, memory included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.infrastructure import ROOT

SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "app.py").exists())
FORBIDDEN_MODULES = (
    "pymongo",
    "bson",
    "motor",
    "shared.persistence.mongodb",
    "shared.persistence.ferretdb",
    "shared.persistence.memory",
)
FORBIDDEN_NAMES = {"is_ferretdb", "AsyncDatabase", "AsyncCollection", "DuplicateKeyError"}


def seam_users(service: str) -> list[Path]:
    """The service's use-case and repository modules."""
    folder = ROOT / "services" / service
    return sorted(
        [*folder.glob("service.py"), *folder.glob("service/*.py"), *folder.glob("store.py")]
    )


def offences(source: str) -> list[str]:
    """What a module imports or names that only a driver or an adapter should."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in FORBIDDEN_NAMES:
                found.append(f"names {name}")
            continue
        else:
            continue
        found += [f"imports {m}" for m in modules if _forbidden(m)]
        if isinstance(node, ast.ImportFrom):
            found += [f"imports {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES]
    return list(dict.fromkeys(found))


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN_MODULES)


@pytest.mark.parametrize("service", SERVICES)
def test_use_cases_and_repositories_see_only_the_seam(service: str) -> None:
    files = seam_users(service)
    assert files, f"services/{service} has no service or store module"
    found = {
        str(path.relative_to(ROOT)): offences(path.read_text(encoding="utf-8")) for path in files
    }
    assert {path: o for path, o in found.items() if o} == {}


def test_the_check_finds_drivers_adapters_and_probes() -> None:
    source = (
        "from pymongo.errors import DuplicateKeyError\n"
        "import bson\n"
        "from shared.store import is_ferretdb\n"
        "from shared.persistence.ferretdb import FerretCollection\n"
        "from shared.persistence import Aggregates\n"
        "def f(db: 'AsyncDatabase') -> None:\n"
        "    shared.store.is_ferretdb(db)\n"
    )
    assert offences(source) == [
        "imports pymongo.errors",
        "imports DuplicateKeyError",
        "imports bson",
        "imports is_ferretdb",
        "imports shared.persistence.ferretdb",
        "names is_ferretdb",
    ]
