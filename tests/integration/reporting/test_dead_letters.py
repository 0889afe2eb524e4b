"""Dead letters on the real stack: an event reporting's own consumer gives up on is kept by reporting's worker,
listed and counted for the county admin, and replayed once to its original subject with a new Nats-Msg-Id; a
retried replay publishes nothing more, and a township clerk reads none of it.

The events go to the live XF stream as the operator, on a township of this run's own (`dlq<hex>`) and on
attendance.corrected with a version no consumer was written for: every consumer of that subject dead-letters it at
its first delivery and applies nothing, so no figure of any other test moves.
"""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import nats
import pytest
from nats.js import JetStreamContext

from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.reporting.conftest import Client

CONSUMER = "reporting-attendance-corrected"
WRONG_TYPE = "attendance.corrected.v9"  # a version no consumer was written for: dead-lettered at once


@pytest.fixture
async def js(nats_operator: NatsSettings) -> AsyncIterator[JetStreamContext]:
    nc = await nats.connect(**connect_options(nats_operator), name="test-dead-letters")
    yield nc.jetstream()
    await nc.close()


@pytest.fixture
def township() -> str:
    return f"dlq{secrets.token_hex(3)}"


def subject_of(township: str) -> str:
    return f"{TOPOLOGY.root}.{township}.attendance.corrected"


def wrongly_typed(township: str) -> Envelope:
    return Envelope.new(
        service="training_records", type=WRONG_TYPE, subject=uuid.uuid4(), tenant=township,
        tenant_id=tenant_id_for(township), actor="test:dead-letters", data={"attendance_id": str(uuid.uuid4())},
    )  # fmt: skip


async def listed(admin: httpx.AsyncClient, subject: str, within: float = 60.0, count: int = 1) -> list[dict]:
    """The dead letters of `subject`, once reporting's worker has kept at least `count` of them."""
    deadline = time.monotonic() + within
    while True:
        r = await admin.get("/dead-letters", params={"consumer": CONSUMER, "page_size": 100})
        assert r.status_code == 200, r.text
        found = [d for d in r.json()["items"] if d["original_subject"] == subject]
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"reporting did not list the dead letter of {subject}"
        await asyncio.sleep(0.5)


async def on_stream(js: JetStreamContext, subject: str) -> int:
    info = await js.stream_info(TOPOLOGY.stream, subjects_filter=subject)
    return (info.state.subjects or {}).get(subject, 0)


async def replay(admin: httpx.AsyncClient, seq: int, key: str) -> httpx.Response:
    return await admin.post(f"/dead-letters/{seq}/replay", headers={"Idempotency-Key": key})


async def test_a_dead_letter_is_listed_and_counted_with_the_events_id_type_and_tenant_only(
    reporting_as: Client, js: JetStreamContext, township: str
) -> None:
    event, subject = wrongly_typed(township), subject_of(township)
    await js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)})
    admin = await reporting_as("county.admin")

    [letter] = await listed(admin, subject)
    assert letter["service"] == "reporting" and letter["consumer"] == CONSUMER
    assert (letter["event_id"], letter["event_type"], letter["tenant"]) == (
        str(event.id),
        WRONG_TYPE,
        township,
    )
    assert letter["error_type"] == "UnexpectedEventType" and letter["deliveries"] == 1
    assert not letter["undecodable"] and letter["replayed_at"] is None
    assert "data" not in letter and "attendance_id" not in str(letter), "nothing of the payload is shown"

    r = await admin.get(
        "/dead-letters", params={"consumer": CONSUMER, "type": WRONG_TYPE, "replayed": "false"}
    )
    counts = {(c["service"], c["consumer"]): c for c in r.json()["counts"]}
    assert counts[("reporting", CONSUMER)]["waiting"] >= 1
    assert all(d["event_type"] == WRONG_TYPE and d["replayed_at"] is None for d in r.json()["items"])

    one = await admin.get(f"/dead-letters/{letter['seq']}")
    assert one.status_code == 200 and one.json() == {"dead_letter": letter, "failed_again_as": []}
    assert (await admin.get("/dead-letters/999999999999")).status_code == 404


