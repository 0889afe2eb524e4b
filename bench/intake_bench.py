"""Intake benchmark: registration through the real HTTP stack beside a raw asyncpg baseline, and repeat detection.

    .venv/bin/python -m bench.intake_bench            # full run on a stack of its own (port base 12000)
    .venv/bin/python -m bench.intake_bench --smoke    # tiny sizes (the test suite runs this)

Prints a table and writes JSON (default bench/results/intake.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from keycloak import KeycloakOpenID

from bench.generator import PetitionGenerator
from bench.measure import Result, run_concurrently, table
from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.postgres import DATABASE, app_role
from deploy.launcher.secrets import load_or_create
from shared.contracts.intake import PetitionRegistered
from shared.db.scope import set_scope_raw
from shared.events.envelope import Envelope
from shared.personal_data import PersonalDataCipher
from shared.tenancy import Scope, tenant_id_for, village_id_for

TOWNSHIP = "dajiahe"
CLERK = "dajiahe.clerk"


async def token(s: StackSettings, secrets: dict[str, str], username: str) -> str:
    kc = KeycloakOpenID(
        server_url=s.keycloak_url,
        realm_name="xinfang",
        client_id="xinfang-cli",
        client_secret_key=secrets["cli_client"],
    )
    return (await kc.a_token(username, s.demo_password))["access_token"]


async def registration_http(
    s: StackSettings, secrets: dict[str, str], concurrency: int, n: int, seed: int
) -> Result:
    gen = PetitionGenerator(seed=seed, township=TOWNSHIP)
    bodies = [gen.petition() for _ in range(n)]
    headers = {"Authorization": f"Bearer {await token(s, secrets, CLERK)}"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{s.intake_port}", headers=headers, limits=limits, timeout=60
    ) as client:

        def job(body: dict[str, Any]) -> Callable[[], Awaitable[bool]]:
            async def post() -> bool:
                return (await client.post("/petitions", json=body)).status_code == 201

            return post

        return await run_concurrently("register via HTTP", [job(b) for b in bodies], concurrency)


_PETITION = """INSERT INTO intake.petition (id, tenant_id, village_id, channel, category, kind, content, received_on,
    registered_by, registration_level, status, acceptance_due_on, people_count, is_collective, is_skip_level)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'bench', 'township', 'awaiting_acceptance', $9, $10, false, false)"""
_PETITIONER = """INSERT INTO intake.petitioner (id, tenant_id, village_id, petition_id, position, is_representative,
    name_enc, name_masked, id_number_enc, id_number_masked, id_number_hash, phone_enc, phone_masked, phone_hash)
    VALUES ($1, $2, $3, $4, $5, $6, $7, '张**', $8, '3302**********0000', $9, $10, '138****0000', $11)"""
_OUTBOX = """INSERT INTO intake.outbox (id, tenant_id, subject, type, envelope)
    VALUES ($1, $2, $3, $4, $5::jsonb)"""


def registered_event(pid: uuid.UUID, body: dict[str, Any], due_on: date) -> Envelope:
    """The event intake itself would write: the baseline's rows run against a live stack, whose relay
    publishes them, so they must be events the relay can publish and consumers can read."""
    payload = PetitionRegistered(
        petition_id=pid,
        channel=body["channel"],
        category=body["category"],
        kind=body["kind"],
        village=body["village"],
        received_on=date.fromisoformat(body["received_on"]),
        acceptance_due_on=due_on,
        people_count=len(body["petitioners"]),
        is_collective=False,
        is_skip_level=False,
        is_repeat_suspected=False,
        registration_level="township",
    )
    return Envelope.new(
        service="intake",
        type=PetitionRegistered.event_type,
        subject=pid,
        tenant=TOWNSHIP,
        tenant_id=tenant_id_for(TOWNSHIP),
        data=payload,
        actor="bench",
    )


def sealed_people(cipher: PersonalDataCipher, body: dict[str, Any]) -> list[tuple[bytes, bytes, bytes]]:
    """Each petitioner's name, ID number and phone encrypted as intake does, before the clock starts: a live
    stack reads these rows back (views, reveal, the log scan), and random bytes there would not decrypt.
    The keyed hashes stay random, so repeat detection never matches the benchmark's people."""
    return [
        (
            cipher.encrypt(p["name"], "petitioner.name"),
            cipher.encrypt(p["id_number"], "petitioner.id_number"),
            cipher.encrypt(p["phone"], "petitioner.phone"),
        )
        for p in body["petitioners"]
    ]


