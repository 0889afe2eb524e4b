"""Reporting benchmark: the lag from intake's outbox to reporting's facts, the county's figures over a large county,
and the rebuild's speed, each beside a baseline measured in the same run (only the ratios compare: the machine
is shared and noisy).

    .venv/bin/python -m bench.reporting_bench             # full run on a stack of its own (port base 16000)
    .venv/bin/python -m bench.reporting_bench --running   # the stack the XF_* settings point at
    .venv/bin/python -m bench.reporting_bench --smoke     # tiny sizes (the test suite runs this, with --running)

1. Lag (bench/reporting_lag.py): events committed to intake's outbox at a steady 50, 200 and 1,000 per second,
   timed until reporting's fact row shows each, p50/p99, beside a bare JetStream publish -> consume loop.
2. Figures (bench/reporting_figures.py): GET /figures/overview and /figures/townships over 1,000,000 petitions
   (18 townships, 3 years) loaded with COPY, p95, beside the same figures by a plain GROUP BY over raw rows.
3. Rebuild (bench/reporting_rebuild.py): `python -m services.reporting.rebuild` in events per second, beside the
   raw consume rate of the same messages.

`--parts lag,rebuild,figures` picks parts; `--petitions N` sizes the figures' county. The figures run last: the
lag and rebuild parts' events are removed first (purged from the stream by their township's subjects), so the
large county is loaded into a quiet stack. Prints a table and writes JSON (default bench/results/reporting.json).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import reporting_figures, reporting_lag, reporting_rebuild
from bench.measure import Result, table
from bench.reporting_common import SUBJECTS, TENANT, TOWNSHIP, Stack, rows
from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.secrets import load_or_create
from shared.events.streams import TOPOLOGY

PARTS = ("lag", "rebuild", "figures")


async def clean_events(stack: Stack) -> dict[str, int]:
    """The lag and rebuild parts' events, out of the stream and out of every table they reached."""
    nc = await stack.operator()
    try:
        purged = await nc.jetstream().purge_stream(TOPOLOGY.stream, subject=SUBJECTS)
    finally:
        await nc.close()
    su = await stack.superuser()
    removed: dict[str, int] = {"stream_purged": int(purged)}
    try:
        for key, sql in (
            ("facts", "DELETE FROM reporting.petition_fact WHERE tenant_id = $1"),
            ("processed", "DELETE FROM reporting.processed_event WHERE tenant_id = $1"),
            ("outbox", "DELETE FROM intake.outbox WHERE tenant_id = $1"),
        ):
            removed[key] = int((await su.execute(sql, TENANT)).split()[-1])
    finally:
        await su.close()
    return removed


async def left_behind(stack: Stack) -> dict[str, int]:
    """What of the bench is still anywhere: all zeros after a run (the harness's test checks it)."""
    su = await stack.superuser()
    try:
        found = {
            "facts": await su.fetchval(
                "SELECT count(*) FROM reporting.petition_fact WHERE tenant_id = $1"
                " OR received_on BETWEEN $2 AND $3",
                TENANT, reporting_figures.FIRST_DAY, reporting_figures.LAST_DAY,
            ),
            "processed": await su.fetchval(
                "SELECT count(*) FROM reporting.processed_event WHERE tenant_id = $1", TENANT
            ),
            "outbox": await su.fetchval("SELECT count(*) FROM intake.outbox WHERE tenant_id = $1", TENANT),
            "raw_table": int(await su.fetchval("SELECT to_regclass($1)", reporting_figures.RAW) is not None),
        }  # fmt: skip
    finally:
        await su.close()
    nc = await stack.operator()
    try:
        info = await nc.jetstream().stream_info(TOPOLOGY.stream, subjects_filter=SUBJECTS)
        found["stream_messages"] = sum((info.state.subjects or {}).values())
    finally:
        await nc.close()
    return found


