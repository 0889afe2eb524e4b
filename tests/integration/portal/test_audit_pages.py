"""The auditors' pages over HTTP, on the real stack: two townships' clerks register a petition each through intake's
API; the auditor finds both entries in 审计留痕 (each township by its name, in Beijing time, the action in Chinese),
reads one petition's whole trail, downloads the search as .xlsx and PDF through the portal and parses them back
(the entries there, no personal data), and runs a verification whose double click runs once. A township clerk has
no menu item and every audit page refuses them."""

from __future__ import annotations

import asyncio
import io
import re
import time
import uuid
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from deploy.launcher.config import StackSettings
from shared.clock import Clock
from shared.tenancy import tenant_id_for
from tests.integration.intake.conftest import (
    fresh_id_number,
    petition_body,
    tokens,  # noqa: F401 - the realm's tokens, one cache
)
from tests.integration.portal.conftest import csrf_token_of
from tests.integration.shared.clients import SignedInClients

ROW = re.compile(
    r'<tr class="xf-entry"[^>]*data-entry="([^"]+)"[^>]*data-object="([^"]+)"[^>]*>(.*?)</tr>', re.S
)
CELL = re.compile(r'<td class="[^"]*xf-entry-(\w+)[^"]*">(.*?)</td>', re.S)
TAG = re.compile(r"<[^>]+>")
AUDIT_PATHS = ("/audit", "/audit/verification", "/audit/export.xlsx", "/audit/export.pdf")


def rows_of(page: str) -> dict[str, dict[str, str]]:
    """The entries table by object id: each column's text."""
    found = {}
    for key, object_id, body in ROW.findall(page):
        cells = {name: " ".join(TAG.sub(" ", text).split()) for name, text in CELL.findall(body)}
        found.setdefault(object_id, {"key": key, **cells})
    return found


@pytest.fixture
async def intake_as(stack: StackSettings, tokens):  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.intake_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
async def reporting_as(stack: StackSettings, tokens):  # noqa: F811 - the fixture
    clients = SignedInClients(f"http://127.0.0.1:{stack.reporting_port}", tokens)
    yield clients
    await clients.close()


