"""``homeward token`` as a real process: the token it prints opens a running service."""

from __future__ import annotations

import subprocess
import sys

from tests.support.infrastructure import ROOT
from tests.support.services import in_process, service_app, settings_env


def _homeward(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.cli", "token", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_the_printed_token_is_accepted_and_carries_its_scope(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    printed = _homeward("centre_staff", "--province", "51", "--subject", "staff-7")
    assert printed.returncode == 0, printed.stderr
    token = printed.stdout.strip()
    refused = _homeward("commune_officer", "--province", "51")
    assert refused.returncode != 0
    assert "commune_code" in refused.stderr + refused.stdout

    app = service_app("intake", settings_env("intake", unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as api:
        headers = {"Authorization": f"Bearer {token}"}
        assert (await api.get("/workers", headers=headers)).status_code == 200
        assert (await api.get("/audit", headers=headers)).status_code == 403