async def run(s: StackSettings, sizes: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    stack = Stack(s, load_or_create(s.run_dir))
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "sizes": sizes,
        "township": TOWNSHIP,
    }
    results: list[Result] = []
    lines: list[str] = []
    try:
        if "lag" in parts:
            print("lag: outbox -> fact beside JetStream", flush=True)
            lag = await reporting_lag.lag_bench(stack, sizes)
            results += lag.pop("results")
            report["lag"], lines = lag, lines + reporting_lag.summary(lag)
        if "rebuild" in parts:
            print("rebuild beside the raw consume rate", flush=True)
            report["rebuild"] = await reporting_rebuild.rebuild_bench(stack, sizes)
            lines += reporting_rebuild.summary(report["rebuild"])
    finally:
        report["cleanup"] = await clean_events(stack)
    if "figures" in parts:
        print(f"figures over {sizes['petitions']:,} petitions", flush=True)
        figures = await reporting_figures.figures_bench(stack, sizes)
        results += figures.pop("results")
        report["figures"], lines = figures, lines + reporting_figures.summary(figures)
    report["left_behind"] = await left_behind(stack)
    report["results"] = rows(results)
    report["table"] = "\n".join([table(results), "", *lines])
    return report


FULL = {
    "rates": [50, 200, 1000],
    "lag_seconds": 20.0,
    "drain_s": 180.0,
    "rebuild_petitions": 20_000,
    "petitions": 1_000_000,
    "figure_requests": 60,
}
SMOKE = {
    "rates": [50, 200, 1000],
    "lag_seconds": 0.5,
    "drain_s": 60.0,
    "rebuild_petitions": 100,
    "petitions": 3_000,
    "figure_requests": 5,
}


def failures(report: dict[str, Any]) -> list[str]:
    """What makes the run fail: a wrong figure, an event never seen, a petition the rebuild lost, leftovers."""
    found = []
    if report.get("figures", {}).get("mismatches"):
        found.append(
            f"the API's figures differ from the plain GROUP BY's: {report['figures']['mismatches'][:5]}"
        )
    for run_ in report.get("lag", {}).get("runs", []):
        if run_["observed"]["errors"]:
            found.append(f"{run_['observed']['errors']} events at {run_['rate']}/s never reached the facts")
    rebuilt = report.get("rebuild")
    if rebuilt and rebuilt["applied_after"] != rebuilt["bench_petitions"]:
        found.append(
            f"after the rebuild {rebuilt['applied_after']} of {rebuilt['bench_petitions']} petitions"
        )
    if any(report["left_behind"].values()):
        found.append(f"left behind: {report['left_behind']}")
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, to check the harness still works")
    p.add_argument("--running", action="store_true", help="use the stack the XF_* settings point at")
    p.add_argument("--parts", default=",".join(PARTS), help="which parts, of lag,rebuild,figures")
    p.add_argument("--petitions", type=int, default=None, help="petitions in the figures' county (1000000)")
    p.add_argument("--lag-seconds", type=float, default=None, help="seconds at each rate (20)")
    p.add_argument("--rebuild-petitions", type=int, default=None, help="the rebuild's own petitions (20000)")
    p.add_argument("--figure-requests", type=int, default=None, help="timed requests of each figure (60)")
    p.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results" / "reporting.json")
    args = p.parse_args(argv)
    sizes = dict(SMOKE if args.smoke else FULL)
    for key in ("petitions", "lag_seconds", "rebuild_petitions", "figure_requests"):
        if getattr(args, key):
            sizes[key] = getattr(args, key)
    parts = tuple(x for x in PARTS if x in args.parts.split(","))
    report = asyncio.run(run(StackSettings(), sizes, parts)) if args.running else _on_own_stack(sizes, parts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(report["table"])
    print(f"\nwritten to {args.out}")
    if problems := failures(report):
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    return 0


def _on_own_stack(sizes: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    from deploy.launcher.stack import Stack as Launcher

    # Away from the demo's, the test stack's and the other benches' bases (12000, 14000).
    settings = StackSettings(run_dir=REPO_ROOT / ".run" / "bench-reporting", port_base=16000)
    stack = Launcher(settings)
    try:
        stack.up(seed=True, demo=False)  # the figures load their own county; the demo year is not measured
        return asyncio.run(run(settings, sizes, parts))
    finally:
        stack.down()


if __name__ == "__main__":
    sys.exit(main())