async def register(client: httpx.AsyncClient, village: str) -> dict[str, Any]:
    person = {
        "name": "审计测试人",
        "id_number": fresh_id_number(),
        "phone": "13905741234",
        "is_representative": True,
    }
    body = petition_body(village=village, petitioners=[person])
    answer = await client.post("/petitions", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.text[:500]
    return {**answer.json(), "person": person}


async def until_found(client: httpx.AsyncClient, url: str, ids: set[str], within: float = 60) -> str:
    """The audit page once reporting's copy holds every entry asked for (its worker follows the stream)."""
    deadline = time.monotonic() + within
    while True:
        page = await client.get(url)
        assert page.status_code == 200, page.text[:500]
        if ids <= set(rows_of(page.text)) or time.monotonic() > deadline:
            return page.text
        await asyncio.sleep(0.5)


@pytest.fixture
async def two_petitions(intake_as) -> list[dict[str, Any]]:
    """One petition registered in 大佳何镇 and one in 长街镇, by their own clerks."""
    return [
        await register(await intake_as("dajiahe.clerk"), "zhangjiaxi"),
        await register(await intake_as("changjie.clerk"), "changjie"),
    ]


async def test_the_auditor_reads_the_trail_of_two_townships_and_exports_it(
    stack: StackSettings, signed_in_client, two_petitions: list[dict[str, Any]]
) -> None:
    auditor = await signed_in_client("county.auditor")
    home = await auditor.get(f"{stack.portal_url}/")
    assert 'href="/audit"' in home.text and "审计留痕" in home.text, "the menu and the home page lead there"

    today = Clock().today().isoformat()
    ids = {p["id"] for p in two_petitions}
    query = f"action=petition.registered&from={today}&to={today}"
    page = await until_found(auditor, f"{stack.portal_url}/audit?{query}", ids)
    rows = rows_of(page)
    dajiahe, changjie = (rows[p["id"]] for p in two_petitions)
    assert dajiahe["township"] == "大佳何镇" and changjie["township"] == "长街镇"
    for row in (dajiahe, changjie):
        assert row["service"] == "信访受理" and row["action"] == "登记"
        assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}", row["time"]), row["time"]
        assert row["object"].startswith("信访件")
    assert dajiahe["key"].startswith(f"intake/{tenant_id_for('dajiahe')}/")
    assert 'type="date"' not in page and 'placeholder="2026-12-01"' in page
    assert f'href="/audit/export.xlsx?{query}"' in page.replace("&amp;", "&")

    # one petition's whole trail, linked from its entry
    first = two_petitions[0]["id"]
    assert f'href="/audit/cases/{first}"' in page
    whole = await auditor.get(f"{stack.portal_url}/audit/cases/{first}")
    assert whole.status_code == 200 and first in rows_of(whole.text)

    # the exports, through the portal, with the page's filters
    xlsx = await auditor.get(f"{stack.portal_url}/audit/export.xlsx?{query}")
    assert xlsx.status_code == 200, xlsx.text[:300]
    assert xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    cells = [
        str(v)
        for sheet in load_workbook(io.BytesIO(xlsx.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert ids <= set(cells), "each petition's entry is a row of the workbook"
    # Reporting subsets a CJK font for each PDF: on a busy machine that takes longer than a page's 30 s.
    started = time.monotonic()
    pdf = await auditor.get(f"{stack.portal_url}/audit/export.pdf?{query}", timeout=300)
    print(f"the trail's PDF took {time.monotonic() - started:.1f} s")
    assert pdf.status_code == 200 and pdf.headers["content-type"].startswith("application/pdf")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "petition.registered" in text.replace("\n", "") or "登记" in text
    for petition in two_petitions:
        person = petition["person"]
        for secret in (person["name"], person["id_number"], person["phone"]):
            assert secret not in page and secret not in whole.text, "no personal data on the pages"
            assert all(secret not in c for c in cells) and secret not in text, (
                "no personal data in the exports"
            )


async def test_a_bad_date_is_refused_on_its_field_and_not_a_500(
    stack: StackSettings, signed_in_client
) -> None:
    auditor = await signed_in_client("county.auditor")
    page = await auditor.get(f"{stack.portal_url}/audit", params={"from": "12/01/2026"})
    assert page.status_code == 422
    assert 'data-field="from"' in page.text and "2026-12-01" in page.text
    bad_case = await auditor.get(f"{stack.portal_url}/audit", params={"case": "not-an-id"})
    assert bad_case.status_code == 422 and 'data-field="case"' in bad_case.text, bad_case.text[-2000:]


async def test_a_verification_runs_once_per_form_and_shows_every_chain(
    stack: StackSettings, signed_in_client, reporting_as
) -> None:
    auditor = await signed_in_client("county.auditor")
    form = await auditor.get(f"{stack.portal_url}/audit/verification")
    assert form.status_code == 200 and "留痕核验" in form.text
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form.text).group(1)
    data = {"idempotency_key": key, "_csrf_token": csrf_token_of(form.text)}
    first = await auditor.post(f"{stack.portal_url}/audit/verification", data=data)
    assert first.status_code == 303, first.text[:500]
    reporting = await reporting_as("county.auditor")
    latest = (await reporting.get("/trail/verifications/latest")).json()
    again = await auditor.post(f"{stack.portal_url}/audit/verification", data=data)  # the double click
    assert again.status_code == 303
    assert (await reporting.get("/trail/verifications/latest")).json()["id"] == latest["id"], "it ran once"

    shown = await auditor.get(f"{stack.portal_url}{first.headers['location']}")
    assert shown.status_code == 200 and 'id="verify-done"' in shown.text
    chains = re.findall(r'data-chain="([^"]+)" data-status="(\w+)"', shown.text)
    assert {f"{r['service']}/{r['tenant_id']}" for r in latest["results"]} == {c for c, _ in chains}
    assert 'id="verify-summary"' in shown.text


@pytest.mark.parametrize("user", ["dajiahe.clerk", "county.officer"])
async def test_anyone_but_an_auditor_has_no_menu_item_and_is_refused(
    stack: StackSettings, signed_in_client, user: str
) -> None:
    client = await signed_in_client(user)
    home = await client.get(f"{stack.portal_url}/")
    assert home.status_code == 200 and 'href="/audit"' not in home.text
    for path in (*AUDIT_PATHS, f"/audit/cases/{uuid.uuid4()}"):
        refused = await client.get(f"{stack.portal_url}{path}")
        assert refused.status_code == 403, (path, refused.status_code)
    form = await client.get(f"{stack.portal_url}/")
    posted = await client.post(
        f"{stack.portal_url}/audit/verification",
        data={"idempotency_key": str(uuid.uuid4()), "_csrf_token": csrf_token_of(form.text)},
    )
    assert posted.status_code == 403
