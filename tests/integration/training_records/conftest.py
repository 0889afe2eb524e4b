"""Clients of the running training_records service, Keycloak users made for a test, and sign-in sheets."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from openpyxl import Workbook

from deploy.launcher.config import StackSettings
from shared.auth import Role
from shared.auth.admin import KeycloakDirectory
from shared.settings import KeycloakSettings
from tests.integration.intake.conftest import tokens  # noqa: F401 - the realm's tokens, one cache
from tests.integration.shared.clients import SignedInClients

Client = Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def training_as(stack: StackSettings, tokens) -> AsyncIterator[Client]:  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.training_records_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
async def directory(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[KeycloakDirectory]:
    """The county admin's provisioning client: tests add cadres as the admin would."""
    found = KeycloakDirectory(KeycloakSettings(url=stack.keycloak_url), stack_secrets["admin_client"])
    yield found
    await found.close()


async def put_cadre(
    directory: KeycloakDirectory, username: str, family: str, given: str, township: str, role: Role,
    enabled: bool = True,
) -> str:  # fmt: skip
    """The user as given (created, or brought back to it), enabled or not."""
    user_id = await directory.create_user(
        username, family_name=family, given_name=given, township=township, roles=[role],
        village="zhangjiaxi" if role is Role.village_liaison else None,
    )  # fmt: skip
    user = await directory.admin.a_get_user(user_id)
    if user.get("enabled") != enabled:
        await directory.admin.a_update_user(user_id, {**user, "enabled": enabled})
    return user_id


def session_body(level: str = "township", township: str | None = "dajiahe", **extra: Any) -> dict[str, Any]:
    held = datetime.now(UTC) - timedelta(days=1)
    body = {
        "session_type": "study_meeting", "topic": "信访工作条例学习", "starts_at": held.isoformat(), "hours": 2.5,
        "place": "镇三楼会议室", "level": level, "trainers": ["县信访局 王建国"],
    }  # fmt: skip
    if township:
        body["township"] = township
    return {**body, **extra}


def sheet(
    rows: Sequence[Sequence[Any]], header: Sequence[str] = ("序号", "姓名", "单位", "出勤情况", "学时")
) -> bytes:
    """A sign-in sheet as a township types it: a title row, the header, then the people."""
    wb = Workbook()
    ws = wb.active
    ws.append(["大佳何镇信访业务学习签到表"])
    ws.append(list(header))
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def upload(client: httpx.AsyncClient, session_id: str, content: bytes) -> httpx.Response:
    files = {
        "file": ("签到表.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }
    return await client.post(f"/training-sessions/{session_id}/attendance/sheet", files=files)
