"""The county's oversight in a real browser: the county officer issues a supervision order on a case and flags it
a hard case, the board lists it, and the township clerk finds the order in 督办单 and replies on the case page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from playwright.async_api import Browser, Page, expect

from shared.settings import NatsSettings
from tests.integration.supervision.conftest import (  # noqa: F401 - fixtures
    Client,
    accepted_event,
    case_of,
    publish,
    supervision_as,
    tokens,
)

SignIn = Callable[..., Awaitable[None]]


async def test_the_officer_issues_an_order_and_flags_the_case_and_the_clerk_replies(
    page: Page,
    browser: Browser,
    sign_in: SignIn,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    case = await case_of(await supervision_as("dajiahe.clerk"), event.data["petition_id"])
    await sign_in(page, "county.officer", f"/cases/{case['id']}")
    await page.click("#issue-order")  # no demand: supervision's 422 under the field
    await expect(page.locator("#order-issue .xf-error[data-field='demand']")).to_be_visible()
    await page.fill("#f-issue_order-demand", "请核实补偿标准，十日内书面回复")
    await page.click("#issue-order")
    order = page.locator("#orders .xf-order")
    await expect(order).to_contain_text("待回复")
    await expect(order.locator(".xf-document-number")).to_contain_text("大佳何信督〔")
    order_id = await order.get_attribute("data-id")
    await page.fill("#f-flag_hard_case-reason", "涉及多部门，久拖未决")
    await page.click("#flag-hard-case")
    await expect(page.locator("#hard-source")).to_contain_text("人工认定")
    await expect(page.locator("#note-missing")).to_be_visible()
    await page.click(".xf-menu a[href='/hard-cases']")
    await page.select_option("#f-township", "dajiahe")
    await page.click("#search")
    row = page.locator(f".xf-hard-row[data-case='{case['id']}']")
    await expect(row).to_contain_text("涉及多部门，久拖未决")
    await expect(row.locator(".xf-note-missing")).to_be_visible()

    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        clerk = await context.new_page()
        await sign_in(clerk, "dajiahe.clerk", "/supervision-orders")
        await clerk.locator(f".xf-order-row[data-id='{order_id}'] a").click()
        await clerk.fill(f"#f-reply-{order_id}-text", "已核实，补偿款已发放到户。")
        await clerk.click(f"#reply-{order_id} .xf-reply-submit")
        replied = clerk.locator(f"#orders .xf-order[data-id='{order_id}']")
        await expect(replied).to_contain_text("已回复")
        await expect(replied.locator(".xf-reply")).to_contain_text("已核实，补偿款已发放到户。")
        await expect(clerk.locator(f"#reply-{order_id}")).to_have_count(0)
    finally:
        await context.close()
