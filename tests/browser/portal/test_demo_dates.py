"""Dates read the Chinese way in an en-US browser: the portal's date fields are the one date_field macro (a text
field 2026-12-01, never Chromium's mm/dd/yyyy widget), they take 2026-12-01 and give it back as typed, the
browser's own pattern check refuses 12/01/2026, and the list shows its dates as 2026年12月1日."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from playwright.async_api import Browser, expect

from deploy.launcher.config import REPO_ROOT

SignIn = Callable[..., Awaitable[None]]
SHOTS = REPO_ROOT / "test-artifacts" / "browser"


async def test_an_en_us_browser_shows_and_takes_2026_12_01(browser: Browser, sign_in: SignIn) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = await context.new_page()
    try:
        assert await page.evaluate("navigator.language") == "en-US"
        await sign_in(page, "county.officer", "/petitions")
        assert await page.locator("input[type=date], input[type=datetime-local]").count() == 0
        start = page.locator("#f-received_from")
        await expect(start).to_have_attribute("type", "text")
        await expect(start).to_have_attribute("placeholder", "2026-12-01")
        await expect(start).to_have_attribute("inputmode", "numeric")

        await start.fill("12/01/2026")
        assert await start.evaluate("e => e.validity.patternMismatch"), "mm/dd/yyyy is refused by the page"
        await start.fill("2026-12-01")
        await page.fill("#f-received_to", "2026-12-31")
        assert await start.evaluate("e => e.validity.valid")
        await page.click("#search")
        await page.wait_for_url(re.compile(r".*received_from=2026-12-01.*"))
        await expect(page.locator("#f-received_from")).to_have_value("2026-12-01")
        await expect(page.locator("#f-received_to")).to_have_value("2026-12-31")

        await page.goto(page.url.split("/petitions")[0] + "/petitions/new")
        received = page.locator("#f-received_on")
        await expect(received).to_have_attribute("type", "text")
        await expect(received).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))  # today, the Chinese way
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / "test_demo_dates_en_us.png"))
    finally:
        await context.close()


async def test_the_list_shows_its_dates_in_chinese(browser: Browser, sign_in: SignIn) -> None:
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = await context.new_page()
    try:
        await sign_in(page, "county.officer", "/petitions")
        body = await page.locator("main, body").first.inner_text()
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", body), "no mm/dd/yyyy anywhere on the page"
        if await page.locator("table tbody tr").count():
            assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", body)
    finally:
        await context.close()
