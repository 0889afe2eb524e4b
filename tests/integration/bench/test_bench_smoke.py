"""The benchmark harness runs end to end at tiny sizes, so it cannot rot between full runs."""

from __future__ import annotations

import json
from pathlib import Path

from bench import intake_bench
from deploy.launcher.config import StackSettings


def test_the_intake_benchmark_runs_in_smoke_mode(stack: StackSettings, tmp_path: Path) -> None:
    out = tmp_path / "intake.json"
    assert intake_bench.main(["--smoke", "--running", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    names = {r["name"] for r in report["registration"]}
    assert names == {"register via HTTP", "same rows, raw asyncpg"}
    for row in report["registration"]:
        assert row["errors"] == 0 and row["requests"] == intake_bench.SMOKE["registrations"]
        assert row["per_second"] > 0 and row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
    repeat = report["repeat_detection"]
    assert [r["requests"] for r in repeat] == [intake_bench.SMOKE["drafts"]]
    assert repeat[0]["errors"] == 0 and repeat[0]["p95_ms"] > 0
    assert repeat[0]["found"] > 0, "a phone note of a loaded matter finds one of its copies"
