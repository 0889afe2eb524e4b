"""/screening-registers: instability screening (不稳定因素排查), monthly and before major holidays."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from services.intake.api.deps import Intake
from services.intake.service import screening
from services.intake.service.screening_io import (
    ItemResolveIn,
    RegisterDetail,
    RegisterOpenIn,
    RegisterPage,
    ScreeningItemIn,
)
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.paging import PageNumber, PageSize

OPENERS = requires(can.SCREENING_OPEN)
KEEPERS = requires(can.SCREENING_KEEP)
READERS = requires(can.SCREENING_READ)


@post(
    "/screening-registers",
    guards=[OPENERS],
    status_code=201,
    summary="Open a screening register (建立排查台账)",
)
async def open_register(
    data: JSONBody[RegisterOpenIn], principal: CurrentPrincipal, db: Db, intake: Intake
) -> RegisterDetail:
    return await screening.open_register(db, principal, intake, intake.village_line, data)


@get(
    "/screening-registers",
    guards=[READERS],
    summary="List screening registers; overdue=true: not filed in time",
)
async def list_registers(
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
    township: FromQuery[str | None] = None,
    period: Annotated[str | None, QueryParameter(max_length=60)] = None,
    overdue: FromQuery[bool | None] = None,
    page: PageNumber = 1,
    page_size: PageSize = 20,
) -> RegisterPage:
    return await screening.page(
        db,
        principal,
        intake,
        township=township,
        period=period,
        overdue=overdue,
        page_number=page,
        page_size=page_size,
    )


@get(
    "/screening-registers/{register_id:uuid}", guards=[READERS], summary="A screening register with its items"
)
async def get_register(
    register_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, intake: Intake
) -> RegisterDetail:
    return await screening.detail(db, principal, intake, register_id)


@post(
    "/screening-registers/{register_id:uuid}/items",
    guards=[KEEPERS],
    status_code=201,
    summary="Record a risk item (登记不稳定因素)",
)
async def add_item(
    register_id: FromPath[uuid.UUID],
    data: JSONBody[ScreeningItemIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> RegisterDetail:
    return await screening.add_item(db, principal, intake, register_id, data)


@post(
    "/screening-registers/{register_id:uuid}/items/{item_id:uuid}/resolve",
    guards=[KEEPERS],
    status_code=200,
    summary="Mark a risk item controlled (稳控) or resolved (化解)",
)
async def resolve_item(
    register_id: FromPath[uuid.UUID],
    item_id: FromPath[uuid.UUID],
    data: JSONBody[ItemResolveIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> RegisterDetail:
    return await screening.resolve_item(db, principal, intake, register_id, item_id, data)


@post(
    "/screening-registers/{register_id:uuid}/file",
    guards=[KEEPERS],
    status_code=200,
    summary="File the register upward, once; an empty one is a zero report (报送 / 零报告)",
)
async def file_register(
    register_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, intake: Intake
) -> RegisterDetail:
    return await screening.file(db, principal, intake, register_id)


ROUTES = [open_register, list_registers, get_register, add_item, resolve_item, file_register]
