"""The API's clients, generated from the combined OpenAPI document (``make clients``).

    python -m tools.clients write   regenerate clients/ from the services' code
    python -m tools.clients check   exit 1, naming each file, if clients/ is not what the
                                    current code generates

``clients/openapi.json`` is the whole API's document (``tools.front_door``);
``clients/python/homeward_client`` is the Python client made by ``openapi-python-client``
(PyPI, run by ``uv tool run`` in an environment of its own, pinned);
``clients/typescript/homeward.d.ts`` holds the TypeScript types made by ``openapi-typescript``
(npm, pinned), installed once into the cache (``HOMEWARD_CACHE``, default
``~/.cache/homeward``) from the npm registry.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tools.front_door import combined_document

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "clients"
PYTHON_CONFIG = CLIENTS / "python-config.yaml"
OPENAPI_TYPESCRIPT = "openapi-typescript@7.13.0"
OPENAPI_PYTHON_CLIENT = "openapi-python-client==0.29.1"
CACHE = Path(os.environ.get("HOMEWARD_CACHE", Path.home() / ".cache" / "homeward"))
NPM_PREFIX = CACHE / "npm"
PACKAGE = "homeward_client"


def typescript_generator() -> Path:
    """Returns the openapi-typescript command, installing it from the npm registry if missing."""
    command = NPM_PREFIX / "node_modules" / ".bin" / "openapi-typescript"
    if not command.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is required for the TypeScript types: apt-get install npm")
        print(f"[clients] installing {OPENAPI_TYPESCRIPT} into {NPM_PREFIX}", file=sys.stderr)
        subprocess.run(  # noqa: S603 - our own arguments
            [npm, "install", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund",
             OPENAPI_TYPESCRIPT],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return command


def python_generator() -> list[str]:
    """Returns the openapi-python-client command: a pinned tool run by uv in its own
    environment (its dependencies clash with the project's)."""
    uv = shutil.which("uv") or str(CACHE / "uv" / "bin" / "uv")
    if not Path(uv).exists():
        raise SystemExit("uv is missing: bash scripts/bootstrap.sh installs it")
    return [uv, "tool", "run", "--quiet", "--from", OPENAPI_PYTHON_CLIENT, "openapi-python-client"]


def generate(into: Path) -> None:
    """Writes the document, the Python client and the TypeScript types under ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    document = into / "openapi.json"
    text = json.dumps(combined_document(), indent=2, sort_keys=False, ensure_ascii=False)
    document.write_text(text + "\n", encoding="utf-8")
    package = into / "python" / PACKAGE
    shutil.copy(PYTHON_CONFIG, into / "python-config.yaml")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(  # noqa: S603 - our own arguments
        [*python_generator(), "generate", "--path", str(document), "--output-path",
         str(package), "--meta", "none", "--config", str(PYTHON_CONFIG), "--overwrite"],
        check=True,
        cwd=into,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    types = into / "typescript" / "homeward.d.ts"
    types.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 - our own arguments
        [str(typescript_generator()), str(document), "--output", str(types)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def differences(expected: Path, actual: Path) -> list[str]:
    """Returns the files that differ between two trees, or exist in one only."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name}: only in the generated" for name in compared.left_only)
        found.extend(f"{prefix}{name}: not generated" for name in compared.right_only)
        found.extend(f"{prefix}{name}: differs" for name in compared.diff_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__", ".ruff_cache"]), "")
    return sorted(found)


def check() -> list[str]:
    """Returns what differs between clients/ and what the current code generates."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "clients"
        generate(fresh)
        for name in ("openapi.json", "python", "typescript"):
            if not (CLIENTS / name).exists():
                return [f"{name}: not generated (make clients)"]
        found = []
        for name in ("python", "typescript"):
            found += [f"{name}/{d}" for d in differences(fresh / name, CLIENTS / name)]
        if not filecmp.cmp(fresh / "openapi.json", CLIENTS / "openapi.json", shallow=False):
            found.append("openapi.json: differs")
        return found


def write() -> None:
    """Regenerates clients/ from the current code."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "clients"
        generate(fresh)
        for name in ("python", "typescript"):
            shutil.rmtree(CLIENTS / name, ignore_errors=True)
            shutil.copytree(fresh / name, CLIENTS / name)
        shutil.copy(fresh / "openapi.json", CLIENTS / "openapi.json")


def main(argv: Sequence[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["check"]
    if command[0] == "write":
        write()
        print(f"[clients] wrote {CLIENTS.relative_to(ROOT)}/")
        return 0
    found = check()
    for line in found:
        print(f"clients/{line}", file=sys.stderr)
    if found:
        print("clients/ is out of date: run make clients", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
