"""After the stack's `up`, the county officer's home page shows the demo year: last month's petitions and rates are
not zero, the year's trend has petitions in every one of its twelve months, the demo townships are ranked, and
every ECharts canvas is drawn. The screenshot is kept under the test's output folder (test-artifacts/browser)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from playwright.async_api import Page, expect

from deploy.demo.plan import TOWNSHIPS
from deploy.launcher.config import REPO_ROOT

SignIn = Callable[..., Awaitable[None]]
SHOTS = REPO_ROOT / "test-artifacts" / "browser"
CHARTS = ("#chart-channel", "#chart-three", "#chart-trend")


async def _cells(page: Page) -> dict[str, str]:
    return await page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('[data-cell]')]"
        ".map(e => [e.dataset.cell, e.textContent.trim()]))"
    )


async def _until_figures(page: Page, within: float = 300) -> dict[str, str]:
    """Reload until reporting has caught up with the demo year's events (its worker follows the streams)."""
    deadline = time.monotonic() + within
    while True:
        await page.goto(page.url.split("?")[0])
        cells = await _cells(page)
        trend = [v for k, v in cells.items() if k.startswith("trend-petitions:")]
        if (trend and all(v not in ("", "0") for v in trend)) or time.monotonic() > deadline:
            return cells
        await page.wait_for_timeout(2000)


async def test_the_county_officers_first_page_shows_the_demo_year(page: Page, sign_in: SignIn) -> None:
    await sign_in(page, "county.officer")
    cells = await _until_figures(page)
    await expect(page.locator("#figures-title")).to_contain_text("信访态势")

    assert int(cells["petitions"]) > 0, "last month has petitions"
    assert (
        sum(int(cells.get(f"channel:{c}", "0")) for c in ("visit", "letter", "phone", "online", "mailbox"))
        > 0
    )
    trend = {k.split(":", 1)[1]: int(v) for k, v in cells.items() if k.startswith("trend-petitions:")}
    assert len(trend) == 12 and all(n > 0 for n in trend.values()), trend
    drawn = [k for k, v in cells.items() if k.startswith("rate-parts:") and not v.startswith("0 / 0")]
    assert len(drawn) >= 3, f"most of the four rates have a denominator: {cells}"
    ranked = {k.split(":", 1)[1] for k in cells if k.startswith("rank:")}
    assert ranked & set(TOWNSHIPS), "the demo townships are in the ranking"

    for box in CHARTS:
        await expect(page.locator(f"{box} canvas").first).to_be_visible()
        await expect(page.locator(box)).to_have_attribute("data-drawn", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / "test_demo_home_county_officer.png"), full_page=True)
