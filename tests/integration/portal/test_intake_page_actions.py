"""The intake pages over HTTP: a double submit registers once, the decision and its PDF notice go through the
portal, a second decision is a notice on the page, and the htmx helpers answer fragments."""

from __future__ import annotations

import re
import uuid

from deploy.launcher.config import StackSettings
from tests.browser.portal.intake_samples import distinct_matter, fresh_id_number
from tests.integration.portal.conftest import csrf_token_of


def register_form(content: str, key: str, csrf: str) -> dict[str, str]:
    return {
        "_csrf_token": csrf,
        "idempotency_key": key,
        "channel": "visit",
        "category": "labour",
        "kind": "claim",
        "received_on": "2026-11-21",
        "village": "zhangjiaxi",
        "content": content,
        "petitioners.0.name": "李秀英",
        "petitioners.0.id_number": fresh_id_number(),
    }


async def test_a_double_submitted_register_form_registers_once(
    stack: StackSettings, signed_in_client, superuser
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    form_page = await client.get(f"{stack.portal_url}/petitions/new")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form_page.text).group(1)
    form = register_form(distinct_matter(), key, csrf_token_of(form_page.text))
    first = await client.post(f"{stack.portal_url}/petitions/new", data=form)
    second = await client.post(f"{stack.portal_url}/petitions/new", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    petition = uuid.UUID(first.headers["location"].rsplit("/", 1)[1])
    assert await superuser.fetchval("SELECT count(*) FROM intake.petition WHERE id = $1", petition) == 1


async def test_acceptance_decided_in_the_portal_prints_its_notice_as_a_pdf_and_a_second_decision_is_a_notice(
    stack: StackSettings, signed_in_client
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    form_page = await client.get(f"{stack.portal_url}/petitions/new")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form_page.text).group(1)
    done = await client.post(
        f"{stack.portal_url}/petitions/new",
        data=register_form(distinct_matter(), key, csrf_token_of(form_page.text)),
    )
    detail_url = f"{stack.portal_url}{done.headers['location']}"
    detail = await client.get(detail_url)
    assert 'id="acceptance-form"' in detail.text
    csrf = csrf_token_of(detail.text)
    decided = await client.post(
        f"{detail_url}/acceptance", data={"_csrf_token": csrf, "decision": "accepted"}
    )
    assert decided.status_code == 303
    after = await client.get(detail_url)
    assert "已受理" in after.text and 'id="notice-pdf"' in after.text
    notice = await client.get(f"{detail_url}/notice.pdf")
    assert notice.status_code == 200
    assert notice.headers["content-type"] == "application/pdf" and notice.content.startswith(b"%PDF")
    again = await client.post(
        f"{detail_url}/acceptance", data={"_csrf_token": csrf, "decision": "not_accepted", "reason": "重复"}
    )
    assert again.status_code == 409
    assert 'id="notice"' in again.text and "当前状态不允许此操作" in again.text


async def test_not_accepting_without_a_reason_names_the_reason_field(
    stack: StackSettings, signed_in_client
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    form_page = await client.get(f"{stack.portal_url}/petitions/new")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form_page.text).group(1)
    done = await client.post(
        f"{stack.portal_url}/petitions/new",
        data=register_form(distinct_matter(), key, csrf_token_of(form_page.text)),
    )
    detail_url = f"{stack.portal_url}{done.headers['location']}"
    csrf = csrf_token_of((await client.get(detail_url)).text)
    refused = await client.post(
        f"{detail_url}/acceptance", data={"_csrf_token": csrf, "decision": "not_accepted"}
    )
    assert refused.status_code == 422
    assert re.search(r'data-field="reason">不予受理理由[^<]*不能为空<', refused.text), refused.text[-3000:]


async def test_add_petitioner_answers_one_more_row_and_the_next_button(
    stack: StackSettings, signed_in_client
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    row = await client.get(
        f"{stack.portal_url}/petitions/new/petitioner-row?index=1", headers={"HX-Request": "true"}
    )
    assert row.status_code == 200
    assert 'name="petitioners.1.id_number"' in row.text
    assert 'hx-get="/petitions/new/petitioner-row?index=2"' in row.text and 'hx-swap-oob="true"' in row.text


async def test_english_pages_get_english_messages_from_intake(stack: StackSettings, signed_in_client) -> None:
    client = await signed_in_client("dajiahe.clerk")
    client.cookies.set("xf_lang", "en", domain="localhost.local")
    form_page = await client.get(f"{stack.portal_url}/petitions/new")
    assert "Register a petition" in form_page.text
    form = register_form(distinct_matter(), str(uuid.uuid4()), csrf_token_of(form_page.text))
    form["petitioners.0.id_number"] = "110105194912310021"
    refused = await client.post(f"{stack.portal_url}/petitions/new", data=form)
    assert refused.status_code == 422
    assert "ID number has a wrong check digit" in refused.text
