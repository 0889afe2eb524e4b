"""不再受理: supervision closes a matter for good after re-examination (复核); a new petition of it is flagged.

The closing arrives on NATS as supervision would send it; intake's worker records it and the petition that
repeats the closed one carries `closed_for_good` in its detail and in the list, with an entry on its timeline,
whether it was registered after the closing or before. Nothing is refused: the clerk decides.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import nats
import pytest
from nats.js import JetStreamContext

from shared.contracts.supervision import CaseClosedForGood
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY
from shared.settings import NatsSettings
from tests.integration.intake.conftest import fresh_id_number, petition_body

TOWNSHIP = "dajiahe"
DURABLE = "intake-closed-for-good"
FLAGGED = "petition.closed_matter_flagged"
CLOSED_ON = date(2026, 10, 30)


@pytest.fixture
async def js(nats_operator: NatsSettings) -> AsyncIterator[JetStreamContext]:
    nc = await nats.connect(**connect_options(nats_operator))
    yield nc.jetstream()
    await nc.close()


async def _eventually(check: Callable[[], Awaitable[Any]], within: float = 10.0) -> Any:
    """Poll until `check` answers something truthy (the worker picks events up within a second or so)."""
    deadline = time.monotonic() + within
    while not (answer := await check()):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.2)
    return answer


async def _closing(superuser, petition_id: str) -> Envelope:
    tenant_id = await superuser.fetchval("SELECT tenant_id FROM intake.township WHERE slug = $1", TOWNSHIP)
    payload = CaseClosedForGood(
        case_id=uuid.uuid4(), petition_id=uuid.UUID(petition_id), matter_id=uuid.uuid4(), closed_on=CLOSED_ON
    )
    return Envelope.new(
        service="supervision",
        type=CaseClosedForGood.event_type,
        subject=payload.case_id,
        tenant=TOWNSHIP,
        tenant_id=tenant_id,
        data=payload,
    )


async def _publish(js: JetStreamContext, envelope: Envelope, msg_id: str | None = None) -> None:
    await js.publish(
        envelope.nats_subject(), envelope.to_json(), headers={"Nats-Msg-Id": msg_id or str(envelope.id)}
    )


async def _drained(js: JetStreamContext) -> bool:
    info = await js.consumer_info(TOPOLOGY.stream, DURABLE)
    return info.num_pending == 0 and info.num_ack_pending == 0


async def _register_pair(clerk) -> tuple[dict, dict]:
    """A petition and, from the same petitioner in the same words, a later one the matcher links to it."""
    person = [{"name": "郑守仁", "id_number": fresh_id_number(), "is_representative": True}]
    first = await clerk.post("/petitions", json=petition_body(petitioners=person))
    assert first.status_code == 201, first.text
    return first.json(), await _again(clerk, first.json(), person)


async def _again(clerk, first: dict, person: list[dict]) -> dict:
    r = await clerk.post(
        "/petitions", json=petition_body(petitioners=person, channel="visit", content=first["content"])
    )
    assert r.status_code == 201, r.text
    assert first["id"] in [c["petition_id"] for c in r.json()["repeat_candidates"]]
    return r.json()


def _flags(timeline: list[dict]) -> list[dict]:
    return [e for e in timeline if e["action"] == FLAGGED]


async def test_a_petition_of_a_matter_closed_for_good_is_flagged_at_registration(
    as_user, superuser, js
) -> None:
    clerk = await as_user("dajiahe.clerk")
    person = [{"name": "郑守仁", "id_number": fresh_id_number(), "is_representative": True}]
    first = (await clerk.post("/petitions", json=petition_body(petitioners=person))).json()
    assert first["closed_for_good"] is None
    await _publish(js, await _closing(superuser, first["id"]))
    await _eventually(
        lambda: superuser.fetchval(
            "SELECT count(*) FROM intake.closed_matter WHERE petition_id = $1", uuid.UUID(first["id"])
        )
    )

    second = await _again(clerk, first, person)
    assert second["closed_for_good"] == {
        "petition_id": first["id"],
        "closed_on": CLOSED_ON.isoformat(),
        "confirmed": False,
    }
    (flag,) = _flags(second["timeline"])
    assert flag["detail"]["earlier_petition_id"] == first["id"] and flag["detail"]["link"] == "suggested"
    assert second["status"] == "awaiting_acceptance", "flagged, never refused"
    listed = (await clerk.get("/petitions", params={"text": first["content"]})).json()["items"]
    by_id = {p["id"]: p for p in listed}
    assert by_id[second["id"]]["closed_for_good"]["petition_id"] == first["id"]
    assert by_id[first["id"]]["closed_for_good"] is None

    url = f"/petitions/{second['id']}/repeat-candidates/{first['id']}"
    confirmed = (await clerk.post(url, json={"confirmed": True})).json()
    assert confirmed["closed_for_good"]["confirmed"] is True
    assert [f["detail"]["link"] for f in _flags(confirmed["timeline"])] == ["suggested", "confirmed"]
    rejected = (await clerk.post(url, json={"confirmed": False})).json()
    assert rejected["closed_for_good"] is None, "the clerk found it another matter"
    other = await as_user("changjie.clerk")
    assert (await other.get(f"/petitions/{second['id']}")).status_code == 404


async def test_a_closing_that_arrives_later_flags_the_petitions_already_linked_once(
    as_user, superuser, js
) -> None:
    clerk = await as_user("dajiahe.clerk")
    first, second = await _register_pair(clerk)
    assert second["closed_for_good"] is None
    closing = await _closing(superuser, first["id"])
    await _publish(js, closing)

    async def flagged() -> dict | None:
        return (await clerk.get(f"/petitions/{second['id']}")).json()["closed_for_good"]

    assert (await _eventually(flagged))["petition_id"] == first["id"]

    # Delivered again (a relay retry past the dedupe window), and the same closing in a new event.
    await _publish(js, closing, msg_id=f"{closing.id}-again")
    await _publish(js, await _closing(superuser, first["id"]))
    await asyncio.sleep(0.5)
    await _eventually(lambda: _drained(js))
    rows = await superuser.fetch(
        "SELECT case_id, closed_on FROM intake.closed_matter WHERE petition_id = $1", uuid.UUID(first["id"])
    )
    assert [(str(r["case_id"]), r["closed_on"]) for r in rows] == [(closing.data["case_id"], CLOSED_ON)]
    detail = (await clerk.get(f"/petitions/{second['id']}")).json()
    (flag,) = _flags(detail["timeline"])
    assert flag["actor_id"] == "service:supervision" and flag["detail"]["link"] == "suggested"
    assert (await clerk.get(f"/petitions/{first['id']}")).json()["closed_for_good"] is None
