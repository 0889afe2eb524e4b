"""Clients of the running supervision service, and accepted-petition events published as intake publishes them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import nats
import pytest

from deploy.launcher.config import StackSettings
from shared.clock import Clock
from shared.contracts.intake import PetitionDecided
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.intake.conftest import as_user, tokens  # noqa: F401 - intake clients; the realm's tokens, one cache
from tests.integration.shared.clients import SignedInClients
from tests.integration.shared.scratch import wait_for

Client = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def supervision_as(stack: StackSettings, tokens) -> AsyncIterator[Client]:  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.supervision_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
async def public_client(stack: StackSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.supervision_port}", timeout=30) as c:
        yield c


def accepted_event(
    township: str = "dajiahe", *, petition_id: uuid.UUID | None = None, accepted_on: date | None = None,
    category: str = "land", kind: str = "claim", village: str | None = "zhangjiaxi", digest: str | None = None,
) -> Envelope:  # fmt: skip
    """petition.accepted.v1 exactly as intake's acceptance writes it (a fresh petition unless one is given)."""
    payload = PetitionDecided(
        petition_id or uuid.uuid4(), "accepted", accepted_on or Clock().today(), True, None, None,
        category=category, kind=kind, village=village, people_count=1, is_collective=False, query_code_digest=digest,
    )  # fmt: skip
    return Envelope.new(
        service="intake", type="petition.accepted.v1", subject=str(payload.petition_id), tenant=township,
        tenant_id=tenant_id_for(township), data=payload, actor="test:intake",
    )  # fmt: skip


async def publish(operator: NatsSettings, envelope: Envelope, msg_id: str | None = None) -> None:
    """As the relay publishes: on the envelope's subject with its id as Nats-Msg-Id (or another, to get past
    JetStream's de-duplication and deliver the same event a second time)."""
    nc = await nats.connect(**connect_options(operator))
    try:
        await nc.jetstream().publish(
            envelope.nats_subject(), envelope.to_json(), headers={"Nats-Msg-Id": msg_id or str(envelope.id)}
        )
    finally:
        await nc.close()


async def case_of(client: httpx.AsyncClient, petition_id: uuid.UUID, within: float = 10) -> dict[str, Any]:
    """The case opened for the petition, once the worker has consumed the event."""
    found: dict[str, Any] = {}

    async def opened() -> bool:
        r = await client.get("/cases", params={"petition_id": str(petition_id)})
        for item in r.json()["items"]:
            if item["petition_id"] == str(petition_id):
                found.update(item)
                return True
        return False

    await wait_for(opened, within, every=0.1)
    return found
