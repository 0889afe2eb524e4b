"""The figures home page's own rules: who lands on it, the month shown by default and the selector's months, how a
rate reads (— for nothing due), the spread in percentage points, every channel and each of the three petitions in
the forms' order, the charts' data equal to the tables' numbers, and ECharts' URL naming its installed version."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from litestar.exceptions import NotFoundException
from litestar.response import Template

from services.portal.api.assets import echarts_script, package_version
from services.portal.api.figures_home import asked_month, asked_rate, figures_home
from services.portal.domain import figures as fig
from services.portal.domain.figures_messages import EN_FIGURES, ZH_FIGURES
from services.portal.domain.messages import Language, Messages
from services.portal.service.apis import ServiceApi
from services.portal.service.oidc import TokenSet
from services.portal.service.web_sessions import SignedIn
from shared.auth import Principal
from shared.auth.roles import Role
from shared.tenancy import Scope

ZH, EN = Messages(Language.zh), Messages(Language.en)


def rate(numerator: int, denominator: int) -> dict:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": None if denominator == 0 else round(numerator / denominator, 4),
    }


RATES = {
    "timely_acceptance": rate(4, 6),
    "on_time_completion": rate(2, 4),
    "satisfaction": rate(0, 0),
    "participation": rate(3, 3),
}


@pytest.mark.parametrize(
    ("roles", "lands"),
    [
        ({Role.county_officer}, True),
        ({Role.county_leader}, True),
        ({Role.township_leader}, True),
        ({Role.township_clerk, Role.township_leader}, True),
        ({Role.township_clerk}, False),
        ({Role.village_liaison}, False),
        ({Role.auditor}, False),
        ({Role.trainer}, False),
        ({Role.county_admin}, False),
    ],
)
def test_the_county_office_and_the_leaders_land_on_the_figures(roles: set[Role], lands: bool) -> None:
    assert fig.lands_on_figures(roles) is lands


def test_the_last_month_is_the_whole_month_before_today() -> None:
    assert fig.Month.last_before(date(2026, 12, 1)) == fig.Month(2026, 11)
    assert fig.Month.last_before(date(2027, 1, 31)) == fig.Month(2026, 12)
    assert str(fig.Month(2026, 3)) == "2026-03"


@pytest.mark.parametrize("text", ["", "2026-13", "2026-00", "1999-12", "2101-01", "2026-1", "2026/11", " x"])
def test_a_month_reporting_would_refuse_is_none(text: str) -> None:
    assert fig.Month.parse(text) is None


def test_the_trend_is_the_twelve_months_ending_with_the_one_shown() -> None:
    assert fig.trend_window(fig.Month(2026, 11)) == (fig.Month(2025, 12), fig.Month(2026, 11))
    assert fig.trend_window(fig.Month(2026, 12)) == (fig.Month(2026, 1), fig.Month(2026, 12))
    assert fig.Month(2026, 1).plus(-1) == fig.Month(2025, 12)
    assert fig.Month(2026, 12).plus(1) == fig.Month(2027, 1)


def test_the_selector_offers_recent_months_newest_first_and_keeps_an_older_one_shown() -> None:
    latest = fig.Month(2026, 11)
    offered = fig.months_offered(latest, latest)
    assert offered[0] == latest and offered[-1] == fig.Month(2024, 12) and len(offered) == fig.MONTHS_OFFERED
    older = fig.months_offered(fig.Month(2003, 3), latest)
    assert older[-1] == fig.Month(2003, 3) and older[:-1] == offered


def test_a_month_reads_the_chinese_way_and_the_english_way() -> None:
    assert fig.month_label(fig.Month(2026, 11), ZH) == "2026年11月"
    assert fig.month_label(fig.Month(2026, 3), EN) == "Mar 2026"


def test_a_rate_reads_as_a_percentage_and_nothing_due_as_a_dash() -> None:
    assert fig.percent(0.6667) == "66.7%"
    assert fig.percent(1.0) == "100.0%"
    assert fig.percent(0.0) == "0.0%"
    assert fig.percent(None) == "—"
    assert fig.percent_value(0.6667) == 66.7 and fig.percent_value(None) is None


def test_the_tiles_show_each_rate_with_its_numerator_and_denominator() -> None:
    tiles = fig.rate_tiles(RATES, ZH)
    assert [t.key for t in tiles] == list(fig.RATES)
    timely, _, satisfaction, _ = tiles
    assert (timely.label, timely.value, timely.parts) == ("及时受理率", "66.7%", "4 / 6")
    assert (satisfaction.value, satisfaction.parts) == ("—", "0 / 0")
    assert [t.label for t in fig.rate_tiles(RATES, EN)][1] == "On-time completion"


def test_the_spread_is_in_percentage_points_between_named_townships() -> None:
    names = {"dajiahe": "大佳何镇", "changjie": "长街镇"}
    spread = {"highest": "changjie", "lowest": "dajiahe", "value": 0.3333}
    assert fig.spread_text(spread, names, ZH) == "33.3个百分点（最高：长街镇，最低：大佳何镇）"
    assert fig.spread_text(spread, {}, EN) == "33.3 points (highest: changjie, lowest: dajiahe)"
    assert fig.spread_text({"highest": None, "lowest": None, "value": None}, names, ZH) is None


def test_every_channel_is_shown_in_the_forms_order_and_an_unknown_one_after_them() -> None:
    bars = fig.channel_bars({"visit": 3, "letter": 2, "fax": 1}, ZH)
    assert [(b.key, b.label, b.value) for b in bars] == [
        ("letter", "来信", 2),
        ("visit", "来访", 3),
        ("phone", "电话", 0),
        ("online", "网上", 0),
        ("mailbox", "领导信箱", 0),
        ("fax", "fax", 1),
    ]
    three = fig.three_petition_bars({"repeat": 1, "collective": 2, "skip_level": 0}, EN)
    assert [(b.label, b.value) for b in three] == [("Repeat", 1), ("Collective", 2), ("Skip-level", 0)]


def test_the_charts_draw_the_numbers_the_tables_show() -> None:
    months = [
        {"month": "2026-10", "petitions": 7, "rates": {"timely_acceptance": rate(4, 6)}},
        {"month": "2026-11", "petitions": 0, "rates": {"timely_acceptance": rate(0, 0)}},
    ]
    trend = fig.trend_points(months, ZH)
    assert [(p.label, p.petitions, p.timely, p.timely_value) for p in trend] == [
        ("2026年10月", 7, "66.7%", 66.7),
        ("2026年11月", 0, "—", None),
    ]
    channels = fig.channel_bars({"visit": 3}, ZH)
    three = fig.three_petition_bars({"repeat": 1, "collective": 0, "skip_level": 2}, ZH)
    data = json.loads(json.dumps(fig.chart_data(channels, three, trend, ZH)))  # what the page embeds
    assert data["channel"]["labels"] == [b.label for b in channels]
    assert data["channel"]["values"] == [0, 3, 0, 0, 0]
    assert data["three"]["values"] == [1, 0, 2]
    assert data["trend"]["labels"] == ["2026年10月", "2026年11月"]
    assert data["trend"]["petitions"] == {"name": "信访总量", "values": [7, 0]}
    assert data["trend"]["timely"] == {"name": "及时受理率", "values": [66.7, None]}


def test_both_languages_have_every_figures_message() -> None:
    assert ZH_FIGURES.keys() == EN_FIGURES.keys()
    assert all(ZH_FIGURES[f"rate.{r}"] and EN_FIGURES[f"rate_parts.{r}"] for r in fig.RATES)


def test_echarts_url_names_the_installed_version(tmp_path: Path) -> None:
    (tmp_path / "echarts").mkdir()
    (tmp_path / "echarts" / "package.json").write_text('{"name": "echarts", "version": "5.6.0"}')
    assert echarts_script(tmp_path) == "/_assets/echarts/5.6.0/echarts.min.js"
    assert package_version(tmp_path / "nothing", "echarts") == "missing"


def test_the_pinned_echarts_is_a_5x_and_installed() -> None:
    assets = Path(__file__).resolve().parents[3] / "deploy" / "assets"
    pinned = json.loads((assets / "package.json").read_text())["dependencies"]["echarts"]
    assert pinned.startswith("5.")
    if (assets / "node_modules" / "echarts").is_dir():
        assert package_version(assets / "node_modules", "echarts") == pinned


def _principal(roles: set[Role], scope: Scope, township: str) -> Principal:
    return Principal(
        user_id="u-1", username="someone", display_name="王某", roles=frozenset(roles), township=township,
        village=None, tenant_id=None if scope is Scope.county else uuid.uuid4(), village_id=None, scope=scope,
    )  # fmt: skip


def _figures(township: str | None) -> dict:
    return {
        "month": "2026-11", "township": township, "petitions": 3, "by_channel": {"visit": 3}, "by_category": {},
        "by_kind": {}, "three_petitions": {"repeat": 0, "collective": 1, "skip_level": 0}, "rates": RATES,
        "training": {"hours": 4.5, "attendances": 3, "cadres_trained": 2, "coverage": rate(2, 8)},
    }  # fmt: skip


def _home_request(principal: Principal, month: str) -> SimpleNamespace:
    return SimpleNamespace(
        user=SignedIn(principal, TokenSet("access", "refresh", "id", 0.0, 0.0), b""), cookies={},
        query_params={"month": month}, url=SimpleNamespace(path="/"), scope={},
        app=SimpleNamespace(state={"runtime": SimpleNamespace(settings=SimpleNamespace(county=None))}),
    )  # fmt: skip


async def _home(
    answer: Callable[[httpx.Request], httpx.Response], principal: Principal, tmp_path: Path
) -> Template:
    transport = httpx.MockTransport(answer)
    portal = SimpleNamespace(
        reporting=ServiceApi("reporting", "http://reporting", transport=transport),
        intake=ServiceApi("intake", "http://intake", transport=transport),
        places=SimpleNamespace(township=lambda slug: None if slug == "county" else "大佳何镇"),
        settings=SimpleNamespace(assets_dir=tmp_path),
    )
    try:
        return await figures_home(_home_request(principal, "2026-11"), portal)
    finally:
        await portal.reporting.close()
        await portal.intake.close()


async def test_a_township_leaders_page_asks_for_their_own_trend_and_no_ranking(tmp_path: Path) -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.url.path}?{request.url.query.decode()}")
        if request.url.path == "/figures/overview":
            return httpx.Response(
                200, json={"month": "2026-11", "county": None, "townships": [_figures("dajiahe")]}
            )
        if request.url.path == "/figures/trend":
            return httpx.Response(200, json={"township": "dajiahe", "months": [_figures("dajiahe")] * 12})
        return httpx.Response(200, json=[{"slug": "dajiahe", "name": "大佳何镇", "villages": []}])

    shown = await _home(answer, _principal({Role.township_leader}, Scope.township, "dajiahe"), tmp_path)
    assert shown.template_name == "figures_home.html" and shown.context["unavailable"] is False
    assert shown.context["ranking"] is None and shown.context["place"] == "大佳何镇"
    assert "/figures/trend?from=2025-12&to=2026-11&township=dajiahe" in asked
    assert not any(a.startswith("/figures/townships") for a in asked)
    assert [t.value for t in shown.context["tiles"]] == ["66.7%", "50.0%", "—", "100.0%"]
    coverage = shown.context["coverage"]
    assert (coverage.label, coverage.value, coverage.parts) == ("培训覆盖率", "25.0%", "2 / 8")
    assert [(b.label, b.value) for b in shown.context["training"]] == [
        ("培训学时（小时）", 4.5), ("出席人次", 3), ("参训干部（人）", 2),
    ]  # fmt: skip


def test_the_coverage_tile_reads_like_the_rates_and_says_when_no_roster_is_known() -> None:
    none = fig.coverage_tile({"coverage": rate(0, 0)}, ZH)
    assert (none.key, none.value, none.parts, none.legend) == (
        "coverage",
        "—",
        "0 / 0",
        "年内已参训 / 在岗干部",
    )


async def test_reporting_down_still_opens_the_home_page_with_a_notice(tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"title": "服务暂不可用"})

    shown = await _home(answer, _principal({Role.county_leader}, Scope.county, "county"), tmp_path)
    assert shown.status_code == 200 and shown.template_name == "figures_home.html"
    assert shown.context["unavailable"] is True and shown.context["month"] == "2026-11"


@pytest.mark.parametrize("query", [{"month": "2026-13"}, {"by": "speed"}])
def test_a_month_or_a_rate_reporting_keeps_none_of_is_not_found(query: dict[str, str]) -> None:
    request = SimpleNamespace(query_params=query)
    with pytest.raises(NotFoundException):
        asked_month(request, fig.Month(2026, 11))
        asked_rate(request)
