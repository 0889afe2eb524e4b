"""The reporting benchmark runs end to end at tiny sizes: the lag at three rates beside the bare JetStream loop, the
figures equal to a plain GROUP BY's, a rebuild that gives every petition back, and nothing left behind."""

from __future__ import annotations

import json
from pathlib import Path

from bench import reporting_bench
from deploy.launcher.config import StackSettings

SMOKE = reporting_bench.SMOKE


def _timed(row: dict, requests: int) -> None:
    assert row["errors"] == 0 and row["requests"] == requests
    assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]


# Not a coroutine: the bench's main() runs its own event loop, as it does from the command line.
def test_the_reporting_benchmark_runs_in_smoke_mode(stack: StackSettings, tmp_path: Path) -> None:
    out = tmp_path / "reporting.json"
    assert reporting_bench.main(["--smoke", "--running", "--out", str(out)]) == 0
    report = json.loads(out.read_text())

    runs = report["lag"]["runs"]
    assert [r["rate"] for r in runs] == SMOKE["rates"]
    for r in runs:
        events = round(r["rate"] * SMOKE["lag_seconds"])
        _timed(r["observed"], events)
        _timed(r["bare"], events)
        assert r["breakdown"]["rows"] == events, "every event's outbox row and reporting's claim are found"
        assert all(v is not None and v > 0 for v in r["ratios"].values())

    figures = report["figures"]
    assert figures["world"]["petitions"] == SMOKE["petitions"] and figures["world"]["townships"] == 18
    assert figures["mismatches"] == [], "the API's figures are the plain GROUP BY's"
    for row in figures["figures"].values():
        _timed(row, SMOKE["figure_requests"])
    assert all(v is not None and v > 0 for v in figures["ratios"].values())
    assert figures["world"]["cleanup"] == {
        "petitions": SMOKE["petitions"],
        "cases": figures["world"]["cases"],
    }

    rebuilt = report["rebuild"]
    assert rebuilt["applied_before"] == rebuilt["applied_after"] == SMOKE["rebuild_petitions"]
    assert rebuilt["rebuild"]["events"] >= rebuilt["bench_events"], "the replay reads the bench's events"
    assert rebuilt["raw_consume"]["events"] >= rebuilt["bench_events"]
    assert rebuilt["ratios"]["rebuild_vs_raw_consume_rate"] > 0

    assert report["cleanup"]["stream_purged"] == 1
    assert not any(report["left_behind"].values()), report["left_behind"]