async def registration_baseline(
    s: StackSettings, secrets: dict[str, str], concurrency: int, n: int, seed: int
) -> Result:
    """The same rows (petition, petitioners, outbox) written by plain asyncpg transactions under the same role and
    row-level security, without HTTP, tokens or repeat detection, the personal data encrypted before the clock
    starts: the floor to compare against."""
    gen = PetitionGenerator(seed=seed + 1, township=TOWNSHIP)
    bodies = [gen.petition() for _ in range(n)]
    cipher = PersonalDataCipher(secrets["personal_data_key"])
    people = [sealed_people(cipher, body) for body in bodies]
    tenant = tenant_id_for(TOWNSHIP)
    pool = await asyncpg.create_pool(
        host="127.0.0.1",
        port=s.pg_port,
        user=app_role("intake"),
        password=secrets["intake_app"],
        database=DATABASE,
        min_size=concurrency,
        max_size=concurrency,
    )

    def job(body: dict[str, Any], sealed: list[tuple[bytes, bytes, bytes]]) -> Callable[[], Awaitable[bool]]:
        async def write() -> bool:
            pid, village = uuid.uuid4(), village_id_for(TOWNSHIP, body["village"])
            due_on = date.today() + timedelta(days=15)
            async with pool.acquire() as conn, conn.transaction():
                await set_scope_raw(conn, secrets["intake_scope_key"], Scope.township, tenant)
                await conn.execute(
                    _PETITION,
                    pid,
                    tenant,
                    village,
                    body["channel"],
                    body["category"],
                    body["kind"],
                    body["content"],
                    date.fromisoformat(body["received_on"]),
                    due_on,
                    len(body["petitioners"]),
                )
                for i, (name, id_number, phone) in enumerate(sealed):
                    await conn.execute(
                        _PETITIONER,
                        uuid.uuid4(),
                        tenant,
                        village,
                        pid,
                        i,
                        i == 0,
                        name,
                        id_number,
                        os.urandom(32).hex(),
                        phone,
                        os.urandom(32).hex(),
                    )
                event = registered_event(pid, body, due_on)
                await conn.execute(
                    _OUTBOX, event.id, tenant, event.nats_subject(), event.type, event.to_json().decode()
                )
            return True

        return write

    try:
        jobs = [job(b, sealed) for b, sealed in zip(bodies, people, strict=True)]
        return await run_concurrently("same rows, raw asyncpg", jobs, concurrency)
    finally:
        await pool.close()


async def run(s: StackSettings, sizes: dict[str, Any]) -> dict[str, Any]:
    from bench import repeat_bench  # it imports intake_bench's token()

    secrets = load_or_create(s.run_dir)
    results: list[Result] = []
    for concurrency in sizes["concurrency"]:
        results.append(
            await registration_http(s, secrets, concurrency, sizes["registrations"], seed=concurrency)
        )
        results.append(
            await registration_baseline(s, secrets, concurrency, sizes["registrations"], seed=concurrency)
        )
    repeat = await repeat_bench.run(
        s, secrets, sizes["repeat_sizes"], sizes["distinct_matters"], sizes["drafts"]
    )
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "sizes": sizes,
        "registration": [r.row() for r in results],
        "repeat_detection": [r.row() for r in repeat],
        "table": table([*results, *repeat]),
    }


FULL = {
    "concurrency": [8, 32],
    "registrations": 800,
    "repeat_sizes": [10_000, 100_000, 1_000_000],
    "distinct_matters": 5000,
    "drafts": 100,
}
SMOKE = {"concurrency": [2], "registrations": 6, "repeat_sizes": [50], "distinct_matters": 20, "drafts": 3}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, to check the harness still works")
    p.add_argument(
        "--running",
        action="store_true",
        help="use the stack the XF_* settings point at instead of starting one of its own",
    )
    p.add_argument(
        "--repeat-sizes",
        type=lambda v: [int(x) for x in v.split(",")],
        default=None,
        help="petitions in the tenant at each repeat measurement, e.g. 10000,100000",
    )
    p.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results" / "intake.json")
    args = p.parse_args(argv)
    sizes = dict(SMOKE if args.smoke else FULL)
    if args.repeat_sizes:
        sizes["repeat_sizes"] = args.repeat_sizes
    report = asyncio.run(run(StackSettings(), sizes)) if args.running else _on_own_stack(sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(report["table"])
    print(f"\nwritten to {args.out}")
    return 0


def _on_own_stack(sizes: dict[str, Any]) -> dict[str, Any]:
    from deploy.launcher.stack import Stack

    settings = StackSettings(
        run_dir=REPO_ROOT / ".run" / "bench", port_base=12000
    )  # below the ephemeral port range
    stack = Stack(settings)
    try:
        stack.up(seed=True)
        return asyncio.run(run(settings, sizes))
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
