"""The county overview and the township comparison over a large county, beside the same figures by a plain
GROUP BY over raw rows.

The world: N petitions (1,000,000 in the full run) over the 18 townships of the demo county and three years,
2010-2012 (no test or demo month comes near), about 70 % of them accepted with a case, dated and decided as a
county's year would be. They go into reporting's facts in bulk with COPY (as the superuser: COPY does not run
under row-level security), not through events, and the same petitions, one row each with their case's columns,
into a plain table of the bench's own (`xfbench_raw.petition`) with an index on each date the figures count by,
as the facts have. Both are analysed before anything is timed.

Timed, one request at a time, over months drawn from the world's 36 (the same months for each side, alternating,
after a warm-up):
- `GET /figures/overview` and `GET /figures/townships` (by 及时受理率) as the county officer, over HTTP;
- the service's own queries for the month (`month_figures`) on a session of reporting's role, no HTTP;
- the baseline: one plain GROUP BY township over the raw rows for the overview's figures (petitions, the three
  petitions, letters instructed, the four rates' numerators and denominators, the overdue backlog) and one per
  breakdown (channel, category, kind); for the comparison, one GROUP BY of 及时受理率 ordered by the rate.

Every township's figures from the API are checked against the baseline's; the run fails on any difference.
Everything the bench wrote is removed afterwards.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from bench.generator import places
from bench.intake_bench import token
from bench.reporting_common import Stack, ratio, result, say
from deploy.launcher.postgres import DATABASE, app_role
from services.reporting.domain.figures import Month, stage_rank
from services.reporting.service.figures import month_figures
from shared.clock import CHINA, Clock
from shared.db.engine import make_engine
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.settings import DatabaseSettings
from shared.tenancy import tenant_id_for

FIRST_DAY, LAST_DAY = date(2010, 1, 1), date(2012, 12, 31)
MONTHS = [Month(y, m) for y in (2010, 2011, 2012) for m in range(1, 13)]
RAW = "xfbench_raw.petition"
OFFICER = "county.officer"
CHUNK = 50_000
CHANNELS = (("visit", 40), ("letter", 20), ("phone", 15), ("online", 20), ("mailbox", 5))
CATEGORIES = ("finance", "land", "labour", "village_affairs", "environment", "law", "misconduct", "other")
KINDS = (("claim", 70), ("suggestion", 15), ("accusation", 15))
DECISIONS = (("accepted", 70), ("not_accepted", 15), ("forwarded", 15))
VERDICTS = (("satisfied", 60), ("basically_satisfied", 25), ("dissatisfied", 15))

PETITION_COLUMNS = (
    "petition_id", "tenant_id", "township", "channel", "category", "kind", "received_on", "acceptance_due_on",
    "decided_on", "decision", "decided_on_time", "decided_at", "is_collective", "is_skip_level", "is_repeat",
    "registration_level", "is_instructed",
)  # fmt: skip
CASE_COLUMNS = (
    "case_id", "petition_id", "tenant_id", "township", "opened_on", "handling_due_on", "opinion_on",
    "opinion_on_time", "closed_on", "satisfaction", "rated_on", "rated_at", "stage", "stage_rank",
)  # fmt: skip
# The raw row: the petition and its case's dates, side by side.
RAW_COLUMNS = (
    *PETITION_COLUMNS, "case_id", "opened_on", "handling_due_on", "opinion_on", "closed_on", "satisfaction",
    "rated_on",
)  # fmt: skip
_RAW_TYPES = {
    "petition_id": "uuid", "tenant_id": "uuid", "case_id": "uuid", "decided_on_time": "boolean",
    "decided_at": "timestamptz", "is_collective": "boolean", "is_skip_level": "boolean", "is_repeat": "boolean",
    "is_instructed": "boolean",
}  # fmt: skip
_DATES = ("received_on", "acceptance_due_on", "decided_on", "opened_on", "handling_due_on", "opinion_on",
          "closed_on", "rated_on")  # fmt: skip


# --- the world -------------------------------------------------------------------------------------------------


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=CHINA)


def _petition(rng: random.Random, township: str) -> tuple[tuple, tuple | None, tuple]:
    """One petition's fact row, its case's fact row (None when not accepted) and its raw row."""
    received = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    due = received + timedelta(days=15)
    decided = received + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.93 else None
    decision = _pick(rng, DECISIONS) if decided else None
    channel = _pick(rng, CHANNELS)
    tenant = tenant_id_for(township)
    pid = uuid.UUID(int=rng.getrandbits(128), version=4)
    petition = (
        pid, tenant, township, channel, rng.choice(CATEGORIES), _pick(rng, KINDS), received, due, decided,
        decision, None if decided is None else decided <= due, None if decided is None else _at(decided),
        rng.random() < 0.05, rng.random() < 0.03, rng.random() < 0.10, "township",
        channel == "letter" and rng.random() < 0.6,
    )  # fmt: skip
    case = _case(rng, pid, tenant, township, decided) if decision == "accepted" else None
    raw = (*petition, *((case[0], *case[4:7], case[8], case[9], case[10]) if case else (None,) * 7))
    return petition, case, raw


def _case(rng: random.Random, pid: uuid.UUID, tenant: uuid.UUID, township: str, opened: date) -> tuple:
    handling_due = opened + timedelta(days=60 + (30 if rng.random() < 0.08 else 0))
    opinion = opened + timedelta(days=rng.randint(5, 75)) if rng.random() < 0.9 else None
    closed = opinion + timedelta(days=rng.randint(1, 30)) if opinion and rng.random() < 0.85 else None
    verdict = _pick(rng, VERDICTS) if closed and rng.random() < 0.75 else None
    stage = "closed" if closed else "opinion_issued" if opinion else "handling"
    return (
        uuid.UUID(int=rng.getrandbits(128), version=4), pid, tenant, township, opened, handling_due, opinion,
        None if opinion is None else opinion <= handling_due, closed, verdict, closed if verdict else None,
        _at(closed) if verdict else None, stage, stage_rank(stage),
    )  # fmt: skip


def chunks(
    petitions: int, townships: list[str], seed: int
) -> Iterator[tuple[list[tuple], list[tuple], list[tuple]]]:
    """The world in chunks of CHUNK petitions; the townships unequal in size, as a county's are."""
    rng = random.Random(seed)
    weights = [rng.uniform(0.4, 1.6) for _ in townships]
    for start in range(0, petitions, CHUNK):
        facts: list[tuple] = []
        cases: list[tuple] = []
        raws: list[tuple] = []
        for township in rng.choices(townships, weights, k=min(CHUNK, petitions - start)):
            p, c, r = _petition(rng, township)
            facts.append(p)
            raws.append(r)
            if c:
                cases.append(c)
        yield facts, cases, raws