async def test_a_message_that_does_not_decode_is_listed_as_undecodable(
    reporting_as: Client, js: JetStreamContext, township: str
) -> None:
    subject = subject_of(township)
    await js.publish(
        subject, b'{"type": "attendance.corrected.v1"}', headers={"Nats-Msg-Id": str(uuid.uuid4())}
    )
    [letter] = await listed(await reporting_as("county.admin"), subject)
    assert letter["undecodable"] and letter["event_id"] is None and letter["event_type"] is None
    assert letter["error_type"] == "ValidationError"


async def test_a_replay_publishes_the_message_again_once_and_a_retried_replay_nothing_more(
    reporting_as: Client, js: JetStreamContext, township: str, superuser: asyncpg.Connection
) -> None:
    event, subject = wrongly_typed(township), subject_of(township)
    await js.publish(subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)})
    admin = await reporting_as("county.admin")
    [letter] = await listed(admin, subject)
    seq, key = letter["seq"], str(uuid.uuid4())

    first = await replay(admin, seq, key)
    assert first.status_code == 200, first.text
    done = first.json()
    assert (done["seq"], done["subject"], done["replayed_by"]) == (seq, subject, "county.admin")
    assert done["msg_id"] == f"{event.id}:replay-{seq}", (
        "a new id: the duplicate window would swallow the old one"
    )
    stored = await js.get_last_msg(TOPOLOGY.stream, subject)
    assert (stored.seq, stored.headers["Nats-Msg-Id"]) == (done["stream_seq"], done["msg_id"])
    assert Envelope.from_json(stored.data) == event, "the original message, as it first went out"
    published = await on_stream(js, subject)
    assert published == 2

    again = await replay(admin, seq, key)
    assert again.status_code == 200 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == done
    other_key = await replay(admin, seq, str(uuid.uuid4()))
    assert other_key.status_code == 409, (
        "one replay per dead letter: a failed replay is a dead letter of its own"
    )
    assert await on_stream(js, subject) == published, "neither published anything more"

    # Still a version no consumer knows: the replay is dead-lettered again, linked to the one replayed.
    failed_again = [d for d in await listed(admin, subject, count=2) if d["seq"] != seq]
    assert [d["replay_of"] for d in failed_again] == [seq]
    detail = (await admin.get(f"/dead-letters/{seq}")).json()
    assert detail["failed_again_as"] == [failed_again[0]["seq"]]
    assert detail["dead_letter"]["replayed_by"] == "county.admin"
    assert detail["dead_letter"]["replay_msg_id"] == done["msg_id"]

    trail = await superuser.fetch(
        "SELECT actor_id, detail FROM reporting.trail_entry WHERE action = 'dead_letter.replayed' AND object_id = $1",
        str(seq),
    )
    assert len(trail) == 1, "the replay is on the trail, once"
    assert '"msg_id"' in trail[0]["detail"] and done["msg_id"] in trail[0]["detail"]


async def test_a_township_clerk_reads_and_replays_no_dead_letter(reporting_as: Client) -> None:
    clerk = await reporting_as("dajiahe.clerk")
    assert (await clerk.get("/dead-letters")).status_code == 403
    assert (await clerk.get("/dead-letters/1")).status_code == 403
    assert (await replay(clerk, 1, str(uuid.uuid4()))).status_code == 403
    officer = await reporting_as("county.officer")
    assert (await officer.get("/dead-letters")).status_code == 403


async def test_bad_filters_and_sequences_are_422_naming_the_field(reporting_as: Client) -> None:
    admin = await reporting_as("county.admin")
    r = await admin.get("/dead-letters", params={"replayed": "perhaps"})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["replayed"]
    r = await admin.get("/dead-letters", params={"page_size": 1000})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["page_size"]
    r = await admin.get("/dead-letters/0")
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["seq"]
