"""One long-lived NATS connection per process that keeps trying until the server answers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import nats
from nats.aio.client import Client

from shared.events.permissions import inbox_prefix
from shared.settings import NatsSettings

log = logging.getLogger(__name__)


def connect_options(settings: NatsSettings) -> dict[str, Any]:
    """`nats.connect(**connect_options(s))`: the server, and the user's credentials and inbox when it has any."""
    options: dict[str, Any] = {"servers": [settings.url]}
    if settings.user:
        options |= {
            "user": settings.user,
            "password": settings.password.get_secret_value(),
            "inbox_prefix": inbox_prefix(settings.user),
        }
    return options


class NatsLink:
    def __init__(self, settings: NatsSettings, name: str) -> None:
        self.settings = settings
        self.name = name
        self.client: Client | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._connect_until_up())

    async def _connect_until_up(self) -> None:
        # nats-py reconnects a lost connection by itself, but not a first connect that failed.
        while self.client is None:
            try:
                self.client = await nats.connect(
                    **connect_options(self.settings),
                    name=self.name,
                    connect_timeout=2,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                )
            except Exception as exc:
                log.warning("NATS not reachable yet: %s", type(exc).__name__)
                await asyncio.sleep(1)

    async def check(self) -> None:
        if self.client is None or not self.client.is_connected:
            raise ConnectionError("not connected")
        await self.client.flush(timeout=2)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.client is not None and not self.client.is_closed:
            await self.client.close()
