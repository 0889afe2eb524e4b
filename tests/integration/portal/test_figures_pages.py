"""The figures home page over HTTP: the county officer, the county leader and a township leader land on it and it
shows the numbers reporting gives the same user (nothing is published here: whatever the stack holds, read back
from reporting's API with that user's token and compared, cell by cell and in the charts' data); the ranking is
the county's alone; English on an English page; a clerk and a liaison keep their usual home page; ECharts comes
from the portal itself, cached for a year under a URL naming its version."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

import httpx
import pytest

from deploy.launcher.config import StackSettings
from services.portal.api.cookies import LANGUAGE_COOKIE
from services.portal.domain.dates import CHINA
from tests.integration.intake.conftest import tokens  # noqa: F401 - the realm's tokens, one cache
from tests.integration.shared.clients import SignedInClients

CELL = re.compile(r'data-cell="([^"]+)">([^<]*)<')
DATA = re.compile(r'<script type="application/json" id="figures-data">(.*?)</script>', re.S)
ECHARTS = re.compile(r'<script src="(/_assets/echarts/[^"]+/echarts\.min\.js)" defer>')
CHANNELS = ("letter", "visit", "phone", "online", "mailbox")
THREE = ("repeat", "collective", "skip_level")
RATES = ("timely_acceptance", "on_time_completion", "satisfaction", "participation")
# The month tests/integration/reporting/test_figures.py publishes (when it ran on this stack), and the default.
SEEDED = "2003-03"


def last_month() -> str:
    today = datetime.now(CHINA).date()
    return f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"


def months_back(month: str, n: int) -> str:
    year, m = map(int, month.split("-"))
    index = year * 12 + m - 1 - n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def cells(page: str) -> dict[str, str]:
    return {name: html.unescape(value).strip() for name, value in CELL.findall(page)}


def chart_data(page: str) -> dict[str, Any]:
    found = DATA.search(page)
    assert found, "the page carries no chart data"
    return json.loads(found.group(1))


@pytest.fixture
async def reporting_as(stack: StackSettings, tokens):  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.reporting_port}", tokens)
    yield clients
    await clients.close()


async def api(client: httpx.AsyncClient, path: str, **params: str) -> Any:
    answer = await client.get(path, params=params)
    assert answer.status_code == 200, answer.text[:500]
    return answer.json()


def assert_month_figures(shown: dict[str, str], data: dict[str, Any], figures: dict[str, Any]) -> None:
    """The tiles, the two bar tables and their charts hold reporting's figures of the month."""
    for rate in RATES:
        r = figures["rates"][rate]
        assert shown[f"rate:{rate}"] == percent(r["rate"]), rate
        assert shown[f"rate-parts:{rate}"] == f"{r['numerator']} / {r['denominator']}", rate
    assert shown["petitions"] == str(figures["petitions"])
    channels = [*CHANNELS, *sorted(c for c in figures["by_channel"] if c not in CHANNELS)]
    by_channel = [figures["by_channel"].get(c, 0) for c in channels]
    assert [shown[f"channel:{c}"] for c in channels] == [str(n) for n in by_channel]
    assert data["channel"]["values"] == by_channel
    three = [figures["three_petitions"][k] for k in THREE]
    assert [shown[f"three:{k}"] for k in THREE] == [str(n) for n in three]
    assert data["three"]["values"] == three


def assert_trend(shown: dict[str, str], data: dict[str, Any], trend: dict[str, Any]) -> None:
    assert len(trend["months"]) == 12
    for m in trend["months"]:
        assert shown[f"trend-petitions:{m['month']}"] == str(m["petitions"]), m["month"]
        assert shown[f"trend-timely:{m['month']}"] == percent(m["rates"]["timely_acceptance"]["rate"])
    assert data["trend"]["petitions"]["values"] == [m["petitions"] for m in trend["months"]]
    timely = [m["rates"]["timely_acceptance"]["rate"] for m in trend["months"]]
    assert data["trend"]["timely"]["values"] == [None if r is None else round(r * 100, 1) for r in timely]


def assert_ranking(shown: dict[str, str], ranking: dict[str, Any]) -> None:
    for r in ranking["townships"]:
        t = r["township"]
        assert shown[f"rank:{t}"] == ("—" if r["rank"] is None else str(r["rank"])), t
        assert shown[f"rank-rate:{t}"] == percent(r["rate"]), t
        assert shown[f"rank-parts:{t}"] == f"{r['numerator']} / {r['denominator']}", t
    shown_townships = {k.split(":", 1)[1] for k in shown if k.startswith("rank:")}
    assert shown_townships == {r["township"] for r in ranking["townships"]}
    spread = ranking["spread"]
    if spread["value"] is None:
        assert "不足以计算极差" in shown["spread"]
    else:
        assert shown["spread"].startswith(f"{spread['value'] * 100:.1f}个百分点"), shown["spread"]


