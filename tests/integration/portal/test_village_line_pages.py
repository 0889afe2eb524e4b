"""The village-line pages over HTTP, signed in through Keycloak: the sentiment diary (民情日记) from a liaison's entry
to a petition, a township's screening register (不稳定因素排查) from opening to filing, and emergency help (应急求助)
with the caller's phone masked everywhere but in one audited reveal."""

from __future__ import annotations

import random
import re
import uuid
from datetime import datetime

import asyncpg
import httpx

from deploy.launcher.config import StackSettings
from services.portal.domain.dates import CHINA
from tests.browser.portal.intake_samples import fresh_id_number
from tests.integration.portal.conftest import csrf_token_of


async def post_form(
    client: httpx.AsyncClient, page_url: str, action: str, data: dict[str, str]
) -> httpx.Response:
    """Post one of a page's forms the way a browser would: with the CSRF token that page carries."""
    page = await client.get(page_url)
    assert page.status_code == 200, page.text[-2000:]
    return await client.post(f"{page_url}{action}", data={"_csrf_token": csrf_token_of(page.text), **data})


def marker() -> str:
    """A short tag that makes this run's records findable among every earlier run's."""
    return uuid.uuid4().hex[:8]


def created_id(answer: httpx.Response, prefix: str) -> str:
    assert answer.status_code == 303, answer.text[-3000:]
    location = answer.headers["location"]
    assert location.startswith(prefix), location
    return location.removeprefix(prefix)


def notice_of(page: httpx.Response) -> str:
    found = re.search(r'id="notice">(.*?)</div>', page.text, re.S)
    assert found, page.text[-3000:]
    return found.group(1)


# 民情日记 -----------------------------------------------------------------------------------------------------


async def record_diary_entry(stack: StackSettings, liaison: httpx.AsyncClient, concern: str) -> str:
    today = datetime.now(CHINA).date().isoformat()
    form = {"entry_date": today, "category": "land", "concern": concern, "people_count": "3"}
    return created_id(await post_form(liaison, f"{stack.portal_url}/diary", "", form), "/diary/")


