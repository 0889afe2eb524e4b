"""/work-items: the reminders, escalations and re-routings addressed to the caller's role (待办)."""

from __future__ import annotations

import uuid

from litestar import get, post
from litestar.params import FromPath, FromQuery

from services.supervision.api.deps import Supervision
from services.supervision.service import work_items
from services.supervision.service.work_items import WorkItemPage, WorkItemView
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.paging import PageNumber, PageSize

WORKERS = requires(can.WORK_LIST)


@get("/work-items", guards=[WORKERS], summary="My work items: reminders and escalations (催办待办)")
async def list_work_items(
    principal: CurrentPrincipal,
    db: Db,
    supervision: Supervision,
    done: FromQuery[bool] = False,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> WorkItemPage:
    return await work_items.page(db, principal, supervision, done=done, page_number=page, page_size=page_size)


@post("/work-items/{item_id:uuid}/done", guards=[WORKERS], status_code=200, summary="Mark a work item done")
async def mark_done(
    item_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> WorkItemView:
    return await work_items.mark_done(db, principal, supervision, item_id)


ROUTES = [list_work_items, mark_done]
