"""/figures/overview, /figures/townships, /figures/trend and /figures/{figure}/items: the county's figures by month
and the list behind each number (docs/reporting.md)."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import FromQuery, Parameter, QueryParameter

from services.reporting.domain.figures import Month, RateName
from services.reporting.service import figures
from services.reporting.service.io import ItemsView, OverviewView, RankingView, TrendView
from shared.abilities import reporting as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.clock import Clock
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.paging import PageNumber, PageSize

READERS = requires(can.READ_FIGURES)
MonthParam = Annotated[str, Parameter(description="月份 YYYY-MM")]
# `from` is a Python keyword: the handler names it from_, the query says from.
FigureParam = Annotated[
    str, Parameter(description="数字名称，如 overdue_backlog、instruction_rate（docs/reporting.md）")
]
FromMonth = Annotated[str, QueryParameter(name="from", description="起始月份 YYYY-MM")]
CLOCK = Clock()  # the county's date: what "past due" is measured against


@get("/figures/overview", guards=[READERS], summary="A month's figures, county-wide and by township (总览)")
async def overview(db: Db, principal: CurrentPrincipal, month: MonthParam) -> OverviewView:
    return await figures.overview(db, principal, Month.parse(month), CLOCK.today())


@get(
    "/figures/townships", guards=[READERS],
    summary="Townships ranked by one rate, with the spread max − min (乡镇排名与极差)",
)  # fmt: skip
async def townships(
    db: Db,
    principal: CurrentPrincipal,
    month: MonthParam,
    by: FromQuery[RateName] = RateName.timely_acceptance,
) -> RankingView:
    return await figures.ranking(db, principal, Month.parse(month), by, CLOCK.today())


@get(
    "/figures/trend",
    guards=[READERS],
    summary="The figures month by month (趋势), county-wide or one township",
)
async def trend(
    db: Db, principal: CurrentPrincipal, from_: FromMonth, to: MonthParam,
    township: SlugQuery = None,
) -> TrendView:  # fmt: skip
    first, last = Month.parse(from_, "from"), Month.parse(to, "to")
    return await figures.trend(db, principal, first, last, township, CLOCK.today())


@get(
    "/figures/{figure:str}/items",
    guards=[READERS],
    summary="The petitions, cases or other items behind one number (下钻明细), paged",
)
async def items(
    db: Db, principal: CurrentPrincipal, figure: FigureParam, month: MonthParam,
    township: SlugQuery = None, key: FromQuery[str | None] = None,
    page: PageNumber = 1, page_size: PageSize = 20,
) -> ItemsView:  # fmt: skip
    return await figures.items(
        db, principal, figure, key or None, Month.parse(month), township, CLOCK.today(), page, page_size
    )


ROUTES = [overview, townships, trend, items]
