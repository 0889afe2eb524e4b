"""/dead-letters: the events a consumer gave up on, counted per service and consumer, and their replay (county
admin; docs/reporting.md)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, Parameter, QueryParameter
from litestar.response import Response

from services.reporting.service import dead_letters
from services.reporting.service.dead_letter_io import DeadLetterDetailView, DeadLetterPage, ReplayView
from shared import idempotency
from shared.abilities import reporting as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.idempotency import IdempotencyKey
from shared.paging import PageNumber, PageSize
from shared.tenancy import COUNTY_CHAIN

OPERATORS = requires(can.OPERATE_DEAD_LETTERS)
_ONE = "/dead-letters/{seq:int}"
Name = Annotated[str | None, QueryParameter(min_length=1, max_length=200)]
# `type` names the event type, as the envelope does; the handler calls it type_.
EventType = Annotated[str | None, QueryParameter(name="type", min_length=1, max_length=200)]
Seq = Annotated[int, Parameter(ge=1, le=2**63 - 1, description="死信流 XF_DLQ 中的序号")]


@get(
    "/dead-letters", guards=[OPERATORS],
    summary="Dead-lettered events (死信事件), newest first, with counts per service and consumer",
)  # fmt: skip
async def list_dead_letters(
    db: Db, service: Name = None, consumer: Name = None, type_: EventType = None,
    replayed: Annotated[bool | None, QueryParameter()] = None, page: PageNumber = 1, page_size: PageSize = 20,
) -> DeadLetterPage:  # fmt: skip
    filters = {"service": service, "consumer": consumer, "event_type": type_, "replayed": replayed}
    return await dead_letters.page(db, filters, page, page_size)


@get(_ONE, guards=[OPERATORS], summary="One dead letter, and the dead letters its replay ended in")
async def get_dead_letter(db: Db, seq: FromPath[Seq]) -> DeadLetterDetailView:
    return await dead_letters.one(db, seq)


@post(
    f"{_ONE}/replay", guards=[OPERATORS], status_code=200,
    summary="Replay a dead letter (重放): its message published again to its original subject, once",
)  # fmt: skip
async def replay_dead_letter(
    request: Request[Any, Any, Any], db: Db, principal: CurrentPrincipal, seq: FromPath[Seq],
    idempotency_key: IdempotencyKey = None,
) -> Response[ReplayView]:  # fmt: skip
    nats_link = request.app.state["runtime"].nats
    js = nats_link.client.jetstream() if nats_link.client is not None else None
    act = lambda: dead_letters.replay(db, js, principal, seq)  # noqa: E731
    tenant = principal.tenant_id or COUNTY_CHAIN
    answer, again = await idempotency.once(db, tenant, principal.user_id, idempotency_key, {"seq": seq}, act)
    headers = {"Idempotent-Replayed": "true"} if again else {}
    return Response(answer, status_code=200, headers=headers)  # type: ignore[arg-type]


ROUTES = [list_dead_letters, get_dead_letter, replay_dead_letter]
