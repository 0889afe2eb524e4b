"""The monthly situation analysis of the seeded March 2003 (tests/integration/reporting/test_figures.py): the PDF
and the .xlsx, fetched and parsed back (pypdf, openpyxl), hold the numbers `/figures/overview` and
`/figures/townships` answer for that month — the total, by channel, the three petitions, the four rates and the
ranking; a township's caller gets their own township's; the worker's monthly set, run twice (and two at once) with
the clock moved to 2003-04-01, is stored once."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
from openpyxl import load_workbook
from pypdf import PdfReader

from services.reporting.domain.analysis import CHANNELS, RATES, THREE, rate_sentence
from services.reporting.service.analysis import generate_due
from shared.clock import CHINA, FixedClock
from shared.db.engine import make_engine
from shared.db.session import session_factory
from tests.integration.reporting.conftest import Client
from tests.integration.reporting.test_figures import DAJIAHE_MARCH, MONTH, seeded  # noqa: F401 - the fixture

PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _get(client: httpx.AsyncClient, path: str, **params: str) -> httpx.Response:
    r = await client.get(path, params=params)
    assert r.status_code == 200, r.text[:500]
    return r


def pdf_text(content: bytes) -> str:
    """The document's text without white space: a wrapped line must not split a sentence looked for."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def tables(content: bytes) -> dict[str, dict[str, list[list[Any]]]]:
    """Sheet → table title → its rows (the head first), as the workbook lays them out: a title, the head, the rows,
    a blank row before the next."""
    book = load_workbook(io.BytesIO(content))
    found: dict[str, dict[str, list[list[Any]]]] = {}
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        found[sheet.title] = dict(_split(rows))
    return found


def _split(rows: list[list[Any]]) -> Iterator[tuple[str, list[list[Any]]]]:
    for i, row in enumerate(rows):
        if i and all(v is None for v in rows[i - 1]) and row and row[0] is not None:
            end = next((j for j in range(i + 1, len(rows)) if all(v is None for v in rows[j])), len(rows))
            width = sum(1 for v in rows[i + 1] if v is not None)  # the sheet pads every row to its widest
            yield str(row[0]), [r[:width] for r in rows[i + 1 : end]]


def body(table: list[list[Any]]) -> dict[str, list[Any]]:
    """The rows of a table by their first cell."""
    return {str(r[0]): r[1:] for r in table[1:]}


def assert_holds(xlsx: dict[str, dict[str, list[list[Any]]]], text: str, figures: dict[str, Any]) -> None:
    """The total, by channel, the three petitions and the four rates of one township's or the county's figures."""
    assert f"本月共收到信访事项{figures['petitions']}件" in text
    assert body(xlsx["总体情况"]["信访总量"])["信访总量"][0] == figures["petitions"]
    channels = body(xlsx["渠道类别性质"]["按渠道"])
    assert {k: channels[CHANNELS.get(k, k)][0] for k in figures["by_channel"]} == figures["by_channel"]
    assert channels["合计"][0] == figures["petitions"]
    for key, name in CHANNELS.items():
        if key in figures["by_channel"]:
            assert f"{name}{figures['by_channel'][key]}件" in text
    three = body(xlsx["三类信访"]["三类信访"])
    for key, name in THREE.items():
        assert three[name][0] == figures["three_petitions"][key]
        assert f"{name}{figures['three_petitions'][key]}件" in text
    rates = body(xlsx["四项比率"]["各项比率"])
    for key, (name, numerator, denominator) in RATES.items():
        r = figures["rates"][key]
        assert rates[name][1:] == [r["numerator"], r["denominator"], r["rate"]], name
        assert rate_sentence(name, numerator, denominator, r) in text


async def test_the_countys_pdf_and_xlsx_hold_the_numbers_of_the_api(
    seeded: dict[str, Any],  # noqa: F811 - the fixture
    reporting_as: Client,
):
    officer = await reporting_as("county.officer")
    overview = (await _get(officer, "/figures/overview", month=MONTH)).json()
    pdf = await _get(officer, f"/analyses/{MONTH}.pdf")
    xlsx = await _get(officer, f"/analyses/{MONTH}.xlsx")
    assert pdf.headers["content-type"] == PDF and xlsx.headers["content-type"] == XLSX
    assert "no-store" in pdf.headers["cache-control"]
    text, sheets = pdf_text(pdf.content), tables(xlsx.content)
    assert "2003年3月信访形势分析" in text
    assert_holds(sheets, text, overview["county"])
    for key, (name, _, _) in RATES.items():
        ranking = (await _get(officer, "/figures/townships", month=MONTH, by=key)).json()
        shown = sheets["乡镇排名"][f"{name}排名"][1:]
        assert shown == [
            [t["rank"], t["township"], t["numerator"], t["denominator"], t["rate"]]
            for t in ranking["townships"]
        ], name
        s = ranking["spread"]
        if s["value"] is not None:
            assert f"极差{s['value'] * 100:.1f}个百分点" in text
    volume = body(sheets["乡镇排名"]["各乡镇信访量"])
    assert {t: row[0] for t, row in volume.items()} == {
        t["township"]: t["petitions"] for t in overview["townships"]
    }