async def test_a_liaisons_diary_entry_is_listed_for_the_township_and_hidden_from_another_village(
    stack: StackSettings, signed_in_client
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    concern = f"{marker()} 村民反映承包地边界纠纷"
    entry_id = await record_diary_entry(stack, liaison, concern)
    link = f'href="/diary/{entry_id}"'
    assert link in (await liaison.get(f"{stack.portal_url}/diary")).text
    clerk = await signed_in_client("dajiahe.clerk")
    assert link in (await clerk.get(f"{stack.portal_url}/diary")).text
    assert concern in (await clerk.get(f"{stack.portal_url}/diary/{entry_id}")).text
    other_village = await signed_in_client("dajiahe.liaison2")
    theirs = await other_village.get(f"{stack.portal_url}/diary")
    assert theirs.status_code == 200 and link not in theirs.text
    refused = await other_village.get(f"{stack.portal_url}/diary/{entry_id}")
    assert refused.status_code in (403, 404) and concern not in refused.text


async def test_a_diary_entry_resolved_in_the_village_shows_its_resolution(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    entry_id = await record_diary_entry(stack, liaison, f"{marker()} 邻里宅基地纠纷")
    entry_url = f"{stack.portal_url}/diary/{entry_id}"
    assert 'id="resolve-form"' in (await liaison.get(entry_url)).text
    note = "村调委会调解，双方签字"
    done = await post_form(liaison, entry_url, "/resolve", {"level": "village", "note": note})
    assert done.status_code == 303 and done.headers["location"] == f"/diary/{entry_id}"
    after = await liaison.get(entry_url)
    assert re.search(r"化解层级</dt><dd[^>]*>化解在村</dd>", after.text), after.text[-4000:]
    assert note in after.text and "xf-status-resolved" in after.text
    assert 'id="resolve-form"' not in after.text
    row = await superuser.fetchrow(
        "SELECT status, resolution_level FROM intake.diary_entry WHERE id = $1", uuid.UUID(entry_id)
    )
    assert (row["status"], row["resolution_level"]) == ("resolved", "village")


async def test_resolving_without_a_level_names_the_level_field(
    stack: StackSettings, signed_in_client
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    entry_id = await record_diary_entry(stack, liaison, f"{marker()} 道路积水")
    refused = await post_form(liaison, f"{stack.portal_url}/diary/{entry_id}", "/resolve", {"note": "已处理"})
    assert refused.status_code == 422
    assert 'data-field="level"' in refused.text, refused.text[-3000:]


async def test_a_diary_entry_becomes_a_petition_once_and_a_second_conversion_is_a_notice(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    concern = f"{marker()} 村民反映征地补偿款未足额发放"
    entry_id = await record_diary_entry(stack, liaison, concern)
    entry_url = f"{stack.portal_url}/diary/{entry_id}"
    clerk = await signed_in_client("dajiahe.clerk")
    assert 'id="convert-form"' in (await clerk.get(entry_url)).text
    form = {
        "kind": "claim",
        "channel": "visit",
        "petitioners.0.name": "王建国",
        "petitioners.0.id_number": fresh_id_number(),
        "petitioners.0.is_representative": "on",
    }
    converted = await post_form(clerk, entry_url, "/petition", form)
    petition_id = created_id(converted, "/petitions/")
    petition = await clerk.get(f"{stack.portal_url}/petitions/{petition_id}")
    assert petition.status_code == 200 and concern in petition.text
    entry_page = await clerk.get(entry_url)
    assert (
        f'href="/petitions/{petition_id}"' in entry_page.text and 'id="convert-form"' not in entry_page.text
    )
    again = await post_form(
        clerk, entry_url, "/petition", {**form, "petitioners.0.id_number": fresh_id_number()}
    )
    assert again.status_code == 409
    assert "当前状态不允许此操作" in notice_of(again)
    linked = await superuser.fetchval(
        "SELECT petition_id FROM intake.diary_entry WHERE id = $1", uuid.UUID(entry_id)
    )
    assert str(linked) == petition_id


# 不稳定因素排查 ------------------------------------------------------------------------------------------------

# The intake tests draw their past months from 1900–1999; these pages use the century before, so the two
# never compete for a township's one register per period.
PAGE_YEARS = range(1800, 1900)


async def fresh_month(superuser: asyncpg.Connection, township: str) -> str:
    """A month this township has no register for yet (the database keeps what earlier runs opened)."""
    used = {
        r["period"]
        for r in await superuser.fetch(
            "SELECT r.period FROM intake.screening_register r JOIN intake.township t USING (tenant_id)"
            " WHERE t.slug = $1",
            township,
        )
    }
    while (period := f"{random.choice(PAGE_YEARS)}-{random.randint(1, 12):02d}") in used:
        pass
    return period


def register_row(page: httpx.Response, register_id: str) -> str:
    found = re.search(
        rf'<tr[^>]*>(?:(?!</tr>).)*?href="/screening/{register_id}"(?:(?!</tr>).)*</tr>', page.text, re.S
    )
    assert found, page.text[-3000:]
    return found.group(0)


async def test_a_screening_register_is_opened_kept_and_filed_once_and_is_overdue_until_filed(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    period = await fresh_month(superuser, "dajiahe")
    screening = f"{stack.portal_url}/screening"
    register_id = created_id(await post_form(clerk, screening, "", {"period": period}), "/screening/")
    listed = await clerk.get(screening, params={"period": period})
    assert "已逾期" in register_row(listed, register_id)

    register_url = f"{screening}/{register_id}"
    description = f"{marker()} 涨家溪村山林权属争议，双方多次聚集"
    item = {
        "village": "zhangjiaxi",
        "risk_level": "high",
        "responsible_person": "陈立新",
        "people_count": "12",
        "description": description,
        "measures": "镇村两级包案，每周走访",
    }
    assert (await post_form(clerk, register_url, "/items", item)).status_code == 303
    page = await clerk.get(register_url)
    assert description in page.text
    item_id = re.search(rf'action="/screening/{register_id}/items/([0-9a-f-]+)/resolve"', page.text).group(1)
    resolved = await post_form(
        clerk, register_url, f"/items/{item_id}/resolve", {"status": "resolved", "note": "已签调解协议"}
    )
    assert resolved.status_code == 303
    item_status = await superuser.fetchval(
        "SELECT status FROM intake.screening_item WHERE id = $1", uuid.UUID(item_id)
    )
    assert item_status == "resolved"

    assert (await post_form(clerk, register_url, "/file", {})).status_code == 303
    filed = await clerk.get(register_url)
    assert "已报送" in filed.text and "逾期报送" in filed.text and 'id="file-register"' not in filed.text
    again = await post_form(clerk, register_url, "/file", {})
    assert again.status_code == 409 and "当前状态不允许此操作" in notice_of(again)
    listed = await clerk.get(screening, params={"period": period})
    assert "已逾期" not in register_row(listed, register_id)


async def test_a_period_that_is_no_month_is_named_next_to_the_period_field(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    refused = await post_form(clerk, f"{stack.portal_url}/screening", "", {"period": "1850-harvest"})
    assert refused.status_code == 422
    assert re.search(r'data-field="period">排查期次[^<]*不是月份', refused.text), refused.text[-3000:]
    assert 'value="1850-harvest"' in refused.text


# 应急求助 -----------------------------------------------------------------------------------------------------


def fresh_mobile() -> str:
    return f"138{random.randint(0, 9999):04d}5678"


async def request_help(stack: StackSettings, clerk: httpx.AsyncClient, what: str, phone: str) -> str:
    form = {"what_happened": what, "contact_phone": phone, "people_affected": "2", "village": "zhangjiaxi"}
    return created_id(await post_form(clerk, f"{stack.portal_url}/emergency", "", form), "/emergency/")


async def test_an_emergency_request_lists_the_phone_masked_stores_it_sealed_and_is_responded_to_and_resolved(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    phone = fresh_mobile()
    what = f"{marker()} 老人独居突发疾病，需要送医"
    request_id = await request_help(stack, clerk, what, phone)
    listed = await clerk.get(f"{stack.portal_url}/emergency")
    row = re.search(
        rf'<tr[^>]*>(?:(?!</tr>).)*?href="/emergency/{request_id}"(?:(?!</tr>).)*</tr>', listed.text, re.S
    )
    assert row and "138****5678" in row.group(0), listed.text[-3000:]
    assert phone not in listed.text
    stored = await superuser.fetchval(
        "SELECT row_to_json(r)::text FROM intake.emergency_request r WHERE id = $1", uuid.UUID(request_id)
    )
    assert "138****5678" in stored and phone not in stored

    request_url = f"{stack.portal_url}/emergency/{request_id}"
    assert (await post_form(clerk, request_url, "/respond", {"note": "村干部已到场"})).status_code == 303
    assert "xf-status-responding" in (await clerk.get(request_url)).text
    assert (await post_form(clerk, request_url, "/resolve", {"note": "已送医"})).status_code == 303
    done = await clerk.get(request_url)
    assert "xf-status-resolved" in done.text and 'id="resolve-form"' not in done.text
    status = await superuser.fetchval(
        "SELECT status FROM intake.emergency_request WHERE id = $1", uuid.UUID(request_id)
    )
    assert status == "resolved"


async def test_an_invalid_contact_phone_is_named_next_to_the_phone_field(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    form = {"what_happened": f"{marker()} 河道漂浮物堵塞", "contact_phone": "12345", "people_affected": "1"}
    refused = await post_form(clerk, f"{stack.portal_url}/emergency", "", form)
    assert refused.status_code == 422
    assert re.search(r'data-field="contact_phone">联系电话[^<]*不是有效的手机号码<', refused.text), (
        refused.text[-3000:]
    )
    assert 'value="12345"' in refused.text


async def test_a_blank_resolution_note_is_named_under_the_resolve_form_not_the_respond_form(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    request_id = await request_help(stack, clerk, f"{marker()} 路灯倒伏压住电线", fresh_mobile())
    refused = await post_form(clerk, f"{stack.portal_url}/emergency/{request_id}", "/resolve", {"note": "  "})
    assert refused.status_code == 422
    forms = dict(
        re.findall(r'<form method="post" action="/emergency/[^"]+/(\w+)"(.*?)</form>', refused.text, re.S)
    )
    assert 'data-field="note"' in forms["resolve"] and 'data-field="note"' not in forms["respond"]


# The caller's phone, revealed ---------------------------------------------------------------------------------


async def reveal(
    client: httpx.AsyncClient, request_url: str, purpose: str, htmx: bool = True
) -> httpx.Response:
    page = await client.get(request_url)
    headers = {"HX-Request": "true"} if htmx else {}
    form = {"_csrf_token": csrf_token_of(page.text), "purpose": purpose}
    return await client.post(f"{request_url}/contact/reveal", data=form, headers=headers)


async def test_a_clerk_reveals_the_callers_phone_once_and_the_reveal_is_on_the_trail(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    phone = fresh_mobile()
    request_id = await request_help(stack, clerk, f"{marker()} 独居老人走失", phone)
    request_url = f"{stack.portal_url}/emergency/{request_id}"
    before = await clerk.get(request_url)
    assert 'id="reveal-form"' in before.text and "138****5678" in before.text and phone not in before.text

    shown = await reveal(clerk, request_url, "回拨求助人核实走失地点")
    assert shown.status_code == 200
    assert shown.text.lstrip().startswith('<dd class="col-sm-4" id="contact-phone">'), shown.text[:500]
    assert phone in shown.text and 'id="contact-revealed"' in shown.text
    assert 'id="timeline" hx-swap-oob="true"' in shown.text
    assert 'data-action="emergency.contact_revealed"' in shown.text and "回拨求助人核实走失地点" in shown.text

    again = await clerk.get(request_url)
    assert phone not in again.text and "138****5678" in again.text and 'id="reveal-form"' in again.text
    purposes = await superuser.fetch(
        "SELECT detail->>'purpose' AS purpose FROM intake.trail_entry"
        " WHERE object_id = $1 AND action = 'emergency.contact_revealed'",
        request_id,
    )
    assert [r["purpose"] for r in purposes] == ["回拨求助人核实走失地点"]


async def test_without_htmx_the_reveal_answers_the_whole_page_with_the_phone(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    phone = fresh_mobile()
    request_id = await request_help(stack, clerk, f"{marker()} 山体滑坡堵路", phone)
    refused = await reveal(clerk, f"{stack.portal_url}/emergency/{request_id}", "", htmx=False)
    assert refused.status_code == 422 and phone not in refused.text
    assert re.search(r'data-field="purpose">查看事由[^<]+<', refused.text)
    shown = await reveal(clerk, f"{stack.portal_url}/emergency/{request_id}", "回拨了解现场情况", htmx=False)
    assert shown.status_code == 200
    assert "<html" in shown.text and phone in shown.text and 'id="contact-revealed"' in shown.text


async def test_a_reveal_without_a_purpose_is_refused_next_to_the_purpose_field(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    phone = fresh_mobile()
    request_id = await request_help(stack, clerk, f"{marker()} 水管爆裂", phone)
    refused = await reveal(clerk, f"{stack.portal_url}/emergency/{request_id}", "")
    assert phone not in refused.text
    assert re.search(r'data-field="purpose">查看事由[^<]+<', refused.text), refused.text[:2000]
    assert 'id="reveal-form"' in refused.text
    revealed = await superuser.fetchval(
        "SELECT count(*) FROM intake.trail_entry WHERE object_id = $1 AND action = 'emergency.contact_revealed'",
        request_id,
    )
    assert revealed == 0


async def test_a_liaison_is_offered_no_reveal_and_cannot_post_one(
    stack: StackSettings, signed_in_client
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    phone = fresh_mobile()
    form = {"what_happened": f"{marker()} 村道塌方", "contact_phone": phone, "people_affected": "1"}
    request_id = created_id(
        await post_form(liaison, f"{stack.portal_url}/emergency", "", form), "/emergency/"
    )
    request_url = f"{stack.portal_url}/emergency/{request_id}"
    page = await liaison.get(request_url)
    assert page.status_code == 200 and 'id="reveal-form"' not in page.text and "138****5678" in page.text
    refused = await reveal(liaison, request_url, "回拨求助人")
    assert refused.status_code == 403 and phone not in refused.text


# What was typed comes back with the messages ------------------------------------------------------------------


async def test_a_refused_conversion_keeps_the_petitioner_typed_in(
    stack: StackSettings, signed_in_client
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    entry_id = await record_diary_entry(stack, liaison, f"{marker()} 集体资产承包费争议")
    form = {
        "kind": "accusation",
        "channel": "phone",
        "petitioners.0.name": "赵红梅",
        "petitioners.0.id_number": "123",
    }
    refused = await post_form(liaison, f"{stack.portal_url}/diary/{entry_id}", "/petition", form)
    assert refused.status_code == 422 and 'data-field="petitioners.0.id_number"' in refused.text
    assert 'name="petitioners.0.name" type="text" value="赵红梅"' in refused.text
    assert 'name="petitioners.0.id_number" type="text" value="123"' in refused.text
    assert re.search(r'<option value="accusation"\s+selected', refused.text)
    assert re.search(r'<option value="phone"\s+selected', refused.text)
    assert 'name="petitioners.0.is_representative" value="on">' in refused.text


async def test_a_refused_diary_entry_keeps_the_resolved_on_the_spot_tick(
    stack: StackSettings, signed_in_client
) -> None:
    liaison = await signed_in_client("dajiahe.liaison")
    form = {"entry_date": "2026-01-05", "category": "land", "concern": " ", "resolved_on_spot": "on"}
    refused = await post_form(liaison, f"{stack.portal_url}/diary", "", form)
    assert refused.status_code == 422 and 'data-field="concern"' in refused.text
    assert 'name="resolved_on_spot" value="on" checked>' in refused.text


async def test_a_refused_risk_item_keeps_what_was_typed(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    period = await fresh_month(superuser, "dajiahe")
    register_id = created_id(
        await post_form(clerk, f"{stack.portal_url}/screening", "", {"period": period}), "/screening/"
    )
    item = {
        "risk_level": "medium",
        "responsible_person": "陈立新",
        "description": "厂房拆迁补偿争议",
        "measures": " ",
    }
    refused = await post_form(clerk, f"{stack.portal_url}/screening/{register_id}", "/items", item)
    assert refused.status_code == 422 and 'data-field="measures"' in refused.text
    assert "厂房拆迁补偿争议</textarea>" in refused.text and 'value="陈立新"' in refused.text
    assert re.search(r'<option value="medium"\s+selected', refused.text)
