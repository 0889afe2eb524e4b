"""/supervision-orders: the county's supervision orders (督办单) on a case, and the township's replies."""

from __future__ import annotations

import uuid

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import orders
from services.supervision.service.oversight_io import OrderIn, OrderPage, OrderView, ReplyIn
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.paging import PageNumber, PageSize

_ORDER = "/supervision-orders/{order_id:uuid}"


@post(
    "/cases/{case_id:uuid}/supervision-orders", guards=[requires(can.ISSUE_ORDERS)],
    summary="Issue a supervision order to the case's unit (签发督办单)",
)  # fmt: skip
async def issue_order(
    case_id: FromPath[uuid.UUID], data: JSONBody[OrderIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> OrderView:  # fmt: skip
    return await orders.issue(db, principal, supervision, case_id, data)


@get(
    "/cases/{case_id:uuid}/supervision-orders", guards=[requires(can.READ_CASES)],
    summary="The supervision orders of a case",
)  # fmt: skip
async def case_orders(
    case_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> list[OrderView]:
    return await orders.of_case(db, principal, supervision, case_id)


@get(
    "/supervision-orders",
    guards=[requires(can.READ_CASES)],
    summary="Supervision orders, open or late (督办单列表)",
)
async def list_orders(
    principal: CurrentPrincipal, db: Db, supervision: Supervision, township: SlugQuery = None,
    open: FromQuery[bool | None] = None, late: FromQuery[bool | None] = None, page: PageNumber = 1,
    page_size: PageSize = 20,
) -> OrderPage:  # fmt: skip
    return await orders.page(
        db, principal, supervision, township=township, open_only=open, late=late, page_number=page,
        page_size=page_size,
    )  # fmt: skip


@get(_ORDER, guards=[requires(can.READ_CASES)], summary="One supervision order")
async def get_order(
    order_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> OrderView:
    return await orders.one(db, principal, supervision, order_id)


@post(
    f"{_ORDER}/reply", guards=[requires(can.REPLY_ORDERS)], status_code=200,
    summary="Reply to a supervision order (督办回复); after its date it is flagged late",
)  # fmt: skip
async def reply_order(
    order_id: FromPath[uuid.UUID], data: JSONBody[ReplyIn], principal: CurrentPrincipal, db: Db,
    supervision: Supervision,
) -> OrderView:  # fmt: skip
    return await orders.reply(db, principal, supervision, order_id, data.text)


ROUTES = [issue_order, case_orders, list_orders, get_order, reply_order]
