"""Upward information reports (信访信息报送) against the real stack: a draft assembled from the facts, edited,
submitted once, frozen; lateness is a figure; a township reads only its own (docs/reporting.md).

Each run picks a month of its own, far in the past (2005–2019: before every other test's months are reached by
none of them), so its one regular report per month is new and long overdue — a report submitted today is late.

xidian, the month M:
S1 recorded M-03; S2 recorded M-05, controlled M-06; S3 recorded the month before, resolved M-20
→ recorded S1 S2, controlled S2, resolved S3.
A collective petition P registered M-10 09:00 China time (is_collective) and an emergency E received M-12 08:00.
Today: an emergency E2 received now, reported at once (2 hours allowed): on time.
"""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from services.reporting.domain.figures import Month
from shared.clock import Clock
from shared.contracts.intake import PetitionRegistered
from shared.contracts.intake_village import EmergencyRequested, ScreeningItemRecorded, ScreeningItemResolved
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from tests.integration.reporting.conftest import Client, china, event, fixed_id
from tests.integration.reporting.test_figures import publish_all
from tests.integration.shared.scratch import wait_for

XIDIAN = "xidian"
MONTH = Month(random.randint(2005, 2019), random.randint(1, 12))
PERIOD = str(MONTH)
D = date
_EXISTING = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _id(name: str) -> uuid.UUID:
    return fixed_id(f"information-report-{PERIOD}-{name}")


def _day(d: int) -> date:
    return date(MONTH.year, MONTH.month, d)


def screened(name: str, on: date) -> Envelope:
    payload = ScreeningItemRecorded(_id("register"), _id(name), PERIOD, "high", 3, None)
    return event("intake", "screening.item_recorded.v1", XIDIAN, _id(name), payload, at=china(on))


def screening_status(name: str, status: str, on: date) -> Envelope:
    payload = ScreeningItemResolved(_id("register"), _id(name), PERIOD, "high", status)
    return event("intake", "screening.item_resolved.v1", XIDIAN, _id(name), payload, at=china(on))


def collective(name: str, on: date) -> Envelope:
    payload = PetitionRegistered(
        _id(name),
        "visit",
        "land",
        "claim",
        None,
        on,
        on + timedelta(days=15),
        12,
        True,
        False,
        False,
        "township",
    )
    return event("intake", "petition.registered.v1", XIDIAN, _id(name), payload, at=china(on, 9))


def emergency(request_id: uuid.UUID, at: datetime) -> Envelope:
    payload = EmergencyRequested(
        request_id, None, 30, at, at + timedelta(minutes=30), at + timedelta(hours=24)
    )
    return event("intake", "emergency.requested.v1", XIDIAN, request_id, payload, at=at)


def seed(today_emergency: uuid.UUID) -> list[Envelope]:
    before = MONTH.first - timedelta(days=3)
    return [
        screened("S1", _day(3)),
        screening_status("S2", "controlled", _day(6)),  # before its recording
        screened("S2", _day(5)),
        screened("S3", before),
        screening_status("S3", "resolved", _day(20)),
        collective("P", _day(10)),
        emergency(_id("E"), china(_day(12), 8)),
        emergency(today_emergency, datetime.now(UTC)),
    ]


