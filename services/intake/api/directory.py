"""/townships: the townships and villages the caller may register against (the portal's dropdowns)."""

from __future__ import annotations

from litestar import get

from services.intake.service.directory import TownshipView, visible_townships
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db


@get("/townships", guards=[requires(can.READ_DIRECTORY)], summary="Townships and their villages within the caller's scope")
async def list_townships(principal: CurrentPrincipal, db: Db) -> list[TownshipView]:
    return await visible_townships(db)


ROUTES = [list_townships]
