"""The supervision pages over HTTP: each page for its roles and refused to others, actions through the forms (and
a forged one refused by supervision), the calendar form's errors by line, work items from one scan, and the public
query page without an account."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx

from deploy.launcher.config import StackSettings
from deploy.launcher.seed import db_settings
from services.supervision.service.context import SupervisionContext
from services.supervision.service.scanner import scan_once
from shared.clock import Clock
from shared.db.engine import make_engine
from shared.db.session import session_factory
from shared.query_code import new_query_code, query_code_digest
from shared.settings import NatsSettings
from tests.integration.portal.conftest import browser_like_client, csrf_token_of
from tests.integration.supervision.conftest import (  # noqa: F401 - fixtures
    Client,
    accepted_event,
    case_of,
    publish,
    supervision_as,
    tokens,
)

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00


async def open_case(
    nats_operator: NatsSettings,
    supervision: Client,
    accepted_on: date | None = None,
    code: str | None = None,
) -> dict:
    event = accepted_event(accepted_on=accepted_on, digest=query_code_digest(code) if code else None)
    await publish(nats_operator, event)
    return await case_of(await supervision("dajiahe.clerk"), event.data["petition_id"])


async def test_each_page_is_offered_to_its_roles_and_refused_to_the_others(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    clerk = await signed_in_client("dajiahe.clerk")
    home = (await clerk.get(f"{url}/")).text
    for path in ("/cases", "/supervision/work-items", "/calendar"):
        assert f'href="{path}"' in home, path
        answer = await clerk.get(f"{url}{path}")
        assert answer.status_code == 200, path
    assert 'href="/routing-rules"' not in home
    assert (await clerk.get(f"{url}/routing-rules")).status_code == 403
    assert 'id="calendar-form"' not in (await clerk.get(f"{url}/calendar")).text  # read-only for the clerk

    admin = await signed_in_client("county.admin")
    assert (await admin.get(f"{url}/cases")).status_code == 403  # the admin reads no case
    rules = await admin.get(f"{url}/routing-rules", params={"township": "dajiahe"})
    assert rules.status_code == 200 and 'id="rules"' in rules.text and 'id="rule-form"' in rules.text
    assert 'id="calendar-form"' in (await admin.get(f"{url}/calendar")).text

    liaison = await signed_in_client("dajiahe.liaison")
    assert (await liaison.get(f"{url}/cases")).status_code == 200
    assert (await liaison.get(f"{url}/supervision/work-items")).status_code == 403

    async with browser_like_client() as anonymous:
        answer = await anonymous.get(f"{url}/cases")
        assert answer.status_code == 303 and "/auth/login" in answer.headers["location"]


async def test_the_list_filters_and_a_clerk_takes_a_case_through_its_form(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await open_case(nats_operator, supervision_as)
    clerk = await signed_in_client("dajiahe.clerk")
    listed = await clerk.get(f"{stack.portal_url}/cases", params={"stage": "handling", "state": "open"})
    assert listed.status_code == 200 and f'href="/cases/{case["id"]}"' in listed.text
    overdue = await clerk.get(f"{stack.portal_url}/cases", params={"due": "overdue"})
    assert f'href="/cases/{case["id"]}"' not in overdue.text  # accepted today: nothing is overdue yet
    detail_url = f"{stack.portal_url}/cases/{case['id']}"
    detail = await clerk.get(detail_url)
    assert "处理期限" in detail.text and 'id="case-take"' in detail.text
    taken = await clerk.post(f"{detail_url}/take", data={"_csrf_token": csrf_token_of(detail.text)})
    assert taken.status_code == 303
    after = (await clerk.get(detail_url)).text
    assert 'id="case-take"' not in after and "承办" in after
    mine = await clerk.get(f"{stack.portal_url}/cases", params={"mine": "true"})
    assert f'href="/cases/{case["id"]}"' in mine.text


async def test_the_leader_extends_a_case_and_the_clerk_has_no_button_and_a_forged_post_is_refused(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await open_case(nats_operator, supervision_as)
    detail_url = f"{stack.portal_url}/cases/{case['id']}"
    clerk = await signed_in_client("dajiahe.clerk")
    page = await clerk.get(detail_url)
    assert 'id="case-extend"' not in page.text
    forged = await clerk.post(
        f"{detail_url}/extend", data={"_csrf_token": csrf_token_of(page.text), "days": "10", "reason": "复杂"}
    )
    assert forged.status_code == 403  # supervision's refusal, shown as the portal's 无权访问 page
    leader = await signed_in_client("dajiahe.leader")
    page = await leader.get(detail_url)
    assert 'id="case-extend"' in page.text
    csrf = csrf_token_of(page.text)
    blank = await leader.post(f"{detail_url}/extend", data={"_csrf_token": csrf, "days": "10", "reason": ""})
    assert blank.status_code == 422
    assert re.search(r'id="case-extend".*data-field="reason"', blank.text, re.S)
    done = await leader.post(
        f"{detail_url}/extend", data={"_csrf_token": csrf, "days": "10", "reason": "案情复杂"}
    )
    assert done.status_code == 303
    after = (await leader.get(detail_url)).text
    assert "延期告知书" in after and "已延长10天" in after
    clerk_api = await supervision_as("dajiahe.clerk")
    clocks = (await clerk_api.get(f"/cases/{case['id']}")).json()["clocks"]
    clock = next(c for c in clocks if c["kind"] == "handling")
    assert clock["extended_days"] == 10  # the clerk's forged post changed nothing


async def test_the_calendar_form_names_its_errors_by_line(stack: StackSettings, signed_in_client) -> None:
    admin = await signed_in_client("county.admin")
    page = await admin.get(f"{stack.portal_url}/calendar", params={"year": "2093"})
    assert 'id="year-unknown"' in page.text
    csrf = csrf_token_of(page.text)
    unreadable = await admin.post(
        f"{stack.portal_url}/calendar",
        data={
            "_csrf_token": csrf,
            "year": "2093",
            "holidays": "2093-01-01 元旦\n1月2日 假期",
            "workdays": "",
        },
    )
    assert unreadable.status_code == 422
    assert re.search(r'id="holidays-errors".*data-line="2"', unreadable.text, re.S)
    refused = await admin.post(
        f"{stack.portal_url}/calendar",
        data={"_csrf_token": csrf, "year": "2093", "holidays": "2093-01-01 元旦\n2094-01-01 元旦",
              "workdays": "2093-01-05 调休"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert re.search(r'data-line="2">第2行：日期不在该年度内', refused.text)
    assert re.search(
        r'id="workdays-errors".*data-line="1">第1行：日期调休上班日应为周六或周日', refused.text, re.S
    )


async def test_the_admin_enters_a_year_through_the_form(stack: StackSettings, signed_in_client) -> None:
    admin = await signed_in_client("county.admin")
    csrf = csrf_token_of((await admin.get(f"{stack.portal_url}/calendar")).text)
    saved = await admin.post(
        f"{stack.portal_url}/calendar",
        data={"_csrf_token": csrf, "year": "2094", "holidays": "2094-01-01 元旦\n2094-10-01~2094-10-03 国庆节",
              "workdays": ""},
    )  # fmt: skip
    assert saved.status_code == 303
    shown = (await admin.get(f"{stack.portal_url}{saved.headers['location']}")).text
    assert 'id="saved"' in shown and "2094年10月3日 国庆节" in shown


async def test_the_deadline_calculator_shows_the_refusal_for_a_year_nobody_entered(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    refused = await clerk.get(
        f"{stack.portal_url}/calendar", params={"start": "2099-03-02", "days": "5", "counting": "working"}
    )
    assert 'id="due-refused"' in refused.text and "2099年的工作日历尚未录入" in refused.text
    computed = await clerk.get(
        f"{stack.portal_url}/calendar", params={"start": str(TODAY), "days": "10", "counting": "calendar"}
    )
    assert 'id="due-result"' in computed.text


async def test_work_items_list_one_scan_s_reminders_and_one_is_marked_done(
    stack: StackSettings,
    stack_secrets: dict[str, str],
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    leader = await signed_in_client("dajiahe.leader")
    empty_or_not = await leader.get(f"{stack.portal_url}/supervision/work-items")
    assert empty_or_not.status_code == 200
    case = await open_case(nats_operator, supervision_as, accepted_on=TODAY - timedelta(days=65))
    engine = make_engine(db_settings(stack, stack_secrets, "supervision"), "test")
    try:
        while await scan_once(session_factory(engine), SupervisionContext(), 100) == 100:
            pass
    finally:
        await engine.dispose()
    page = await leader.get(f"{stack.portal_url}/supervision/work-items")
    rows = re.findall(r'data-id="([0-9a-f-]{36})" data-case="' + case["id"] + '"', page.text)
    assert rows, "the overdue case is on the leader's work list"
    assert "逾期督办" in page.text or "到期提醒" in page.text
    done = await leader.post(
        f"{stack.portal_url}/supervision/work-items/{rows[0]}/done",
        data={"_csrf_token": csrf_token_of(page.text)},
    )
    assert done.status_code == 303
    assert f'data-id="{rows[0]}"' not in (await leader.get(f"{stack.portal_url}/supervision/work-items")).text


async def test_the_public_page_needs_no_sign_in_refuses_a_wrong_code_and_takes_one_verdict(
    stack: StackSettings,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    code = new_query_code()
    case = await open_case(nats_operator, supervision_as, code=code)
    async with browser_like_client() as petitioner:
        form = await petitioner.get(f"{stack.portal_url}/query")
        assert form.status_code == 200 and 'id="query-form"' in form.text
        csrf = csrf_token_of(form.text)
        wrong = await petitioner.post(
            f"{stack.portal_url}/query", data={"_csrf_token": csrf, "code": "XXXX-0000"}
        )
        assert wrong.status_code == 422 and "查询码不正确" in wrong.text
        right = await petitioner.post(f"{stack.portal_url}/query", data={"_csrf_token": csrf, "code": code})
        assert right.status_code == 200 and 'id="progress"' in right.text and "分流至责任单位" in right.text
        assert 'id="verdict-form"' not in right.text  # no opinion yet
        assert code not in str(right.url)
        clerk = await supervision_as("dajiahe.clerk")
        issued = await clerk.post(
            f"/cases/{case['id']}/opinion", json={"text": "经调查，依法作出如下处理意见。"}
        )
        assert issued.status_code == 200, issued.text
        rate = await petitioner.post(f"{stack.portal_url}/query", data={"_csrf_token": csrf, "code": code})
        assert 'id="verdict-form"' in rate.text and "出具处理意见书" in rate.text
        given = await petitioner.post(
            f"{stack.portal_url}/query/verdict",
            data={"_csrf_token": csrf, "code": code, "verdict": "satisfied"},
        )
        assert given.status_code == 200 and "您的评价已记录：满意" in given.text
        assert 'id="verdict-form"' not in given.text
        again = await petitioner.post(
            f"{stack.portal_url}/query/verdict",
            data={"_csrf_token": csrf, "code": code, "verdict": "dissatisfied"},
        )
        assert again.status_code == 409 and 'id="notice"' in again.text
        for private in ("经调查", "涨家溪", "张"):
            assert private not in given.text


async def test_the_public_page_refuses_a_post_without_its_csrf_token(stack: StackSettings) -> None:
    async with httpx.AsyncClient(timeout=30) as stranger:
        answer = await stranger.post(f"{stack.portal_url}/query", data={"code": "ABCD-EFGH"})
        assert answer.status_code == 403
