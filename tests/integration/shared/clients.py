"""Clients of one running API, each signed in as a demo user of the test realm, closed together at the end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

Tokens = Callable[[str], Awaitable[str]]


class SignedInClients:
    def __init__(self, base_url: str, tokens: Tokens) -> None:
        self.base_url, self.tokens = base_url, tokens
        self.opened: list[httpx.AsyncClient] = []

    async def __call__(self, username: str) -> httpx.AsyncClient:
        c = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=30,
            headers={"Authorization": f"Bearer {await self.tokens(username)}"},
        )
        self.opened.append(c)
        return c

    async def close(self) -> None:
        for c in self.opened:
            await c.aclose()
