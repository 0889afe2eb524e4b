"""死信事件 in a real browser: the county admin opens it from the menu, finds a dead letter among the counts and the
list, and replays it with its button; the page says so and the row shows it replayed, with no script error and no
CSP refusal; a screenshot is kept in the test's tmp dir."""

from __future__ import annotations

import secrets
import time
import uuid
from pathlib import Path

import nats
from playwright.async_api import Page, expect

from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for


async def publish_unknown_version(nats_operator: NatsSettings) -> str:
    """An event of a version no consumer knows, on a township of this run's own: every consumer dead-letters it."""
    township = f"dlq{secrets.token_hex(3)}"
    subject = f"{TOPOLOGY.root}.{township}.attendance.corrected"
    event = Envelope.new(
        service="training_records", type="attendance.corrected.v9", subject=uuid.uuid4(), tenant=township,
        tenant_id=tenant_id_for(township), actor="test:dead-letters", data={"attendance_id": str(uuid.uuid4())},
    )  # fmt: skip
    nc = await nats.connect(**connect_options(nats_operator), name="test-dead-letters-browser")
    try:
        await nc.jetstream().publish(subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)})
    finally:
        await nc.close()
    return subject


async def test_the_county_admin_replays_a_dead_letter_from_the_page(
    page: Page, sign_in, tmp_path: Path, nats_operator: NatsSettings
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    subject = await publish_unknown_version(nats_operator)
    await sign_in(page, "county.admin")
    await page.click('nav.xf-menu a[href="/dead-letters"]')
    await expect(page).to_have_title("死信事件 - 信访业务系统")
    row = page.locator("tr.xf-dead-letter", has_text=subject)
    deadline = time.monotonic() + 60
    while not await row.count():
        assert time.monotonic() < deadline, "reporting did not list the dead letter"
        await page.wait_for_timeout(500)
        await page.reload()
    await expect(page.locator("#dl-counts")).to_contain_text("reporting-attendance-corrected")
    await expect(row).to_contain_text("attendance.corrected.v9")
    # Pinned by its sequence: the replay fails again (no consumer knows the version) into a row of the same subject.
    row = page.locator(f'tr.xf-dead-letter[data-seq="{await row.get_attribute("data-seq")}"]')

    await row.locator("button", has_text="重放").click()
    await expect(page.locator("#notice")).to_contain_text("已重放")
    await expect(row.locator(".xf-replayed")).to_have_text("已重放")
    await expect(row.locator("button")).to_have_count(0)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1366, "the page overflows 1366 px"
    await page.screenshot(path=str(tmp_path / "dead-letters.png"), full_page=True)
    assert not problems, f"the page reported errors (a CSP refusal is one): {problems}"
