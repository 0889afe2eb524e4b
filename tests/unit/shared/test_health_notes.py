"""Readiness notes: an operator sees them in /health/ready, and they never take the service out of rotation."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from shared.health import health_router


async def answers() -> None:
    return None


async def broken() -> None:
    raise ConnectionError("postgresql://user:secret@db/xinfang")


def ready_body(checks: dict, notes: dict) -> tuple[int, dict]:
    with TestClient(Litestar(route_handlers=[health_router(checks, notes)])) as client:
        r = client.get("/health/ready")
        return r.status_code, r.json()


def test_a_note_that_something_was_set_aside_keeps_the_service_ready() -> None:
    async def two_set_aside() -> str:
        return "2 set aside"

    status, body = ready_body({"database": answers}, {"outbox": two_set_aside})
    assert status == 200
    assert body == {"status": "ready", "checks": {"database": "ok"}, "notes": {"outbox": "2 set aside"}}


def test_a_note_that_cannot_be_read_says_so_without_its_message() -> None:
    async def unreadable() -> str:
        raise ConnectionError("postgresql://user:secret@db/xinfang")

    status, body = ready_body({"database": answers}, {"outbox": unreadable})
    assert status == 200
    assert body["notes"] == {"outbox": "unknown (ConnectionError)"}


def test_a_failing_check_still_makes_the_service_unready_and_notes_are_still_shown() -> None:
    async def ok() -> str:
        return "ok"

    status, body = ready_body({"database": broken}, {"outbox": ok})
    assert status == 503
    assert body["failing"] == ["database"] and body["notes"] == {"outbox": "ok"}
