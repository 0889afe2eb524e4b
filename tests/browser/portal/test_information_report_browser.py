"""信息报送 in a real browser: xidian's township leader drafts the regular report of a long-past month from the
menu's list, rewrites its title, saves, submits it, and finds it frozen and late in the list."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable

from playwright.async_api import Page, expect

SignIn = Callable[..., Awaitable[None]]
PERIOD = f"{random.randint(2005, 2019)}-{random.randint(1, 12):02d}"


async def test_the_leader_drafts_edits_and_submits_the_months_report(page: Page, sign_in: SignIn) -> None:
    await sign_in(page, "xidian.leader", "/")
    await page.click("a[href='/information-reports']")
    await expect(page.locator("#ir-intro")).to_contain_text("信访信息报送制度")
    await page.select_option("#f-kind", "regular")
    await page.fill("#f-period", PERIOD)
    await page.click("#ir-draft-button")
    await expect(page.locator("#ir-status")).to_have_text("已逾期")
    await expect(page.locator("#ir-screening")).to_be_visible()

    await page.fill("#f-title", "西店镇月度信访信息（浏览器）")
    await page.click("#ir-save")
    await expect(page.locator("#notice")).to_contain_text("已保存")
    await expect(page.locator("#f-title")).to_have_value("西店镇月度信访信息（浏览器）")

    await page.click("#ir-submit")
    await expect(page.locator("#notice")).to_contain_text("已报送")
    await expect(page.locator("#ir-status")).to_have_text("逾期报送")
    await expect(page.locator("#ir-frozen")).to_be_visible()
    await expect(page.locator("#ir-edit")).to_have_count(0)

    await page.goto(page.url.split("/information-reports/")[0] + f"/information-reports?period={PERIOD}")
    row = page.locator(".xf-information-report", has_text="西店镇月度信访信息（浏览器）")
    await expect(row.locator(".xf-status")).to_have_text("逾期报送")
