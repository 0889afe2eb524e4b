"""Clients of the running intake service, signed in as demo users of the test realm."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from keycloak import KeycloakOpenID

from deploy.launcher.config import StackSettings
from tests.integration.shared.clients import SignedInClients


@pytest.fixture(scope="session")
async def tokens(keycloak_cli: KeycloakOpenID, stack: StackSettings) -> Callable[[str], Awaitable[str]]:
    cache: dict[str, str] = {}

    async def token(username: str) -> str:
        if username not in cache:
            cache[username] = (await keycloak_cli.a_token(username, stack.demo_password))["access_token"]
        return cache[username]

    return token


@pytest.fixture
async def as_user(
    stack: StackSettings, tokens
) -> AsyncIterator[Callable[[str], Awaitable[httpx.AsyncClient]]]:
    clients = SignedInClients(f"http://127.0.0.1:{stack.intake_port}", tokens)
    yield clients
    await clients.close()


def distinct_matter() -> str:
    """A matter no other test registers: its amount, year and employer differ, so it repeats nothing."""
    import random

    employer = random.choice(["恒达模具厂", "甬兴文具厂", "海丰塑料厂", "宏远建筑公司", "金港食品厂"])
    return (
        f"涨家溪村村民来信反映：{random.randint(2000, 2025)}年在{employer}务工，被拖欠工资"
        f"{random.randint(10000, 99999)}元至今未付，请求帮助追讨。"
    )


def petition_body(**overrides: Any) -> dict[str, Any]:
    """A letter about a land compensation matter in 涨家溪村; the content is unique per call unless given."""
    body = {
        "channel": "letter",
        "category": "land",
        "kind": "claim",
        "received_on": "2026-11-20",
        "village": "zhangjiaxi",
        "content": distinct_matter(),
        "petitioners": [
            {
                "name": "张永福",
                "id_number": "11010519491231002X",
                "phone": "13812345678",
                "is_representative": True,
            }
        ],
    }
    body.update(overrides)
    return body


def fresh_id_number() -> str:
    """A valid 18-digit ID number no other test uses, so no earlier petition shares the petitioner."""
    import random

    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = (
        f"330226{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
        f"{random.randint(0, 999):03d}"
    )
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
