"""One long-lived NATS connection per process that keeps trying until the server answers."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import nats
from nats.aio.client import Client

log = logging.getLogger(__name__)


class NatsLink:
    def __init__(self, url: str, name: str) -> None:
        self.url = url
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
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                )
            except Exception as exc:  # noqa: BLE001 - any failure means "not yet"; we retry
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