async def test_a_township_gets_its_own_analysis(seeded: dict[str, Any], reporting_as: Client):  # noqa: F811
    clerk = await reporting_as("dajiahe.clerk")
    for client, params in ((clerk, {}), (await reporting_as("county.officer"), {"township": "dajiahe"})):
        pdf = await _get(client, f"/analyses/{MONTH}.pdf", **params)
        xlsx = tables((await _get(client, f"/analyses/{MONTH}.xlsx", **params)).content)
        text = pdf_text(pdf.content)
        assert "dajiahe2003年3月信访形势分析" in text
        assert "乡镇排名" not in xlsx  # the ranking is the county's
        assert_holds(xlsx, text, DAJIAHE_MARCH)
    r = await clerk.get(f"/analyses/{MONTH}.pdf", params={"township": "changjie"})
    assert r.status_code == 404


async def test_a_bad_month_or_format_is_422_naming_it(reporting_as: Client):
    officer = await reporting_as("county.leader")
    for name, field in (("2003-3.pdf", "month"), ("2003-13.xlsx", "month"), ("2003-03.doc", "format"),
                        ("2003-03", "format")):  # fmt: skip
        r = await officer.get(f"/analyses/{name}")
        assert r.status_code == 422, (name, r.text)
        assert r.json()["errors"][0]["field"] == field
    r = await officer.get(f"/analyses/{MONTH}.pdf", params={"township": "Not A Slug"})
    assert r.status_code == 422
    r = await (await reporting_as("dajiahe.liaison")).get(f"/analyses/{MONTH}.pdf")
    assert r.status_code == 403


async def test_the_worker_stores_the_months_set_once(
    seeded: dict[str, Any],  # noqa: F811 - the fixture
    reporting_as: Client,
    reporting_settings,
    superuser,
):
    await superuser.execute("DELETE FROM reporting.monthly_analysis WHERE month = '2003-03-01'")
    engine = make_engine(reporting_settings.db, application_name="test-analysis")
    clock = FixedClock(at=datetime(2003, 4, 1, 0, 30, tzinfo=CHINA))  # the county's first of April
    try:
        sessions = session_factory(engine)
        # Two workers at once, then both again: one set.
        first = await asyncio.gather(*(generate_due(sessions, "宁海县", clock) for _ in range(2)))
        again = await asyncio.gather(*(generate_due(sessions, "宁海县", clock) for _ in range(2)))
    finally:
        await engine.dispose()
    townships = sorted(t["township"] for t in seeded["townships"])
    assert sorted(first) == [0, 2 * (len(townships) + 1)] and again == [0, 0]

    officer = await reporting_as("county.officer")
    listed = (await _get(officer, "/analyses", month=MONTH)).json()
    assert listed["total"] == 2 * (len(townships) + 1)
    assert sorted((i["township"] or "", i["kind"]) for i in listed["items"]) == sorted(
        (t, k) for t in ["", *townships] for k in ("pdf", "xlsx")
    )
    county_xlsx = next(i for i in listed["items"] if i["township"] is None and i["kind"] == "xlsx")
    stored = await _get(officer, f"/analyses/generated/{county_xlsx['id']}")
    assert stored.headers["content-type"] == XLSX
    assert (
        body(tables(stored.content)["总体情况"]["信访总量"])["信访总量"][0] == seeded["county"]["petitions"]
    )

    clerk = await reporting_as("dajiahe.clerk")
    mine = (await _get(clerk, "/analyses", month=MONTH)).json()
    assert {i["township"] for i in mine["items"]} == {
        "dajiahe"
    }  # neither the county's nor another township's
    r = await clerk.get(f"/analyses/generated/{county_xlsx['id']}")
    assert r.status_code == 404