async def _draft(client: httpx.AsyncClient, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return await client.post("/information-reports/drafts", json=body, headers=headers)


async def _when_known(client: httpx.AsyncClient, source_kind: str, source_id: uuid.UUID) -> dict[str, Any]:
    """Draft the matter's report once the worker has the matter (422 unknown_source until then)."""
    drafted: dict[str, Any] = {}

    async def known() -> bool:
        r = await _draft(
            client, {"kind": "major_matter", "source_kind": source_kind, "source_id": str(source_id)}
        )
        if r.status_code == 409:  # drafted by an earlier test of this run: the detail names it
            r = await client.get(f"/information-reports/{_EXISTING.search(r.json()['detail'])[0]}")
        assert r.status_code in (200, 201, 422), r.text
        if r.status_code != 422:
            drafted.update(r.json())
        return r.status_code != 422

    await wait_for(known, 90, every=0.5)
    return drafted


async def _screening_settled(officer: httpx.AsyncClient) -> None:
    async def done() -> bool:
        r = await officer.get("/figures/overview", params={"month": PERIOD})
        xidian = next((t for t in r.json()["townships"] if t["township"] == XIDIAN), None)
        return bool(xidian) and xidian["screening"] == {"screened": 2, "controlled": 1, "resolved": 1}

    await wait_for(done, 90, every=0.5)


@pytest.fixture
async def seeded(nats_operator: NatsSettings, reporting_as: Client) -> dict[str, Any]:
    """The month's events applied, and the major matters' drafts of xidian's clerk."""
    today_emergency = uuid.uuid4()
    await publish_all(nats_operator, seed(today_emergency))
    clerk, officer = await reporting_as("xidian.clerk"), await reporting_as("county.officer")
    await _screening_settled(officer)
    petition = await _when_known(clerk, "collective_petition", _id("P"))
    old_emergency = await _when_known(clerk, "emergency", _id("E"))
    today = await _when_known(clerk, "emergency", today_emergency)
    return {"petition": petition, "emergency": old_emergency, "today": today}


def _reasons(r: httpx.Response) -> set[tuple[str, str]]:
    assert r.status_code == 422, r.text
    return {(e["field"], e["reason"]) for e in r.json()["errors"]}


async def test_a_regular_draft_holds_the_months_screening_registers_and_major_matters(
    seeded: dict[str, Any], reporting_as: Client
):
    clerk = await reporting_as("xidian.clerk")
    r = await _draft(clerk, {"kind": "regular", "period": PERIOD}, key=f"regular-{PERIOD}-{uuid.uuid4()}")
    assert r.status_code == 201, r.text
    report = r.json()
    screening = report["facts"]["screening"]
    assert sorted(screening["recorded"]) == sorted(str(_id(n)) for n in ("S1", "S2"))
    assert screening["controlled"] == [str(_id("S2"))]
    assert screening["resolved"] == [str(_id("S3"))]
    assert screening["by_township"] == {XIDIAN: {"recorded": 2, "controlled": 1, "resolved": 1}}
    matters = {(m["source_kind"], m["source_id"]) for m in report["facts"]["major_matters"]}
    assert matters == {("collective_petition", str(_id("P"))), ("emergency", str(_id("E")))}
    assert "排查登记不稳定因素2件，稳控1件，化解1件；发生集体访1件，紧急求助1起" in report["body"]
    assert report["title"] == f"{MONTH.year}年{MONTH.month}月信访信息（定期）"
    due_on = MONTH.last + timedelta(days=5)
    assert (report["township"], report["period"], report["due_on"]) == (XIDIAN, PERIOD, str(due_on))
    assert report["status"] == "overdue"
    # One per month: a second draft is refused, naming the first.
    again = await _draft(clerk, {"kind": "regular", "period": PERIOD})
    assert again.status_code == 409 and report["id"] in again.text


async def test_a_major_matters_draft_is_due_by_its_calendar(seeded: dict[str, Any]):
    petition, old = seeded["petition"], seeded["emergency"]
    assert petition["kind"] == "major_matter" and petition["township"] == XIDIAN
    raised = china(_day(10), 9)
    assert datetime.fromisoformat(petition["due_at"]) == raised + timedelta(hours=24)
    assert datetime.fromisoformat(old["due_at"]) == china(_day(12), 10)
    assert "涉及30人" in old["body"] and old["facts"]["major_matters"][0]["people_count"] == 30


async def test_edit_then_submit_once_and_the_report_is_frozen(seeded: dict[str, Any], reporting_as: Client):
    clerk = await reporting_as("xidian.clerk")
    report = seeded["petition"]
    path = f"/information-reports/{report['id']}"
    edited = await clerk.patch(
        path, json={"title": "西店镇集体访信息", "body": "群众12人到镇反映征地补偿问题，已接待。"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["title"] == "西店镇集体访信息" and edited.json()["edited_at"]
    assert _reasons(await clerk.patch(path, json={"title": "长" * 101})) == {("title", "too_long")}
    assert _reasons(await clerk.patch(path, json={})) == {("body", "nothing_to_change")}
    assert _reasons(await clerk.patch(path, json={"body": "   "})) == {("body", "required")}

    key = f"submit-{uuid.uuid4()}"
    first = await clerk.post(f"{path}/submit", headers={"Idempotency-Key": key})
    assert first.status_code == 200, first.text
    submitted = first.json()
    assert submitted["submitted_at"] and submitted["status"] == "late"  # the petition was raised years ago
    retry = await clerk.post(f"{path}/submit", headers={"Idempotency-Key": key})
    assert retry.status_code == 200 and retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json()["submitted_at"] == submitted["submitted_at"]
    assert (await clerk.post(f"{path}/submit", headers={"Idempotency-Key": f"{key}-2"})).status_code == 409
    assert (await clerk.patch(path, json={"title": "改"})).status_code == 409
    assert (await clerk.get(path)).json()["title"] == "西店镇集体访信息"


async def _listed(client: httpx.AsyncClient, month: str, key: str) -> set[str]:
    r = await client.get(
        "/figures/information_reports_on_time/items",
        params={"month": month, "township": XIDIAN, "key": key, "page_size": 100},
    )
    assert r.status_code == 200, r.text
    return {i["id"] for i in r.json()["items"] if i["kind"] == "information_report"}


async def test_lateness_is_a_figure_with_its_list(seeded: dict[str, Any], reporting_as: Client):
    clerk, officer = await reporting_as("xidian.clerk"), await reporting_as("county.officer")
    late, on_time = seeded["emergency"], seeded["today"]
    for report in (late, on_time):
        r = await clerk.post(
            f"/information-reports/{report['id']}/submit", headers={"Idempotency-Key": str(uuid.uuid4())}
        )
        assert r.status_code == 200, r.text
    assert (await clerk.get(f"/information-reports/{late['id']}")).json()["status"] == "late"
    assert (await clerk.get(f"/information-reports/{on_time['id']}")).json()["status"] == "on_time"

    old_month = late["due_on"][:7]
    assert late["id"] in await _listed(officer, old_month, "denominator")
    assert late["id"] not in await _listed(officer, old_month, "numerator")
    this_month = on_time["due_on"][:7]
    assert on_time["id"] in await _listed(officer, this_month, "numerator")
    assert on_time["id"] in await _listed(officer, this_month, "denominator")

    overview = (await officer.get("/figures/overview", params={"month": old_month})).json()
    xidian = next(t for t in overview["townships"] if t["township"] == XIDIAN)
    rate = xidian["rates"]["information_reports_on_time"]
    assert rate["denominator"] >= 1 and rate["numerator"] < rate["denominator"]
    ranking = await officer.get(
        "/figures/townships", params={"month": old_month, "by": "information_reports_on_time"}
    )
    assert ranking.status_code == 200 and XIDIAN in {t["township"] for t in ranking.json()["townships"]}


async def test_a_township_reads_only_its_own_and_the_county_reads_all(
    seeded: dict[str, Any], reporting_as: Client
):
    report = seeded["petition"]
    path = f"/information-reports/{report['id']}"
    other = await reporting_as("dajiahe.clerk")
    assert (await other.get(path)).status_code == 404
    assert (await other.patch(path, json={"title": "改"})).status_code == 404
    assert (await other.post(f"{path}/submit")).status_code == 404
    listed = (await other.get("/information-reports", params={"township": XIDIAN})).json()
    assert listed["total"] == 0
    # Another township's matter is no matter it can report on.
    refused = await _draft(
        other, {"kind": "major_matter", "source_kind": "emergency", "source_id": str(_id("E"))}
    )
    assert _reasons(refused) == {("source_id", "unknown_source")}

    for reader in ("county.officer", "county.leader", "county.auditor"):
        assert (await (await reporting_as(reader)).get(path)).status_code == 200, reader
    officer = await reporting_as("county.officer")
    assert (
        await officer.patch(path, json={"title": "改"})
    ).status_code == 404  # the county writes only its own
    leader = await reporting_as("county.leader")
    assert (await _draft(leader, {"kind": "regular", "period": PERIOD})).status_code == 403
    assert (await (await reporting_as("xidian.liaison")).get("/information-reports")).status_code == 403
    mine = (
        await (await reporting_as("xidian.clerk")).get("/information-reports", params={"period": PERIOD})
    ).json()
    assert {i["township"] for i in mine["items"]} <= {XIDIAN}


async def test_the_county_office_reports_every_township_to_the_city(
    seeded: dict[str, Any], reporting_as: Client
):
    officer = await reporting_as("county.officer")
    r = await _draft(officer, {"kind": "regular", "period": PERIOD})
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["township"] == "county" and report["title"].startswith("全县")
    assert report["facts"]["screening"]["by_township"][XIDIAN] == {
        "recorded": 2,
        "controlled": 1,
        "resolved": 1,
    }
    assert f"{XIDIAN}：排查2件，稳控1件，化解1件。" in report["body"]
    # The county's own report is no township's figure.
    due_month = report["due_on"][:7]
    assert report["id"] not in await _listed(officer, due_month, "denominator")
    clerk = await reporting_as("xidian.clerk")
    assert (await clerk.get(f"/information-reports/{report['id']}")).status_code == 404


async def test_bad_input_is_422_naming_the_field(seeded: dict[str, Any], reporting_as: Client):
    clerk = await reporting_as("xidian.clerk")
    assert _reasons(await _draft(clerk, {"kind": "regular"})) == {("period", "required")}
    assert _reasons(await _draft(clerk, {"kind": "regular", "period": "2005-13"})) == {
        ("period", "invalid_format")
    }
    future = Month.of(Clock().today()).next()
    assert _reasons(await _draft(clerk, {"kind": "regular", "period": str(future)})) == {
        ("period", "period_in_future")
    }
    assert _reasons(await _draft(clerk, {"kind": "major_matter", "source_kind": "emergency"})) == {
        ("source_id", "required")
    }
    unknown = {"kind": "major_matter", "source_kind": "emergency", "source_id": str(uuid.uuid4())}
    assert _reasons(await _draft(clerk, unknown)) == {("source_id", "unknown_source")}
    assert ("kind", "invalid_value") in _reasons(await _draft(clerk, {"kind": "weekly"}))
    listed = await clerk.get("/information-reports", params={"status": "lost"})
    assert listed.status_code == 422
    missing = await clerk.get(f"/information-reports/{uuid.uuid4()}")
    assert missing.status_code == 404