def _raw_table_sql() -> list[str]:
    columns = ", ".join(f"{c} {_RAW_TYPES.get(c, 'date' if c in _DATES else 'text')}" for c in RAW_COLUMNS)
    return [
        "CREATE SCHEMA xfbench_raw",
        f"CREATE TABLE {RAW} ({columns})",
        *(f"CREATE INDEX ON {RAW} ({c}, township)" for c in _DATES if c not in ("decided_on", "opinion_on")),
    ]


async def load(stack: Stack, petitions: int, townships: list[str], seed: int) -> dict[str, Any]:
    su = await stack.superuser()
    counts = {"petitions": 0, "cases": 0}
    started = time.perf_counter()
    try:
        for statement in _raw_table_sql():
            await su.execute(statement)
        for facts, cases, raws in chunks(petitions, townships, seed):
            await su.copy_records_to_table("petition_fact", schema_name="reporting", records=facts,
                                           columns=PETITION_COLUMNS)  # fmt: skip
            await su.copy_records_to_table("case_fact", schema_name="reporting", records=cases,
                                           columns=CASE_COLUMNS)  # fmt: skip
            await su.copy_records_to_table("petition", schema_name="xfbench_raw", records=raws,
                                           columns=RAW_COLUMNS)  # fmt: skip
            counts["petitions"] += len(facts)
            counts["cases"] += len(cases)
            print(
                f"  loaded {counts['petitions']:,} petitions ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        for table in ("reporting.petition_fact", "reporting.case_fact", RAW):
            await su.execute(f"ANALYZE {table}")
    finally:
        await su.close()
    return {**counts, "load_seconds": round(time.perf_counter() - started, 1)}


async def clean(stack: Stack) -> dict[str, int]:
    """The world's facts, found by the raw table's ids, then the raw table; a run that died half-way too."""
    su = await stack.superuser()
    removed = {"petitions": 0, "cases": 0}
    try:
        if await su.fetchval("SELECT to_regclass($1)", RAW) is None:
            return removed
        status = await su.execute(
            f"DELETE FROM reporting.case_fact c USING {RAW} r WHERE c.case_id = r.case_id"
        )
        removed["cases"] = int(status.split()[-1])
        status = await su.execute(
            f"DELETE FROM reporting.petition_fact p USING {RAW} r WHERE p.petition_id = r.petition_id"
        )
        removed["petitions"] = int(status.split()[-1])
        await su.execute("DROP SCHEMA xfbench_raw CASCADE")
        for table in ("reporting.petition_fact", "reporting.case_fact"):
            await su.execute(f"VACUUM ANALYZE {table}")
    finally:
        await su.close()
    return removed


# --- the baseline: plain GROUP BYs over the raw rows --------------------------------------------------------------

_IN = "BETWEEN $1 AND $2"
_OVERDUE = (
    "opened_on <= $4 AND handling_due_on <= $4 AND (opinion_on IS NULL OR opinion_on > $4)"
    " AND (closed_on IS NULL OR closed_on > $4)"
)
_COUNTS = {
    "received": f"received_on {_IN}",
    "repeat": f"received_on {_IN} AND is_repeat",
    "collective": f"received_on {_IN} AND is_collective",
    "skip_level": f"received_on {_IN} AND is_skip_level",
    "letters": f"received_on {_IN} AND channel = 'letter'",
    "letters_instructed": f"received_on {_IN} AND channel = 'letter' AND is_instructed",
    "acceptance_due": f"acceptance_due_on {_IN} AND (decided_on IS NOT NULL OR acceptance_due_on < $3)",
    "accepted_on_time": f"acceptance_due_on {_IN} AND decided_on <= acceptance_due_on",
    "handling_due": f"handling_due_on {_IN} AND (opinion_on IS NOT NULL OR handling_due_on < $3)",
    "handled_on_time": f"handling_due_on {_IN} AND opinion_on <= handling_due_on",
    "rated": f"rated_on {_IN}",
    "satisfied": f"rated_on {_IN} AND satisfaction IN ('satisfied', 'basically_satisfied')",
    "closed": f"closed_on {_IN}",
    "closed_rated": f"closed_on {_IN} AND rated_on IS NOT NULL",
    "overdue": _OVERDUE,
}
_PLAIN_OVERVIEW = f"""SELECT township, {", ".join(f"count(*) FILTER (WHERE {w}) AS {n}" for n, w in _COUNTS.items())}
FROM {RAW} WHERE {" OR ".join(f"({w})" for w in _COUNTS.values())} GROUP BY township"""
_PLAIN_BY = {
    c: f"SELECT township, {c} AS value, count(*) AS n FROM {RAW} WHERE received_on {_IN} GROUP BY township, {c}"
    for c in ("channel", "category", "kind")
}
_PLAIN_RANKING = f"""SELECT township, count(*) FILTER (WHERE {_COUNTS["accepted_on_time"]}) AS numerator,
    count(*) FILTER (WHERE {_COUNTS["acceptance_due"]}) AS denominator
FROM {RAW} WHERE acceptance_due_on {_IN} GROUP BY township
ORDER BY count(*) FILTER (WHERE {_COUNTS["accepted_on_time"]})::float
         / nullif(count(*) FILTER (WHERE {_COUNTS["acceptance_due"]}), 0) DESC NULLS LAST"""
_RATES = {
    "timely_acceptance": ("accepted_on_time", "acceptance_due"),
    "on_time_completion": ("handled_on_time", "handling_due"),
    "satisfaction": ("satisfied", "rated"),
    "participation": ("closed_rated", "closed"),
    "instruction_rate": ("letters_instructed", "letters"),
}


def _window(month: Month, today: date) -> tuple[date, date, date, date]:
    return month.first, month.last, today, min(month.last, today - timedelta(days=1))


async def plain_overview(conn: asyncpg.Connection, month: Month, today: date) -> dict[str, dict[str, Any]]:
    """Each township's figures as the API shows them, from the baseline's rows."""
    w = _window(month, today)
    out: dict[str, dict[str, Any]] = {}
    for r in await conn.fetch(_PLAIN_OVERVIEW, *w):
        out[r["township"]] = {
            "petitions": r["received"],
            "three_petitions": {k: r[k] for k in ("repeat", "collective", "skip_level")},
            "rates": {k: [r[n], r[d]] for k, (n, d) in _RATES.items()},
            "overdue": r["overdue"],
        }
    for column, sql in _PLAIN_BY.items():
        for r in await conn.fetch(sql, *w[:2]):
            out.setdefault(r["township"], {}).setdefault(f"by_{column}", {})[r["value"]] = r["n"]
    return out


async def plain_ranking(conn: asyncpg.Connection, month: Month, today: date) -> dict[str, list[int]]:
    return {r["township"]: [r["numerator"], r["denominator"]] for r in await conn.fetch(_PLAIN_RANKING,
                                                                                         *_window(month, today)[:3])}  # fmt: skip


_EMPTY = {
    "petitions": 0,
    "three_petitions": {"repeat": 0, "collective": 0, "skip_level": 0},
    "rates": {k: [0, 0] for k in _RATES},
    "by_channel": {},
    "by_category": {},
    "by_kind": {},
}


def api_overview(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The API's townships in the baseline's shape."""
    return {
        t["township"]: {
            "petitions": t["petitions"],
            "three_petitions": t["three_petitions"],
            # The four rates the baseline computes; information reports' timeliness has no raw rows here.
            "rates": {k: [v["numerator"], v["denominator"]] for k, v in t["rates"].items() if k in _RATES},
            **{f"by_{c}": t[f"by_{c}"] for c in ("channel", "category", "kind")},
        }
        for t in body["townships"]
    }


def differences(api: dict[str, dict[str, Any]], plain: dict[str, dict[str, Any]]) -> list[str]:
    """Townships whose figures differ; one side's missing township is all zeros. The overdue backlog is left out:
    it is a stock of every year, and other tests' open cases of earlier years are in the API's."""
    return [
        t
        for t in sorted(api.keys() | plain.keys())
        if {**_EMPTY, **api.get(t, {})}
        != {**_EMPTY, **{k: v for k, v in plain.get(t, {}).items() if k != "overdue"}}
    ]


# --- the timings -----------------------------------------------------------------------------------------------


class Officer:
    """The county officer's bearer token, taken again before it runs out (Keycloak's tokens last 5 minutes)."""

    def __init__(self, stack: Stack) -> None:
        self.stack, self.value, self.taken = stack, "", 0.0

    async def headers(self) -> dict[str, str]:
        if time.monotonic() - self.taken > 120:
            self.value, self.taken = await token(self.stack.s, self.stack.secrets, OFFICER), time.monotonic()
        return {"Authorization": f"Bearer {self.value}"}


def _service_db(stack: Stack) -> DatabaseSettings:
    return DatabaseSettings(
        host="127.0.0.1", port=stack.s.pg_port, name=DATABASE, user=app_role("reporting"),
        password=stack.secrets["reporting_app"], schema_name="reporting", pool_size=1,
        scope_key=stack.secrets["reporting_scope_key"],
    )  # fmt: skip


Timed = Callable[[Month], Awaitable[Any]]


async def _time(samples: list[float], job: Timed, month: Month) -> Any:
    started = time.perf_counter()
    out = await job(month)
    samples.append((time.perf_counter() - started) * 1000)
    return out


async def figures_bench(stack: Stack, sizes: dict[str, Any]) -> dict[str, Any]:
    townships = sorted({p.township for p in places()})  # the demo county's, from its seed file
    await clean(stack)
    world = await load(stack, sizes["petitions"], townships, seed=20100101)
    world["townships"] = len(townships)
    try:
        return {"world": world, **await _timings(stack, sizes["figure_requests"])}
    finally:
        world["cleanup"] = await clean(stack)


async def _timings(stack: Stack, requests: int) -> dict[str, Any]:
    today = Clock().today()
    officer = Officer(stack)
    engine = make_engine(_service_db(stack), application_name="xfbench-figures")
    sessions = session_factory(engine)
    plain_conn = await stack.superuser()
    http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.s.reporting_port}", timeout=120)

    async def overview(m: Month) -> dict[str, Any]:
        r = await http.get("/figures/overview", params={"month": str(m)}, headers=await officer.headers())
        r.raise_for_status()
        return r.json()

    async def townships(m: Month) -> dict[str, Any]:
        r = await http.get("/figures/townships", params={"month": str(m), "by": "timely_acceptance"},
                           headers=await officer.headers())  # fmt: skip
        r.raise_for_status()
        return r.json()

    async def service(m: Month) -> Any:
        async with scoped_transaction(sessions, DataScope.county()) as db:
            return await month_figures(db, m, today)

    jobs: dict[str, Timed] = {
        "overview": overview,
        "overview_plain": lambda m: plain_overview(plain_conn, m, today),
        "overview_service": service,
        "townships": townships,
        "townships_plain": lambda m: plain_ranking(plain_conn, m, today),
    }
    samples: dict[str, list[float]] = {k: [] for k in jobs}
    mismatched: set[str] = set()
    rng = random.Random(36)
    try:
        for i in range(requests + 3):  # the first three warm every side up and are not kept
            month = rng.choice(MONTHS)
            got = {k: await _time(samples[k], job, month) for k, job in jobs.items()}
            mismatched.update(f"{month} overview {t}" for t in differences(api_overview(got["overview"]),
                                                                             got["overview_plain"]))  # fmt: skip
            ranked = {r["township"]: [r["numerator"], r["denominator"]] for r in got["townships"]["townships"]
                      if r["denominator"]}  # fmt: skip
            if ranked != {t: v for t, v in got["townships_plain"].items() if v[1]}:
                mismatched.add(f"{month} townships")
            if i < 3:
                for s in samples.values():
                    s.clear()
    finally:
        await http.aclose()
        await plain_conn.close()
        await engine.dispose()
    names = {
        "overview": "GET /figures/overview",
        "overview_service": "overview, service queries",
        "overview_plain": "overview, plain GROUP BY",
        "townships": "GET /figures/townships",
        "townships_plain": "townships, plain GROUP BY",
    }
    results = {k: say(result(names[k], samples[k], sum(samples[k]) / 1000)) for k in names}
    return {
        "requests": requests,
        "mismatches": sorted(mismatched),
        "figures": {k: r.row() for k, r in results.items()},
        "ratios": {
            "overview_vs_plain_p95": ratio(results["overview"].p95_ms, results["overview_plain"].p95_ms),
            "overview_service_vs_plain_p95": ratio(
                results["overview_service"].p95_ms, results["overview_plain"].p95_ms
            ),
            "townships_vs_plain_p95": ratio(results["townships"].p95_ms, results["townships_plain"].p95_ms),
        },
        "results": list(results.values()),
    }


def summary(r: dict[str, Any]) -> list[str]:
    f, w = r["figures"], r["world"]
    return [
        f"figures over {w['petitions']:,} petitions ({w['cases']:,} cases, {w['townships']} townships, 3 years;"
        f" loaded in {w['load_seconds']} s): overview p95 {f['overview']['p95_ms']} ms, its queries alone"
        f" {f['overview_service']['p95_ms']} ms, plain {f['overview_plain']['p95_ms']} ms; townships p95"
        f" {f['townships']['p95_ms']} ms, plain {f['townships_plain']['p95_ms']} ms; ratios "
        + ", ".join(f"{k} {v}" for k, v in r["ratios"].items())
        + f"; mismatches {len(r['mismatches'])}",
    ]
