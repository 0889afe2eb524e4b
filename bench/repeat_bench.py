"""Repeat detection at scale: p50/p95 of the draft endpoint with 10k, 100k and 1M petitions in one tenant.

Petitions are bulk-loaded with COPY into a township that no other benchmark writes (越溪乡): a few
thousand distinct generated matters, each copied many times over with new ids, dates and villages, so
posting lists grow as they would in a busy township. Drafts are sent by a county officer over HTTP.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from bench.generator import PetitionGenerator
from bench.intake_bench import token
from bench.measure import Result, percentile
from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from services.intake.domain.repeat_match import PetitionText, features, index_keys
from services.intake.domain.text_normalise import build_normaliser, place_names_from_seed
from shared.tenancy import tenant_id_for, village_id_for

TOWNSHIP = "yuexi"
_COLUMNS = [
    "id",
    "tenant_id",
    "village_id",
    "channel",
    "category",
    "kind",
    "content",
    "received_on",
    "registered_by",
    "registration_level",
    "status",
    "acceptance_due_on",
    "people_count",
    "is_collective",
    "is_skip_level",
    "features",
]


def distinct_matters(count: int, seed: int) -> list[dict[str, Any]]:
    from bench.generator import SEED_FILE

    normaliser = build_normaliser(place_names_from_seed(json.loads(SEED_FILE.read_text())))
    gen = PetitionGenerator(seed=seed, township=TOWNSHIP)
    matters = []
    for _ in range(count):
        body = gen.petition()
        f = features(
            PetitionText(body["content"], body["village"], body["category"], date(2026, 11, 24)), normaliser
        )
        matters.append(
            {**body, "features": json.dumps(f.to_json(), ensure_ascii=False), "keys": sorted(index_keys(f))}
        )
    return matters


async def load(conn: asyncpg.Connection, matters: list[dict[str, Any]], n: int, rng: random.Random) -> None:
    tenant = tenant_id_for(TOWNSHIP)
    batch = 20_000
    for start in range(0, n, batch):
        petitions, tokens = [], []
        for _ in range(min(batch, n - start)):
            m = rng.choice(matters)
            pid = uuid.uuid4()
            received = date(2026, 11, 24) - timedelta(days=rng.randint(0, 330))
            petitions.append(
                (
                    pid,
                    tenant,
                    village_id_for(TOWNSHIP, m["village"]),
                    m["channel"],
                    m["category"],
                    m["kind"],
                    m["content"],
                    received,
                    "bench",
                    "township",
                    "accepted",
                    received + timedelta(days=15),
                    1,
                    False,
                    False,
                    m["features"],
                )
            )
            tokens.extend((tenant, k, pid) for k in m["keys"])
        await conn.copy_records_to_table(
            "petition", schema_name="intake", records=petitions, columns=_COLUMNS
        )
        await conn.copy_records_to_table(
            "petition_token",
            schema_name="intake",
            records=tokens,
            columns=["tenant_id", "token", "petition_id"],
        )


async def count(conn: asyncpg.Connection) -> int:
    return await conn.fetchval(
        "SELECT count(*) FROM intake.petition WHERE tenant_id = $1", tenant_id_for(TOWNSHIP)
    )


async def measure(
    s: StackSettings,
    secrets: dict[str, str],
    matters: list[dict[str, Any]],
    size: int,
    drafts: int,
    rng: random.Random,
) -> Result:
    headers = {"Authorization": f"Bearer {await token(s, secrets, 'county.officer')}"}
    latencies, errors, found = [], 0, 0
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{s.intake_port}", headers=headers, timeout=60
    ) as c:
        started = time.perf_counter()
        for _ in range(drafts):
            m = rng.choice(matters)
            body = {
                "content": "电话反映：" + m["content"],
                "township": TOWNSHIP,
                "village": m["village"],
                "category": m["category"],
            }
            t0 = time.perf_counter()
            r = await c.post("/petitions/repeat-candidates", json=body)
            latencies.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                errors += 1
                continue
            # The draft is a phone note of a loaded matter: one of its copies should come back.
            found += any(m["content"].startswith(c["summary"].rstrip("…")) for c in r.json())
        seconds = time.perf_counter() - started
    return Result(
        f"repeat candidates @ {size:,}",
        1,
        drafts,
        errors,
        round(seconds, 3),
        round(drafts / seconds, 1),
        round(percentile(latencies, 50), 2),
        round(percentile(latencies, 95), 2),
        round(percentile(latencies, 99), 2),
        round(found / drafts, 3),
    )


async def run(
    s: StackSettings, secrets: dict[str, str], sizes: list[int], distinct: int, drafts: int
) -> list[Result]:
    rng = random.Random(20261125)
    matters = distinct_matters(distinct, seed=7)
    conn = await asyncpg.connect(
        host="127.0.0.1", port=s.pg_port, user=SUPERUSER, password=secrets["pg_superuser"], database=DATABASE
    )
    results = []
    try:
        for size in sizes:
            have = await count(conn)
            if size > have:
                t0 = time.perf_counter()
                await load(conn, matters, size - have, rng)
                await conn.execute("ANALYZE intake.petition; ANALYZE intake.petition_token")
                print(
                    f"loaded {size - have:,} petitions in {time.perf_counter() - t0:.0f} s "
                    f"({datetime.now(UTC):%H:%M:%S})",
                    flush=True,
                )
            results.append(await measure(s, secrets, matters, size, drafts, rng))
    finally:
        await conn.close()
    return results
