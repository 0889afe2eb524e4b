"""The home page of the county office and the leaders (信访态势): a month's four rates, petitions by channel and the
three petitions, the township ranking (county users), the trend of twelve months and the cadres' training with its
coverage rate (培训覆盖率), read from reporting with the
user's own token — reporting decides the scope, so a township leader sees their own township."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Template

from services.portal.api.assets import echarts_script
from services.portal.api.frame import language_of, messages_for, page
from services.portal.api.intake_calls import place_names
from services.portal.domain import figures as fig
from services.portal.domain.dates import CHINA
from services.portal.domain.messages import Messages
from services.portal.service.apis import ApiError, ApiUnavailable
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn
from shared.tenancy import Scope


class ReportingCall:
    """Reporting as the user behind this request sees it."""

    def __init__(self, request: Request[SignedIn, Any, Any], portal: PortalContext) -> None:
        self.user: SignedIn = request.user
        self.language = language_of(request)
        self.api = portal.reporting
        self.intake = portal.intake

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self.api.get(self.user, self.language, path, params)

    async def township_names(self) -> dict[str, str]:
        """Names come from intake's directory; without it the tables show the slugs rather than fail."""
        try:
            return place_names(await self.intake.get(self.user, self.language, "/townships"))
        except ApiError:
            return {}


def asked_month(request: Request, latest: fig.Month) -> fig.Month:
    """`?month=YYYY-MM`, the last month when none; a month reporting keeps no figures for is 页面不存在."""
    text = (request.query_params.get("month") or "").strip()
    if not text:
        return latest
    month = fig.Month.parse(text)
    if month is None:
        raise NotFoundException()
    return month


def asked_rate(request: Request) -> str:
    rate = (request.query_params.get("by") or "").strip() or fig.DEFAULT_RATE
    if rate not in fig.RATES:
        raise NotFoundException()
    return rate


async def figures_home(request: Request[SignedIn, Any, Any], portal: PortalContext) -> Template:
    user = request.user
    latest = fig.Month.last_before(datetime.now(CHINA).date())
    month, rate = asked_month(request, latest), asked_rate(request)
    county_wide = user.principal.scope is Scope.county
    try:
        shown = await _figures(
            ReportingCall(request, portal), month, rate, county_wide, messages_for(request)
        )
    except ApiUnavailable:
        # The landing page must still open when reporting is down: the greeting and menu, and a notice.
        shown = {"unavailable": True}
    t = messages_for(request)
    return page(
        request,
        user,
        portal,
        "figures_home.html",
        month=str(month),
        month_label=fig.month_label(month, t),
        months=[(str(m), fig.month_label(m, t)) for m in fig.months_offered(month, latest)],
        rate=rate,
        rates=[(r, t(f"rate.{r}")) for r in fig.RATES],
        county_wide=county_wide,
        echarts_src=echarts_script(portal.settings.assets_dir),
        pct=fig.percent,
        **shown,
    )


async def _figures(
    reporting: ReportingCall, month: fig.Month, rate: str, county_wide: bool, t: Messages
) -> dict[str, Any]:
    overview = await reporting.get("/figures/overview", {"month": str(month)})
    first, last = fig.trend_window(month)
    mine = overview["county"] if county_wide else _own(overview, reporting.user.principal.township)
    trend = await reporting.get(
        "/figures/trend", {"from": str(first), "to": str(last), "township": mine["township"]}
    )
    ranking = (
        await reporting.get("/figures/townships", {"month": str(month), "by": rate}) if county_wide else None
    )
    names = await reporting.township_names()
    channels = fig.channel_bars(mine["by_channel"], t)
    three = fig.three_petition_bars(mine["three_petitions"], t)
    points = fig.trend_points(trend["months"], t)
    return {
        "unavailable": False,
        "figures": mine,
        "place": names.get(mine["township"], mine["township"]) if mine["township"] else None,
        "tiles": fig.rate_tiles(mine["rates"], t),
        "training": fig.training_bars(mine["training"], t),
        "coverage": fig.coverage_tile(mine["training"], t),
        "channels": channels,
        "three": three,
        "trend": points,
        "ranking": ranking,
        "spread": fig.spread_text(ranking["spread"], names, t) if ranking else None,
        "names": names,
        "chart_data": fig.chart_data(channels, three, points, t),
    }


def _own(overview: dict[str, Any], township: str) -> dict[str, Any]:
    """A township's caller gets one entry, their own (zeros when it had nothing)."""
    return next((f for f in overview["townships"] if f["township"] == township), overview["townships"][0])