@pytest.mark.parametrize("user", ["county.officer", "county.leader"])
@pytest.mark.parametrize(
    ("month", "by"), [(None, None), (SEEDED, "timely_acceptance"), (SEEDED, "satisfaction")]
)
async def test_a_county_users_home_page_shows_the_figures_reporting_gives_them(
    stack: StackSettings, signed_in_client, reporting_as, user: str, month: str | None, by: str | None
) -> None:
    client = await signed_in_client(user)
    params = {k: v for k, v in (("month", month), ("by", by)) if v}
    page = await client.get(f"{stack.portal_url}/", params=params)
    assert page.status_code == 200, page.text[:500]
    shown, data = cells(page.text), chart_data(page.text)
    shown_month = month or last_month()
    assert f'<option value="{shown_month}" selected>' in page.text

    reporting = await reporting_as(user)
    overview = await api(reporting, "/figures/overview", month=shown_month)
    assert_month_figures(shown, data, overview["county"])
    assert "全县" in page.text
    ranking = await api(reporting, "/figures/townships", month=shown_month, by=by or "timely_acceptance")
    assert_ranking(shown, ranking)
    trend = await api(
        reporting, "/figures/trend", **{"from": months_back(shown_month, 11), "to": shown_month}
    )
    assert_trend(shown, data, trend)


@pytest.mark.parametrize("month", [None, SEEDED])
async def test_a_township_leaders_home_page_shows_their_township_and_no_ranking(
    stack: StackSettings, signed_in_client, reporting_as, month: str | None
) -> None:
    client = await signed_in_client("dajiahe.leader")
    page = await client.get(f"{stack.portal_url}/", params={"month": month} if month else {})
    assert page.status_code == 200, page.text[:500]
    shown, data = cells(page.text), chart_data(page.text)
    shown_month = month or last_month()

    reporting = await reporting_as("dajiahe.leader")
    overview = await api(reporting, "/figures/overview", month=shown_month)
    assert overview["county"] is None and [f["township"] for f in overview["townships"]] == ["dajiahe"]
    assert_month_figures(shown, data, overview["townships"][0])
    assert '<span id="figures-place">大佳何镇</span>' in page.text
    assert 'id="ranking"' not in page.text and not any(k.startswith("rank:") for k in shown)
    assert 'name="by"' not in page.text  # nothing to rank by
    trend = await api(
        reporting, "/figures/trend", **{"from": months_back(shown_month, 11), "to": shown_month}
    )
    assert trend["township"] == "dajiahe"
    assert_trend(shown, data, trend)


async def test_the_figures_read_in_english_on_an_english_page(stack: StackSettings, signed_in_client) -> None:
    client = await signed_in_client("county.officer")
    client.cookies.set(LANGUAGE_COOKIE, "en")
    page = await client.get(f"{stack.portal_url}/", params={"month": SEEDED})
    assert page.status_code == 200
    for text in (
        "Petition figures",
        "Timely acceptance",
        "Petitions by channel",
        "The three petitions",
        "Mar 2003",
    ):
        assert text in page.text, text
    assert "信访态势" not in page.text
    data = chart_data(page.text)
    assert data["channel"]["labels"][:2] == ["Letter", "Visit"]
    assert data["trend"]["timely"]["name"] == "Timely acceptance"


async def test_a_month_or_a_rate_reporting_keeps_none_of_is_not_found(
    stack: StackSettings, signed_in_client
) -> None:
    client = await signed_in_client("county.leader")
    for params in ({"month": "2026-13"}, {"month": "1999-12"}, {"by": "speed"}):
        answer = await client.get(f"{stack.portal_url}/", params=params)
        assert answer.status_code == 404, params
        assert "页面不存在" in answer.text


@pytest.mark.parametrize("user", ["dajiahe.clerk", "dajiahe.liaison"])
async def test_a_clerk_and_a_liaison_land_on_their_usual_home_page(
    stack: StackSettings, signed_in_client, user: str
) -> None:
    client = await signed_in_client(user)
    page = await client.get(f"{stack.portal_url}/")
    assert page.status_code == 200
    assert 'id="welcome"' in page.text and "您可以办理的工作" in page.text
    assert "figures-data" not in page.text and "echarts" not in page.text


async def test_echarts_is_served_by_the_portal_with_a_long_cache(
    stack: StackSettings, signed_in_client
) -> None:
    client = await signed_in_client("county.officer")
    page = await client.get(f"{stack.portal_url}/")
    found = ECHARTS.search(page.text)
    assert found, "the page loads no ECharts of the portal's"
    assert "/static/figures.js" in page.text
    async with httpx.AsyncClient(timeout=30) as anonymous:  # an asset needs no session
        script = await anonymous.get(f"{stack.portal_url}{found.group(1)}")
        ours = await anonymous.get(f"{stack.portal_url}/static/figures.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert len(script.content) > 500_000 and b"echarts" in script.content[:2000].lower()
    cache = script.headers["cache-control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache
    assert ours.status_code == 200 and b"echarts.init" in ours.content
    assert "no-store" not in ours.headers["cache-control"]
