"""/public: the petitioner's query page without an account — one matter's progress by its query code (查询码),
and the verdict on its opinion. The code travels in the body, never in a URL."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.params import JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import public_query
from services.supervision.service.public_query import ProgressView, QueryIn, Throttled, VerdictIn
from services.supervision.settings import PublicQuerySettings
from shared.no_store import NO_CACHE, NO_STORE

PUBLIC_PATHS = ("^/public/",)
_OPT = {"throttled": True}


def _caller(request: Request, settings: PublicQuerySettings) -> public_query.Caller:
    peer = request.client.host if request.client else None
    return public_query.client_of(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies)


def _throttled(exc: Throttled) -> Response[Any]:
    body = {
        "type": "about:blank",
        "title": "请求过于频繁 Too many requests",
        "status": 429,
        "detail": str(exc.detail),
    }
    return Response(
        body,
        status_code=429,
        headers={"Retry-After": str(exc.retry_after)},
        media_type="application/problem+json",
    )


@post(
    "/public/progress", status_code=200, summary="One matter's progress by its query code (信访事项查询)",
    opt={**_OPT, "changes_state": False}, cache_control=NO_STORE, response_headers=NO_CACHE,
)  # fmt: skip
async def progress(request: Request, data: JSONBody[QueryIn], supervision: Supervision) -> Response[Any]:
    runtime = request.app.state["runtime"]
    settings = runtime.settings.public_query
    try:
        view: ProgressView = await public_query.progress(
            runtime.sessions, supervision, settings, _caller(request, settings), data.code
        )
    except Throttled as exc:
        return _throttled(exc)
    return Response(view)


@post(
    "/public/verdict", status_code=200, summary="The petitioner's verdict on the opinion (满意度评价), once",
    opt=_OPT, cache_control=NO_STORE, response_headers=NO_CACHE,
)  # fmt: skip
async def verdict(request: Request, data: JSONBody[VerdictIn], supervision: Supervision) -> Response[Any]:
    runtime = request.app.state["runtime"]
    settings = runtime.settings.public_query
    try:
        view = await public_query.give_verdict(
            runtime.sessions, supervision, settings, _caller(request, settings), data
        )
    except Throttled as exc:
        return _throttled(exc)
    return Response(view)


ROUTES = [progress, verdict]
