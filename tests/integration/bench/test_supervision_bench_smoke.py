"""The supervision benchmark runs end to end at tiny sizes: scanner figures, each reminder fired once, the lag."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import asyncpg

from bench import supervision_bench
from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER

SMOKE = supervision_bench.SMOKE


async def _left_behind(stack: StackSettings, secrets: dict[str, str]) -> int:
    conn = await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=secrets["pg_superuser"],
        database=DATABASE,
    )
    try:
        return await conn.fetchval(
            "SELECT count(*) FROM supervision.case_file WHERE accepted_on < $1", supervision_bench.WORLD_ENDS
        )
    finally:
        await conn.close()


# Not a coroutine: the bench's main() runs its own event loop, as it does from the command line.
def test_the_supervision_benchmark_runs_in_smoke_mode(
    stack: StackSettings, stack_secrets: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "supervision.json"
    assert supervision_bench.main(["--smoke", "--running", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    scanner = report["scanner"]
    due = round(SMOKE["cases"] * SMOKE["due_share"])
    assert scanner["due"] == {"today": due, "tomorrow": due}
    checks = scanner["checks"]
    assert checks["fired"] == 2 * due
    assert (
        checks["double_firings"]
        == checks["unfired"]
        == checks["fired_not_due"]
        == checks["fired_by_others"]
        == 0
    )
    claims = {r["name"]: r for r in scanner["claim"]}
    assert len(claims) == 4 and all(
        r["requests"] == SMOKE["repeats"] and r["p50_ms"] > 0 for r in claims.values()
    )
    one, two = scanner["scan"]
    assert (one["concurrency"], two["concurrency"]) == (1, 2)
    assert one["requests"] == two["requests"] == due and one["per_second"] > 0 and two["per_second"] > 0
    assert sum(scanner["two_scanners"]["claimed"]) >= due, (
        "a clock the other scanner fired can be claimed empty"
    )
    assert all(v is not None and v > 0 for v in scanner["ratios"].values())
    assert asyncio.run(_left_behind(stack, stack_secrets)) == 0, "the bench's world is removed afterwards"
    lag = report["lag"]
    assert lag["observed"]["errors"] == 0 and lag["observed"]["requests"] == SMOKE["lag_petitions"]
    assert 0 < lag["observed"]["p50_ms"] <= lag["observed"]["p99_ms"]
    assert lag["transport"]["requests"] == SMOKE["transport_samples"] and lag["transport"]["p50_ms"] > 0
    assert lag["breakdown"]["rows"] == SMOKE["lag_petitions"]
    assert lag["ratios"]["lag_vs_transport_p50"] > 1
