"""The county admin's calendar entry on the real stack (a 2027 deadline refused, then computed), spot checks drawn
again from their seed, and the petitioner's query page without sign-in."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta

import asyncpg
import httpx
import pytest

from shared.clock import Clock
from shared.query_code import new_query_code, query_code_digest
from shared.settings import NatsSettings
from tests.integration.shared.scratch import wait_for
from tests.integration.supervision.conftest import Client, accepted_event, case_of, publish

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00
NOTICE_2027 = {
    "holidays": [
        {"day": "2027-01-01", "name": "元旦"}, {"day": "2027-01-02", "name": "元旦"}, {"day": "2027-01-03", "name": "元旦"},
    ],
    "workdays": [],
}  # fmt: skip
_FORGET_2027 = [
    "DELETE FROM supervision.calendar_day WHERE day >= '2027-01-01' AND day < '2028-01-01'",
    "DELETE FROM supervision.calendar_year WHERE year = 2027",
    "DELETE FROM intake.calendar_year WHERE year = 2027",
    "DELETE FROM intake.screening_register WHERE period = '2027-spring-festival'",
]


@pytest.fixture
async def no_2027(superuser: asyncpg.Connection) -> AsyncIterator[None]:
    """As the stack is seeded: chinese-calendar knows no 2027 (and no other test leaves it entered)."""
    for statement in _FORGET_2027:
        await superuser.execute(statement)
    yield
    for statement in _FORGET_2027:
        await superuser.execute(statement)


async def test_national_day_and_its_make_up_saturday_give_the_state_council_date(
    supervision_as: Client,
) -> None:
    clerk = await supervision_as("dajiahe.clerk")
    r = await clerk.get(
        "/calendar/due-date", params={"start": "2026-09-28", "days": 5, "counting": "working"}
    )
    assert r.status_code == 200 and r.json()["due_on"] == "2026-10-10"


async def test_a_2027_deadline_is_refused_until_the_admin_enters_the_year(
    supervision_as: Client, nats_operator: NatsSettings, no_2027: None
) -> None:
    clerk, admin = await supervision_as("dajiahe.clerk"), await supervision_as("county.admin")
    query = {"start": "2026-12-28", "days": 5, "counting": "working"}
    refused = await clerk.get("/calendar/due-date", params=query)
    assert refused.status_code == 409 and "2027年的工作日历尚未录入" in refused.json()["detail"]
    event = accepted_event(accepted_on=date(2026, 12, 28))
    await publish(nats_operator, event)
    case = await case_of(clerk, event.data["petition_id"])
    window = next(
        c
        for c in (await clerk.get(f"/cases/{case['id']}")).json()["clocks"]
        if c["kind"] == "objection_window"
    )
    assert window["waiting_for_calendar"] and window["due_on"] is None
    assert (await clerk.put("/calendar/years/2027", json=NOTICE_2027)).status_code == 403
    bad = await admin.put(
        "/calendar/years/2027",
        json={
            "holidays": [{"day": "2026-10-01", "name": "国庆节"}],
            "workdays": [{"day": "2027-01-04", "name": "调休"}],
        },
    )
    assert bad.status_code == 422
    assert {(e["field"], e["reason"]) for e in bad.json()["errors"]} == {
        ("holidays.0.day", "outside_year"), ("workdays.0.day", "not_a_weekend"),
    }  # fmt: skip
    entered = await admin.put("/calendar/years/2027", json=NOTICE_2027)
    assert entered.status_code == 200 and entered.json()["known"]
    assert (await clerk.get("/calendar/due-date", params=query)).json()["due_on"] == "2027-01-05"
    window = next(
        c
        for c in (await clerk.get(f"/cases/{case['id']}")).json()["clocks"]
        if c["kind"] == "objection_window"
    )
    assert window["due_on"] == "2027-01-05" and not window["waiting_for_calendar"]


async def test_the_year_the_admin_enters_gives_intake_its_holiday_screening_periods(
    as_user, supervision_as: Client, no_2027: None
) -> None:
    """One calendar: the 2027 notice entered in supervision reaches intake through NATS, and the screening register
    before 春节 is due the first day of the holiday as entered; a holiday the notice does not hold stays unknown."""
    clerk, admin = await as_user("dajiahe.clerk"), await supervision_as("county.admin")
    before = await clerk.post("/screening-registers", json={"period": "2027-spring-festival"})
    assert before.status_code == 422 and before.json()["errors"][0]["reason"] == "unknown_period"
    spring = [{"day": f"2027-02-{d:02d}", "name": "春节"} for d in range(6, 13)]
    notice = {
        "holidays": NOTICE_2027["holidays"] + spring,
        "workdays": [{"day": "2027-02-20", "name": "春节调休"}],
    }
    assert (await admin.put("/calendar/years/2027", json=notice)).status_code == 200
    opened: dict = {}

    async def open_in_intake() -> bool:
        r = await clerk.post("/screening-registers", json={"period": "2027-spring-festival"})
        opened.update(r.json() if r.status_code == 201 else {})
        return r.status_code == 201

    await wait_for(open_in_intake, 10)
    assert (opened["period_label"], opened["starts_on"], opened["ends_on"], opened["due_on"]) == (
        "春节", "2027-02-06", "2027-02-12", "2027-02-06",
    )  # fmt: skip
    r = await clerk.post("/screening-registers", json={"period": "2027-national-day"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "period"


async def _closed_case(
    clerk: httpx.AsyncClient, nats_operator: NatsSettings, township: str, verdict: str
) -> str:
    event = accepted_event(township, village=None)
    await publish(nats_operator, event)
    case = await case_of(clerk, event.data["petition_id"])
    await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "已按政策答复。"})
    closed = await clerk.post(f"/cases/{case['id']}/satisfaction", json={"verdict": verdict})
    assert closed.json()["stage"] == "closed", closed.text
    return case["id"]


async def test_a_spot_check_is_drawn_again_identical_from_its_seed(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    clerk, officer = await supervision_as("changjie.clerk"), await supervision_as("county.officer")
    ids = [await _closed_case(clerk, nats_operator, "changjie", "satisfied") for _ in range(12)]
    # A month of its own, long past: the service closes cases today, the sample is of a month that has ended.
    month = date(random.randint(2005, 2024), random.randint(1, 12), 1)
    await superuser.execute(
        "UPDATE supervision.case_file SET closed_on = $2 WHERE id = ANY($1)",
        [uuid.UUID(i) for i in ids], month + timedelta(days=9),
    )  # fmt: skip
    body = {"township": "changjie", "month": month.strftime("%Y-%m"), "share": 0.25}
    assert (await clerk.post("/spot-checks", json=body)).status_code == 403
    drawn = await officer.post("/spot-checks", json=body)
    assert drawn.status_code == 201, drawn.text
    check = drawn.json()
    assert check["population"] == 12 and len(check["items"]) == 3
    assert {i["case_id"] for i in check["items"]} <= set(ids)
    again = (await officer.post(f"/spot-checks/{check['id']}/redraw")).json()
    assert again["same"] and sorted(again["cases"]) == sorted(i["case_id"] for i in check["items"])
    assert (await officer.post("/spot-checks", json=body)).status_code == 409
    sampled = check["items"][0]["case_id"]
    visited = await officer.post(
        f"/spot-checks/{check['id']}/cases/{sampled}/visit",
        json={"verdict": "dissatisfied", "note": "回访称问题未解决"},
    )
    item = next(i for i in visited.json()["items"] if i["case_id"] == sampled)
    assert item["recorded_verdict"] == "satisfied" and item["contradicts"] is True
    outside = next(i for i in ids if i not in again["cases"])
    r = await officer.post(f"/spot-checks/{check['id']}/cases/{outside}/visit", json={"verdict": "satisfied"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "case_id"
    other = await supervision_as("dajiahe.leader")
    assert (
        await other.get(f"/spot-checks/{check['id']}")
    ).status_code == 403  # a township reads no spot check


def _client(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


async def test_the_query_page_shows_one_matter_and_takes_one_verdict_without_sign_in(
    public_client: httpx.AsyncClient, supervision_as: Client, nats_operator: NatsSettings
) -> None:
    code, other_code = new_query_code(), new_query_code()
    mine = accepted_event(digest=query_code_digest(code), category="labour")
    theirs = accepted_event("xidian", digest=query_code_digest(other_code), village=None)
    for e in (mine, theirs):
        await publish(nats_operator, e)
    clerk = await supervision_as("dajiahe.clerk")
    case = await case_of(clerk, mine.data["petition_id"])
    me = _client(f"198.51.100.{random.randint(1, 250)}")
    typed = code.lower().replace("-", " ")  # as a petitioner types it
    progress = await public_client.post("/public/progress", json={"code": typed}, headers=me)
    assert progress.status_code == 200, progress.text
    view = progress.json()
    assert view["township"] == "大佳何镇" and [s["step"] for s in view["steps"]] == ["accepted", "routed"]
    assert view["steps"][1]["unit"] == "大佳何镇社会事务办公室" and not view["may_rate"]
    text = progress.text
    assert str(case["id"]) not in text and mine.data["petition_id"] not in text and "xidian" not in text
    assert progress.headers["cache-control"] == "no-store"
    early = await public_client.post(
        "/public/verdict", json={"code": code, "verdict": "satisfied"}, headers=me
    )
    assert early.status_code == 409
    await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "经协调，工资已于本月发放。"})
    rated = await public_client.post(
        "/public/verdict", json={"code": code, "verdict": "dissatisfied"}, headers=me
    )
    assert rated.status_code == 200 and rated.json()["stage"] == "in_review" and not rated.json()["may_rate"]
    again = await public_client.post(
        "/public/verdict", json={"code": code, "verdict": "satisfied"}, headers=me
    )
    assert again.status_code == 409
    detail = (await clerk.get(f"/cases/{case['id']}")).json()
    assert detail["satisfaction"][0]["source"] == "petitioner"
    review = next(c for c in detail["clocks"] if c["kind"] == "review")
    assert review["due_on"] == str(TODAY + timedelta(days=30))


async def test_ten_wrong_codes_in_a_row_make_one_client_wait_and_not_another(
    public_client: httpx.AsyncClient, nats_operator: NatsSettings, supervision_as: Client
) -> None:
    code = new_query_code()
    event = accepted_event(digest=query_code_digest(code))
    await publish(nats_operator, event)
    await case_of(await supervision_as("dajiahe.clerk"), event.data["petition_id"])
    guesser = _client(f"203.0.113.{random.randint(1, 250)}")
    for _ in range(10):
        wrong = await public_client.post("/public/progress", json={"code": new_query_code()}, headers=guesser)
        assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    blocked = await public_client.post("/public/progress", json={"code": code}, headers=guesser)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    someone_else = _client(f"192.0.2.{random.randint(1, 250)}")
    assert (
        await public_client.post("/public/progress", json={"code": code}, headers=someone_else)
    ).status_code == 200
