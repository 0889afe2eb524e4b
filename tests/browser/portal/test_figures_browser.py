"""The county officer's home page in a real browser: ECharts from the portal draws every chart (a canvas inside
each chart box) under the portal's CSP with no violation and no script error, the tables stay under the charts,
and the page keeps to 1366 px; a screenshot is kept in the test's tmp dir."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from shared.settings import NatsSettings
from tests.integration.reporting.test_figures import publish_all, seed

CHARTS = ("#chart-channel", "#chart-three", "#chart-trend")


@pytest.fixture
async def march_2003(nats_operator: NatsSettings) -> None:
    """The reporting tests' seeded month, published here too: the browser tests run first on a fresh stack, and the
    facts are upserts, so the month reads the same whichever publishes first."""
    events, again = seed()
    await publish_all(nats_operator, events, again)


async def _until_ranked(page: Page, url: str, within: float = 60) -> None:
    """Reload until reporting has applied the month (its worker follows the stream a moment behind)."""
    deadline = time.monotonic() + within
    while True:
        await page.goto(url)
        if await page.locator("#ranking-table").count() or time.monotonic() > deadline:
            return
        await page.wait_for_timeout(500)


async def test_the_county_officers_home_page_draws_its_charts(
    page: Page, sign_in, tmp_path: Path, march_2003: None
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await sign_in(page, "county.officer")
    await _until_ranked(page, page.url.split("?")[0] + "?month=2003-03")
    await expect(page.locator("#figures-title")).to_contain_text("信访态势")
    await expect(page.locator("#figures-month")).to_have_text("2003年3月")
    for box in CHARTS:
        await expect(page.locator(f"{box} canvas").first).to_be_visible()
        await expect(page.locator(box)).to_have_attribute("data-drawn", "true")
        size = await page.locator(f"{box} canvas").first.bounding_box()
        assert size and size["width"] > 200 and size["height"] > 150, (box, size)
    for table in ("#table-channel", "#table-three", "#table-trend", "#ranking-table"):
        await expect(page.locator(table)).to_be_visible()
    await expect(page.locator("#rate-tiles .xf-tile")).to_have_count(4)
    # 信访干部培训: no roster is known in 2003, so 培训覆盖率 has no value (never 0 %)
    await expect(page.locator("#training .card-header")).to_contain_text("信访干部培训")
    await expect(page.locator("#training [data-cell='rate:coverage']")).to_have_text("—")
    await expect(page.locator("#table-training")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1366, "the page overflows 1366 px"

    await page.select_option("#f-by", "satisfaction")
    await page.click("#show")
    await expect(page.locator("#ranking .card-header")).to_contain_text("群众满意率")
    await expect(page.locator("#chart-trend canvas").first).to_be_visible()
    await page.screenshot(path=str(tmp_path / "figures-home.png"), full_page=True)
    assert (tmp_path / "figures-home.png").stat().st_size > 10_000
    assert not problems, f"the page reported errors (a CSP refusal is one): {problems}"
