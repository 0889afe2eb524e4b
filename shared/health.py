"""Liveness and readiness: ready means every part the service needs answers, and names the part that does not.

Beside the checks, notes: things an operator should see (rows the outbox relay set aside) that do not take
the service out of rotation. A note answers "ok" or what is wrong; a note that cannot be read says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from litestar import Response, Router, get
from litestar.openapi import ResponseSpec
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

Check = Callable[[], Awaitable[None]]
Note = Callable[[], Awaitable[str]]
CHECK_TIMEOUT = 3.0


async def _run(check: Check) -> str:
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except Exception as exc:
        # The exception's class only: its message may carry a DSN or SQL.
        return f"unavailable ({type(exc).__name__})"
    return "ok"


async def _read(note: Note) -> str:
    try:
        return await asyncio.wait_for(note(), CHECK_TIMEOUT)
    except Exception as exc:
        return f"unknown ({type(exc).__name__})"


async def _notes(notes: Mapping[str, Note]) -> dict[str, str]:
    return dict(zip(notes, await asyncio.gather(*(_read(n) for n in notes.values())), strict=True))


def health_router(checks: Mapping[str, Check], notes: Mapping[str, Note] | None = None) -> Router:
    @get("/live", summary="The process is up", sync_to_thread=False)
    def live() -> dict[str, str]:
        return {"status": "ok"}

    @get(
        "/ready",
        summary="The database and NATS answer; 503 names the part that does not",
        responses={
            503: ResponseSpec(
                dict[str, object], description="A part is down; `failing` names it", generate_examples=False
            )
        },
    )
    async def ready() -> Response[dict[str, object]]:
        results = dict(zip(checks, await asyncio.gather(*(_run(c) for c in checks.values())), strict=True))
        failing = [name for name, result in results.items() if result != "ok"]
        body: dict[str, object] = {"status": "unavailable" if failing else "ready", "checks": results}
        if failing:
            body["failing"] = failing
        if notes:
            body["notes"] = await _notes(notes)
        return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE if failing else HTTP_200_OK)

    return Router(path="/health", route_handlers=[live, ready], tags=["health"], include_in_schema=True)
