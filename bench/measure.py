"""Latency and throughput bookkeeping shared by every benchmark."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    name: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    found: float | None = None  # share of lookups whose expected answer came back (repeat detection)

    def row(self) -> dict[str, Any]:
        return asdict(self)


def percentile(samples: Sequence[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def run_concurrently(
    name: str, jobs: Sequence[Callable[[], Awaitable[bool]]], concurrency: int
) -> Result:
    """Runs every job with at most `concurrency` in flight; a job returns False (or raises) on an error."""
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(jobs))

    async def worker() -> None:
        nonlocal errors
        while queue:
            job = queue.pop()
            started = time.perf_counter()
            try:
                ok = await job()
            except Exception:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += 0 if ok else 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    return Result(
        name,
        concurrency,
        len(jobs),
        errors,
        round(seconds, 3),
        round(len(jobs) / seconds, 1),
        round(percentile(latencies, 50), 2),
        round(percentile(latencies, 95), 2),
        round(percentile(latencies, 99), 2),
    )


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'benchmark':<34}{'conc':>5}{'reqs':>7}{'err':>5}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'found':>7}"
    )
    lines = [head, "-" * len(head)]
    lines += [
        f"{r.name:<34}{r.concurrency:>5}{r.requests:>7}{r.errors:>5}{r.per_second:>9.1f}{r.p50_ms:>9.2f}"
        f"{r.p95_ms:>9.2f}{r.p99_ms:>9.2f}{'' if r.found is None else f'{r.found:.0%}':>7}"
        for r in results
    ]
    return "\n".join(lines)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
