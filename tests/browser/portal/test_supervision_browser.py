"""The supervision pages in a real browser: a clerk opens a case from the list and takes it, the leader extends it
and sees the notice, the admin enters a year of the calendar, and the public query page shows a matter's progress
and takes one verdict."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from playwright.async_api import Page, expect

from shared.query_code import new_query_code, query_code_digest
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


async def new_case(nats_operator: NatsSettings, supervision: Client, code: str | None = None) -> dict:
    event = accepted_event(digest=query_code_digest(code) if code else None)
    await publish(nats_operator, event)
    return await case_of(await supervision("dajiahe.clerk"), event.data["petition_id"])


async def test_a_clerk_opens_a_case_from_the_list_and_takes_it(
    page: Page,
    sign_in: SignIn,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await new_case(nats_operator, supervision_as)
    await sign_in(page, "dajiahe.clerk", "/cases?stage=handling&state=open")
    row = page.locator(f".xf-case-row[data-id='{case['id']}']")
    await expect(row).to_contain_text("办理中")
    await expect(row.locator(".xf-due")).to_contain_text(re.compile(r"剩余\d+天"))
    await row.locator(".xf-open-case").click()
    await expect(page.locator("#clocks [data-kind='handling']")).to_contain_text("处理期限")
    await expect(page.locator("#moves [data-move='routed']")).to_contain_text("分流")
    await page.click("#take")
    await expect(page.locator("#case-take")).to_have_count(0)
    await expect(page.locator("#case-handler")).not_to_have_text("—")
    await expect(page.locator("#timeline [data-action='case.taken']")).to_be_visible()


async def test_the_leader_extends_the_case_and_sees_the_notice(
    page: Page,
    sign_in: SignIn,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await new_case(nats_operator, supervision_as)
    await sign_in(page, "dajiahe.leader", f"/cases/{case['id']}")
    await page.fill("#f-extend-days", "15")
    await page.click("#extend")  # no reason: supervision's 422, shown under the reason of this form
    await expect(page.locator("#case-extend .xf-error[data-field='reason']")).to_be_visible()
    await expect(page.locator("#f-extend-days")).to_have_value("15")
    await page.fill("#f-extend-reason", "案情复杂，需进一步调查")
    await page.click("#extend")
    notice = page.locator("#notices .xf-notice[data-kind='extension']")
    await expect(notice).to_contain_text("延期告知书")
    await expect(notice.locator(".xf-document-number")).not_to_be_empty()
    await expect(page.locator("#clocks [data-kind='handling']")).to_contain_text("已延长15天")


async def test_the_admin_enters_a_year_of_the_calendar(page: Page, sign_in: SignIn) -> None:
    await sign_in(
        page, "county.admin", "/calendar?year=2095"
    )  # saving replaces the year: the test may run again
    await page.fill("#f-holidays", "2095-01-01 元旦\n2095-10-01~2095-10-07 国庆节\n2095-13-01 错")
    await page.click("#calendar-save")
    await expect(page.locator("#holidays-errors [data-line='3']")).to_contain_text("第3行")
    await page.fill("#f-holidays", "2095-01-01 元旦\n2095-10-01~2095-10-07 国庆节")
    await page.click("#calendar-save")
    await expect(page.locator("#saved")).to_contain_text("2095年工作日历已保存")
    await expect(page.locator("#year-holidays")).to_contain_text("2095年10月7日 国庆节")


async def test_the_public_query_page_shows_the_progress_and_takes_one_verdict(
    page: Page,
    portal_url: str,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    code = new_query_code()
    case = await new_case(nats_operator, supervision_as, code)
    clerk = await supervision_as("dajiahe.clerk")
    issued = await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "经调查核实，作出如下处理意见。"})
    assert issued.status_code == 200, issued.text
    await page.goto(f"{portal_url}/query")
    await page.fill("#f-code", code.lower().replace("-", ""))  # as a petitioner may type it
    await page.click("#query-submit")
    await expect(page.locator("#progress-accepted")).to_have_text(re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$"))
    await expect(page.locator("#progress-steps [data-step='opinion']")).to_contain_text("出具处理意见书")
    await expect(page.locator("#progress-stage")).to_have_text("已出具处理意见")
    assert code not in page.url and code.lower() not in page.url
    await page.click("#verdict-satisfied")
    await expect(page.locator(".xf-given-verdict")).to_contain_text("满意")
    await expect(page.locator("#verdict-form")).to_have_count(0)
    await expect(page.locator("#progress")).not_to_contain_text("经调查核实")
