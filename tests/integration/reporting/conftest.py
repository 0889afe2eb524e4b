"""Clients of the running reporting service, its settings for the rebuild, and events published as intake and
supervision publish them (on the real NATS, as the operator)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime
from typing import Any

import httpx
import msgspec
import pytest

from deploy.launcher.config import StackSettings
from deploy.launcher.services import service_env
from services.reporting.settings import ReportingSettings
from shared.clock import CHINA
from shared.events.envelope import Envelope
from shared.tenancy import tenant_id_for
from tests.integration.intake.conftest import tokens  # noqa: F401 - the realm's tokens, one cache
from tests.integration.shared.clients import SignedInClients

Client = Callable[[str], Awaitable[httpx.AsyncClient]]
# Fixed ids: a second run of the suite upserts the same rows instead of adding to the month.
_IDS = uuid.UUID("0b7f1c8e-4a55-4d1e-9a0e-2f6a3e8c5d11")


def fixed_id(name: str) -> uuid.UUID:
    return uuid.uuid5(_IDS, name)


@pytest.fixture
async def reporting_as(stack: StackSettings, tokens) -> AsyncIterator[Client]:  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.reporting_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
def reporting_settings(stack: StackSettings, stack_secrets: dict[str, str]) -> ReportingSettings:
    """The worker's own settings (its database role and scope key), as the launcher hands them over."""
    with pytest.MonkeyPatch.context() as env:
        for key, value in service_env(stack, stack_secrets, "reporting").items():
            if "TELEMETRY" not in key:
                env.setenv(key, value)
        return ReportingSettings()


def event(
    service: str,
    type_: str,
    township: str,
    subject: uuid.UUID,
    payload: msgspec.Struct,
    at: datetime | None = None,
) -> Envelope:
    """`at`: the event's time, for the events reporting dates by it (an instruction, a move, a screening item)."""
    e = Envelope.new(
        service=service, type=type_, subject=subject, tenant=township, tenant_id=tenant_id_for(township),
        data=payload, actor=f"test:{service}",
    )  # fmt: skip
    return e if at is None else msgspec.structs.replace(e, time=at)


def china(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of the county's day (Asia/Shanghai), as the events carry it."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


def rate(numerator: int, denominator: int) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": None if denominator == 0 else round(numerator / denominator, 4),
    }
