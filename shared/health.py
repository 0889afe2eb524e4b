"""Liveness and readiness: ready means every part the service needs answers, and names the part that does not."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from litestar import Response, Router, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

Check = Callable[[], Awaitable[None]]
CHECK_TIMEOUT = 3.0


async def _run(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - any failure makes the part unavailable
        # The exception's class only: its message may carry a DSN or SQL.
        return f"unavailable ({type(exc).__name__})"
    return "ok"


def health_router(checks: Mapping[str, Check]) -> Router:
    @get("/live", summary="The process is up", sync_to_thread=False)
    def live() -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", summary="The database and NATS answer; 503 names the part that does not")
    async def ready() -> Response[dict[str, object]]:
        results = dict(zip(checks, await asyncio.gather(*(_run(c) for c in checks.values())), strict=True))
        failing = [name for name, result in results.items() if result != "ok"]
        body: dict[str, object] = {"status": "unavailable" if failing else "ready", "checks": results}
        if failing:
            body["failing"] = failing
        return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE if failing else HTTP_200_OK)

    return Router(path="/health", route_handlers=[live, ready], tags=["health"], include_in_schema=True)
