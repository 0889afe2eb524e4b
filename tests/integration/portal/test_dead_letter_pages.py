"""死信事件 over HTTP: the county admin finds it in the menu, sees a dead letter and its consumer's count, and replays
it with the page's button; the same form sent again replays nothing more; a township clerk gets no page.

The dead letter is an event of a version no consumer knows, on a township of this run's own (see
tests/integration/reporting/test_dead_letters.py): every consumer dead-letters it and applies nothing.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import time
import uuid
from collections.abc import AsyncIterator

import nats
import pytest
from nats.js import JetStreamContext

from deploy.launcher.config import StackSettings
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.intake.conftest import tokens  # noqa: F401 - the realm's tokens, one cache
from tests.integration.portal.conftest import csrf_token_of
from tests.integration.shared.clients import SignedInClients

CONSUMER = "reporting-attendance-corrected"


@pytest.fixture
async def js(nats_operator: NatsSettings) -> AsyncIterator[JetStreamContext]:
    nc = await nats.connect(**connect_options(nats_operator), name="test-dead-letter-pages")
    yield nc.jetstream()
    await nc.close()


async def dead_letter_of(stack: StackSettings, tokens, js: JetStreamContext) -> tuple[int, str]:  # noqa: F811
    """Publish an event no consumer knows and wait until reporting lists it: its sequence and subject."""
    township = f"dlq{secrets.token_hex(3)}"
    subject = f"{TOPOLOGY.root}.{township}.attendance.corrected"
    event = Envelope.new(
        service="training_records", type="attendance.corrected.v9", subject=uuid.uuid4(), tenant=township,
        tenant_id=tenant_id_for(township), actor="test:dead-letters", data={"attendance_id": str(uuid.uuid4())},
    )  # fmt: skip
    await js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)})
    clients = SignedInClients(f"http://127.0.0.1:{stack.reporting_port}", tokens)
    try:
        admin = await clients("county.admin")
        deadline = time.monotonic() + 60
        while True:
            r = await admin.get("/dead-letters", params={"consumer": CONSUMER, "page_size": 100})
            found = [d for d in r.json()["items"] if d["original_subject"] == subject]
            if found:
                return found[0]["seq"], subject
            assert time.monotonic() < deadline, "reporting did not list the dead letter"
            await asyncio.sleep(0.5)
    finally:
        await clients.close()


def replay_form(page: str, seq: int) -> dict[str, str]:
    form = re.search(rf'<form method="post" action="/dead-letters/{seq}/replay"(.*?)</form>', page, re.S)
    assert form, f"no replay button for dead letter {seq}"
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form.group(1))
    return {"_csrf_token": csrf_token_of(form.group(1)), "idempotency_key": key.group(1)}


async def on_stream(js: JetStreamContext, subject: str) -> int:
    info = await js.stream_info(TOPOLOGY.stream, subjects_filter=subject)
    return (info.state.subjects or {}).get(subject, 0)


async def test_the_county_admin_sees_a_dead_letter_and_replays_it_once_from_the_page(
    stack: StackSettings,
    tokens,  # noqa: F811 - the fixture
    js: JetStreamContext,
    signed_in_client,
) -> None:
    seq, subject = await dead_letter_of(stack, tokens, js)
    admin = await signed_in_client("county.admin")
    home = await admin.get(f"{stack.portal_url}/")
    assert 'href="/dead-letters"' in home.text and "死信事件" in home.text

    page = await admin.get(f"{stack.portal_url}/dead-letters", params={"consumer": CONSUMER})
    assert page.status_code == 200
    assert "<title>" in page.text and "死信事件" in page.text
    row = re.search(rf'<tr class="xf-dead-letter" data-seq="{seq}">(.*?)</tr>', page.text, re.S)
    assert row and "attendance.corrected.v9" in row.group(1) and html.escape(subject) in row.group(1)
    assert f'data-consumer="{CONSUMER}"' in page.text, "the consumer's count is shown"

    form = replay_form(page.text, seq)
    done = await admin.post(f"{stack.portal_url}/dead-letters/{seq}/replay", data=form)
    assert done.status_code == 303 and f"replayed_seq={seq}" in done.headers["location"]
    assert await on_stream(js, subject) == 2, "the original and its replay"

    # The same form again (a double click, a resent page): the first answer, nothing published.
    resent = await admin.post(f"{stack.portal_url}/dead-letters/{seq}/replay", data=form)
    assert resent.status_code == 303
    assert await on_stream(js, subject) == 2

    after = await admin.get(f"{stack.portal_url}{done.headers['location']}")
    assert f"第{seq}号死信已重放" in after.text
    row = re.search(rf'<tr class="xf-dead-letter" data-seq="{seq}">(.*?)</tr>', after.text, re.S)
    assert row and "已重放" in row.group(1) and f"/dead-letters/{seq}/replay" not in row.group(1)


async def test_a_township_clerk_has_no_dead_letters_page(stack: StackSettings, signed_in_client) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    home = await clerk.get(f"{stack.portal_url}/")
    assert 'href="/dead-letters"' not in home.text
    page = await clerk.get(f"{stack.portal_url}/dead-letters")
    assert page.status_code == 403


async def test_the_page_is_english_on_request(stack: StackSettings, signed_in_client) -> None:
    admin = await signed_in_client("county.admin")
    admin.cookies.set("xf_lang", "en")
    page = await admin.get(f"{stack.portal_url}/dead-letters")
    assert page.status_code == 200 and "Dead-lettered events" in page.text
