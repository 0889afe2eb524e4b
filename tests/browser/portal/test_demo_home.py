"""After the stack's `up`, the county officer's home page shows the demo year: last month's petitions and rates are
not zero, the year's trend has petitions in every one of its twelve months, the demo townships are ranked, and
every ECharts canvas is drawn; the training pages list the year's sessions with their attendance and the demo
townships' coverage. The screenshots are kept under the test's output folder (test-artifacts/browser)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from playwright.async_api import Page, expect

from deploy.demo.plan import TOWNSHIPS, TRAINING_TOWNSHIPS
from deploy.launcher.config import REPO_ROOT
from shared.clock import Clock

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


async def test_the_training_pages_show_the_demo_years_sessions_and_coverage(
    page: Page, sign_in: SignIn
) -> None:
    # The demo year ends yesterday: last year's part of it when today is early in the year.
    year = (Clock().today() - timedelta(days=40)).year
    await sign_in(page, "county.officer", f"/training?year={year}")
    rows = page.locator("#sessions .xf-session-row")
    await expect(rows.first).to_be_visible()
    attended = [int(await r.locator("td").nth(5).text_content() or 0) for r in await rows.all()]
    assert sum(1 for n in attended if n > 0) >= 5, attended
    await page.goto(page.url.split("/training")[0] + f"/training/coverage?year={year}")
    rates = {
        await r.get_attribute("data-township"): (
            await r.locator(".xf-coverage-rate").text_content() or ""
        ).strip()
        for r in await page.locator("#coverage .xf-coverage-row").all()
    }
    covered = [t for t in TRAINING_TOWNSHIPS if rates.get(t) not in (None, "—", "0.0%")]
    assert len(covered) >= 5, rates
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / "test_demo_home_training_coverage.png"), full_page=True)
