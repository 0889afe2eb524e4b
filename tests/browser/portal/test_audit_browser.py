"""The auditor in a real browser: the home page leads to 审计留痕, the search takes its dates typed as 2026-12-01 (a
text field, never the browser's mm/dd/yyyy picker), finds the petition a clerk just registered, follows it to the
petition's whole trail, and on 留痕核验 a double click on 立即核验 runs one verification whose result shows every
chain; under the portal's CSP with no script error, within 1366 px; a screenshot is kept in the test's tmp dir."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from deploy.launcher.config import StackSettings
from shared.clock import Clock
from tests.integration.intake.conftest import (
    fresh_id_number,
    petition_body,
    tokens,  # noqa: F401 - the realm's tokens, one cache
)

SignIn = Callable[..., Awaitable[None]]


@pytest.fixture
async def registered(stack: StackSettings, tokens) -> str:  # noqa: F811 - the fixture
    """A petition the 大佳何镇 clerk registers through intake's API: its id."""
    person = {
        "name": "浏览器审计",
        "id_number": fresh_id_number(),
        "phone": "13905749876",
        "is_representative": True,
    }
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{stack.intake_port}",
        headers={"Authorization": f"Bearer {await tokens('dajiahe.clerk')}"},
        timeout=30,
    ) as intake:
        answer = await intake.post(
            "/petitions",
            json=petition_body(petitioners=[person]),
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
    assert answer.status_code == 201, answer.text[:300]
    return answer.json()["id"]


async def _until_listed(page: Page, row: str, within: float = 60) -> None:
    """Search again until reporting's copy holds the entry (its worker follows the stream a moment behind)."""
    deadline = time.monotonic() + within
    while not await page.locator(row).count() and time.monotonic() < deadline:
        await page.wait_for_timeout(500)
        await page.click("#search")


async def test_the_auditor_searches_the_trail_follows_a_petition_and_verifies(
    page: Page, sign_in: SignIn, tmp_path: Path, registered: str
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    await sign_in(page, "county.auditor")
    await page.click(".xf-menu a[href='/audit']")
    await expect(page.locator("#audit-title")).to_have_text("审计留痕")

    today = Clock().today().isoformat()
    for field in ("#f-from", "#f-to"):
        assert await page.get_attribute(field, "type") == "text"
        await page.fill(field, today)
    await page.select_option("#f-service", "intake")
    await page.select_option("#f-action", "petition.registered")
    await page.click("#search")
    row = f"tr.xf-entry[data-object='{registered}']"
    await _until_listed(page, row)
    await expect(page.locator(row)).to_be_visible()
    await expect(page.locator(f"{row} .xf-entry-township")).to_have_text("大佳何镇")
    await expect(page.locator(f"{row} .xf-entry-action")).to_have_text("登记")
    await expect(page.locator("#export-xlsx")).to_have_attribute(
        "href", f"/audit/export.xlsx?service=intake&action=petition.registered&from={today}&to={today}"
    )
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1366, "the page overflows 1366 px"
    await page.screenshot(path=str(tmp_path / "audit-search.png"), full_page=True)

    await page.click(f"{row} a.xf-case-trail")
    await expect(page.locator("#case-title")).to_contain_text(registered)
    await expect(page.locator(f"tr.xf-entry[data-object='{registered}']").first).to_be_visible()

    await page.goto(page.url.split("/audit")[0] + "/audit/verification")
    await page.dblclick("#verify-now")
    await expect(page.locator("#verify-done")).to_be_visible(timeout=60_000)
    await expect(page.locator("#verify-summary")).to_be_visible()
    assert await page.locator("tr.xf-chain").count() >= 1
    await page.screenshot(path=str(tmp_path / "audit-verification.png"), full_page=True)
    assert (tmp_path / "audit-search.png").stat().st_size > 10_000
    assert not problems, f"the page reported errors (a CSP refusal is one): {problems}"
