"""Takes the dashboard's screenshot for the docs, against a running stack (``make run``).

    python -m tools.screenshot [--reporting URL] [--province 14] [--year 2025] [--lang vi]
                               [--out docs/img/dashboard-vi.png]

Debian's headless Chromium (``HOMEWARD_CHROMIUM``, default ``/usr/bin/chromium``), driven by
Playwright, opens the dashboard with a provincial manager's token from the local development
issuer and saves the page once its figures and aftercare's tiles are shown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from playwright.async_api import async_playwright

from shared.auth import AuthSettings, DevIssuer, Role

CHROMIUM = os.environ.get("HOMEWARD_CHROMIUM", "/usr/bin/chromium")


async def screenshot(reporting: str, province: str, year: str, lang: str, out: Path) -> None:
    """Saves the dashboard of the province's manager as a PNG."""
    token = DevIssuer(AuthSettings()).mint(
        Role.PROVINCIAL_MANAGER, f"screenshot-manager-{province}", province_code=province
    )
    address = f"{reporting}/dashboard?province={province}&year={year}&lang={lang}#token={token}"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 1050})
            await page.goto(address)
            for ready in ("#status[data-state=ready]", "#aftercare[data-state=ready]"):
                await page.wait_for_selector(ready, state="attached", timeout=60_000)
            await page.wait_for_timeout(500)  # the charts' transitions
            out.parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=str(out), full_page=True)
        finally:
            await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reporting", default="http://127.0.0.1:8005")
    parser.add_argument("--province", default="14")
    parser.add_argument("--year", default="2025")
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    parser.add_argument("--out", type=Path, default=Path("docs/img/dashboard-vi.png"))
    args = parser.parse_args()
    asyncio.run(screenshot(args.reporting, args.province, args.year, args.lang, args.out))
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
