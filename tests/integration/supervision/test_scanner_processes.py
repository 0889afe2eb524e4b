"""Reminders and escalations fire exactly once with two worker processes, one of them killed while it holds its
claim; each process is the real `python -m services.supervision.worker` against the test stack."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest

from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.services import service_env
from shared.clock import Clock
from shared.settings import NatsSettings
from tests.integration.shared.scratch import wait_for
from tests.integration.supervision.conftest import Client, accepted_event, case_of, publish

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00
# Handling is due 60 days after acceptance: accepted 54 days ago, the 7-day reminder fell due yesterday; 61 days
# ago, the deadline passed yesterday (the township leader is told); 70 days ago, the county is told as well, and a
# worker that was down meanwhile fires only that latest point.
GROUPS = {"before_7": 54, "overdue": 61, "overdue_county": 70}
PER_GROUP = 8


def _worker(stack: StackSettings, secrets: dict[str, str], hold: float, log: Path) -> subprocess.Popen:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        **{k: v for k, v in service_env(stack, secrets, "supervision").items() if "TELEMETRY" not in k},
        "XF_SUPERVISION_SCANNER__ENABLED": "true",
        "XF_SUPERVISION_SCANNER__INTERVAL_SECONDS": "0.5",
        "XF_SUPERVISION_SCANNER__CLAIM_HOLD_SECONDS": str(hold),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "services.supervision.worker"], env=env, cwd=REPO_ROOT,
        stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


@pytest.fixture
def workers(stack: StackSettings, stack_secrets: dict[str, str]) -> Iterator[list[subprocess.Popen]]:
    started: list[subprocess.Popen] = []
    yield started
    for p in started:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=20)


async def _unlocked(superuser: asyncpg.Connection, clock_ids: list[uuid.UUID]) -> int:
    """How many of these clocks nobody holds: asked with SKIP LOCKED and let go at once."""
    async with superuser.transaction():
        rows = await superuser.fetch(
            "SELECT id FROM supervision.case_clock WHERE id = ANY($1) FOR UPDATE SKIP LOCKED", clock_ids
        )
        return len(rows)


async def test_each_reminder_fires_once_with_two_workers_one_killed_mid_scan(
    stack: StackSettings,
    stack_secrets: dict[str, str],
    supervision_as: Client,
    nats_operator: NatsSettings,
    superuser: asyncpg.Connection,
    workers: list[subprocess.Popen],
    tmp_path: Path,
) -> None:
    events = {
        g: [accepted_event(accepted_on=TODAY - timedelta(days=d)) for _ in range(PER_GROUP)]
        for g, d in GROUPS.items()
    }
    for e in (e for group in events.values() for e in group):
        await publish(nats_operator, e)
    clerk = await supervision_as("dajiahe.clerk")
    cases = {
        g: [uuid.UUID((await case_of(clerk, e.data["petition_id"]))["id"]) for e in group]
        for g, group in events.items()
    }
    all_cases = [c for group in cases.values() for c in group]
    clocks = [r["id"] for r in await superuser.fetch(
        "SELECT id FROM supervision.case_clock WHERE case_id = ANY($1) AND kind = 'handling'", all_cases
    )]  # fmt: skip

    first = _worker(stack, stack_secrets, hold=30, log=tmp_path / "first.log")
    workers.append(first)

    async def claimed_by_first() -> bool:
        return await _unlocked(superuser, clocks) == 0

    await wait_for(claimed_by_first, 60, every=0.2)
    second = _worker(stack, stack_secrets, hold=0, log=tmp_path / "second.log")
    workers.append(second)
    await asyncio.sleep(3)  # the second scans meanwhile and must skip what the first holds
    fired = await superuser.fetchval(
        "SELECT count(*) FROM supervision.reminder WHERE case_id = ANY($1) AND status = 'fired'", all_cases
    )
    assert fired == 0, "nothing fires while the first worker holds the claim"
    os.killpg(first.pid, signal.SIGKILL)  # mid-scan: claimed, not yet fired, not committed
    first.wait(timeout=10)

    async def all_fired() -> bool:
        due = await superuser.fetchval(
            "SELECT count(*) FROM supervision.reminder WHERE case_id = ANY($1) AND status = 'pending'"
            " AND fires_on <= $2 AND clock_id = ANY($3)",
            all_cases, TODAY, clocks,
        )  # fmt: skip
        return due == 0

    await wait_for(all_fired, 60, every=0.3)
    events_per_reminder = await superuser.fetch(
        "SELECT envelope->'data'->>'reminder_id' AS reminder, envelope->'data'->>'point' AS point, count(*) AS n"
        " FROM supervision.outbox WHERE type LIKE 'reminder.%' AND (envelope->>'subject')::uuid = ANY($1)"
        " AND envelope->'data'->>'clock' = 'handling' GROUP BY 1, 2",
        all_cases,
    )
    assert all(r["n"] == 1 for r in events_per_reminder), "a reminder fired twice"
    points = sorted(r["point"] for r in events_per_reminder)
    assert points == sorted([g for g in GROUPS for _ in range(PER_GROUP)]), (
        "one event per case: its latest point"
    )
    superseded = await superuser.fetchval(
        "SELECT count(*) FROM supervision.reminder WHERE case_id = ANY($1) AND status = 'superseded'"
        " AND clock_id = ANY($2)", cases["overdue_county"], clocks,
    )  # fmt: skip
    assert superseded == PER_GROUP * 3, (
        "the down worker's backlog: before_7, before_1, overdue each superseded"
    )
    items = await superuser.fetch(
        "SELECT audience, count(*) AS n FROM supervision.work_item WHERE case_id = ANY($1) AND clock = 'handling'"
        " GROUP BY 1", all_cases,
    )  # fmt: skip
    assert {r["audience"]: r["n"] for r in items} == {
        "unit": PER_GROUP, "township_leader": PER_GROUP, "county_officer": PER_GROUP,
    }  # fmt: skip
    leader = await supervision_as("dajiahe.leader")
    listed = (await leader.get("/work-items", params={"page_size": 1})).json()
    assert listed["total"] >= 2 * PER_GROUP  # the unit's reminders and the township's escalations
