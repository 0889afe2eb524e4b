"""/spot-checks: each month's random sample of closed cases for a county return visit (抽查)."""

from __future__ import annotations

import uuid

from litestar import get, post
from litestar.params import FromPath, JSONBody

from services.supervision.api.deps import Supervision
from services.supervision.service import spot_checks
from services.supervision.service.spot_checks import RedrawView, SpotCheckIn, SpotCheckView, VisitIn
from shared.abilities import requires
from shared.abilities import supervision as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery

DRAWERS = requires(can.SPOT_CHECK)
READERS = requires(can.READ_SPOT_CHECKS)
_CHECK = "/spot-checks/{check_id:uuid}"


@post(
    "/spot-checks",
    guards=[DRAWERS],
    status_code=201,
    summary="Draw a month's spot check of closed cases (抽查)",
)
async def draw(
    data: JSONBody[SpotCheckIn], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> SpotCheckView:
    return await spot_checks.draw(db, principal, supervision, data)


@get("/spot-checks", guards=[READERS], summary="Spot checks, latest month first")
async def list_checks(
    principal: CurrentPrincipal, db: Db, township: SlugQuery = None
) -> list[SpotCheckView]:
    return await spot_checks.page(db, principal, township)


@get(_CHECK, guards=[READERS], summary="A spot check with its sampled cases and visits")
async def get_check(check_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db) -> SpotCheckView:
    return await spot_checks.detail(db, principal, check_id)


@post(
    f"{_CHECK}/redraw", guards=[READERS], status_code=200, opt={"changes_state": False},
    summary="Draw the sample again from its recorded seed and compare",
)  # fmt: skip
async def redraw(
    check_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, supervision: Supervision
) -> RedrawView:
    return await spot_checks.redraw(db, principal, supervision, check_id)


@post(
    f"{_CHECK}/cases/{{case_id:uuid}}/visit",
    guards=[DRAWERS],
    status_code=200,
    summary="Record a return visit",
)
async def visit(
    check_id: FromPath[uuid.UUID], case_id: FromPath[uuid.UUID], data: JSONBody[VisitIn],
    principal: CurrentPrincipal, db: Db, supervision: Supervision,
) -> SpotCheckView:  # fmt: skip
    return await spot_checks.visit(db, principal, supervision, check_id, case_id, data)


ROUTES = [draw, list_checks, get_check, redraw, visit]
