"""Instability screening registers (不稳定因素排查) through the running intake service."""

from __future__ import annotations

import json
import random
from typing import Any

import asyncpg


async def fresh_month(superuser: asyncpg.Connection, years: range, *townships: str) -> str:
    """A month no register of these townships uses yet: a register is unique per township and period, and
    the database keeps what earlier runs opened."""
    used = {
        r["period"]
        for r in await superuser.fetch(
            "SELECT r.period FROM intake.screening_register r JOIN intake.township t USING (tenant_id)"
            " WHERE t.slug = ANY($1::text[])",
            list(townships),
        )
    }
    while (period := f"{random.choice(years)}-{random.randint(1, 12):02d}") in used:
        pass
    return period


PAST, FUTURE = range(1900, 2000), range(2100, 3000)


def item_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "description": "葛家村十余户村民因土地流转租金未兑现，酝酿集体到县上访",
        "risk_level": "high",
        "people_count": 12,
        "responsible_person": "王建国",
        "measures": "包村干部逐户走访，协调流转公司月底前兑现租金",
        "village": "gejia",
    }
    body.update(overrides)
    return body


async def _open(client, period: str, **extra) -> dict:
    r = await client.post("/screening-registers", json={"period": period, **extra})
    assert r.status_code == 201, r.text
    return r.json()


async def _listed(client, **params) -> dict[str, dict]:
    r = await client.get("/screening-registers", params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return {item["id"]: item for item in r.json()["items"]}


async def test_a_register_past_its_due_date_is_overdue_until_filed_and_is_filed_once(
    as_user, superuser
) -> None:
    clerk = await as_user("dajiahe.clerk")
    period = await fresh_month(superuser, PAST, "dajiahe")
    register = await _open(clerk, period)
    year, month = map(int, period.split("-"))
    assert (
        register["status"] == "draft" and register["overdue"] is True and register["period_kind"] == "monthly"
    )
    assert register["due_on"] == (f"{year + 1}-01-05" if month == 12 else f"{year}-{month + 1:02d}-05")
    assert register["id"] in await _listed(clerk, overdue="true", period=period)
    assert register["id"] not in await _listed(clerk, overdue="false", period=period)

    filed = await clerk.post(f"/screening-registers/{register['id']}/file")
    assert filed.status_code == 200, filed.text
    assert (filed.json()["status"], filed.json()["overdue"], filed.json()["on_time"]) == (
        "filed",
        False,
        False,
    )
    assert register["id"] not in await _listed(clerk, overdue="true", period=period)
    assert (await clerk.post(f"/screening-registers/{register['id']}/file")).status_code == 409
    added = await clerk.post(f"/screening-registers/{register['id']}/items", json=item_body())
    assert added.status_code == 409


async def test_a_register_not_yet_due_is_not_overdue(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    register = await _open(clerk, await fresh_month(superuser, FUTURE, "dajiahe"))
    assert register["overdue"] is False
    assert register["id"] in await _listed(clerk, overdue="false", period=register["period"])
    assert register["id"] not in await _listed(clerk, overdue="true", period=register["period"])


async def test_one_register_per_township_and_period(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    period = await fresh_month(superuser, PAST, "dajiahe")
    await _open(clerk, period)
    assert (await clerk.post("/screening-registers", json={"period": period})).status_code == 409
    # Another township's register for the same period is its own.
    county = await as_user("county.officer")
    if period not in {
        r["period"] for r in (await _listed(county, township="changjie", period=period)).values()
    }:
        assert (await _open(county, period, township="changjie"))["township"] == "changjie"


async def test_a_holiday_register_is_due_the_day_its_period_starts(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    r = await clerk.post("/screening-registers", json={"period": "2026-spring-festival"})
    assert r.status_code in (201, 409), r.text  # opened by an earlier run of this test, or now
    (found,) = (await _listed(clerk, period="2026-spring-festival")).values()
    assert (found["period_kind"], found["period_label"], found["due_on"]) == ("holiday", "春节", "2026-02-15")


async def test_an_unknown_period_and_a_county_opening_without_township_are_refused(as_user) -> None:
    clerk, county = await as_user("dajiahe.clerk"), await as_user("county.officer")
    r = await clerk.post("/screening-registers", json={"period": "2026-mid-autumn"})
    assert r.status_code == 422 and r.json()["errors"][0]["reason"] == "unknown_period"
    r = await county.post("/screening-registers", json={"period": "1901-01"})
    assert r.status_code == 422 and r.json()["errors"][0] == {
        "field": "township",
        "reason": "required",
        "message": "township不能为空",
    }


async def test_items_are_recorded_controlled_and_resolved_with_events(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    register = await _open(clerk, await fresh_month(superuser, FUTURE, "dajiahe"))
    rid = register["id"]
    added = await clerk.post(f"/screening-registers/{rid}/items", json=item_body())
    assert added.status_code == 201, added.text
    (item,) = added.json()["items"]
    assert (item["status"], item["village"], item["risk_level"]) == ("open", "gejia", "high")
    base = f"/screening-registers/{rid}/items/{item['id']}/resolve"
    controlled = await clerk.post(base, json={"status": "controlled", "note": "已稳控，租金分期兑现"})
    assert controlled.json()["items"][0]["status"] == "controlled"
    resolved = await clerk.post(base, json={"note": "租金全部兑现"})
    assert resolved.json()["items"][0]["status"] == "resolved" and resolved.json()["items"][0]["resolved_at"]
    assert (await clerk.post(base, json={})).status_code == 409
    assert (await clerk.post(base, json={"status": "open"})).status_code == 422
    events = await superuser.fetch(
        "SELECT type, envelope FROM intake.outbox WHERE envelope->>'subject' = $1 ORDER BY created_at", rid
    )
    assert [e["type"] for e in events] == [
        "screening.register_opened.v1",
        "screening.item_recorded.v1",
        "screening.item_resolved.v1",
        "screening.item_resolved.v1",
    ]
    assert "王建国" not in " ".join(e["envelope"] for e in events)


async def test_an_empty_register_is_filed_as_a_zero_report(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    register = await _open(clerk, await fresh_month(superuser, FUTURE, "dajiahe"))
    filed = await clerk.post(f"/screening-registers/{register['id']}/file")
    assert filed.status_code == 200 and filed.json()["on_time"] is True and filed.json()["item_count"] == 0
    data = await superuser.fetchval(
        "SELECT envelope->'data' FROM intake.outbox WHERE envelope->>'subject' = $1"
        " AND type = 'screening.register_filed.v1'",
        register["id"],
    )
    assert json.loads(data)["nothing_found"] is True


async def test_malformed_items_are_refused_and_nothing_is_stored(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    rid = (await _open(clerk, await fresh_month(superuser, FUTURE, "dajiahe")))["id"]
    for body, field, reason in (
        (item_body(risk_level="extreme"), "risk_level", "invalid_value"),
        (item_body(description="  "), "description", "required"),
        (item_body(village="qingzhu"), "village", "unknown_village"),
        (item_body(responsible_person=""), "responsible_person", "too_short"),
    ):
        r = await clerk.post(f"/screening-registers/{rid}/items", json=body)
        assert r.status_code == 422, r.text
        assert {"field": field, "reason": reason} in [
            {"field": e["field"], "reason": e["reason"]} for e in r.json()["errors"]
        ]
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM intake.screening_item WHERE register_id = $1::uuid", rid
        )
        == 0
    )


async def test_another_township_sees_nothing_and_a_liaison_is_refused(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    register = await _open(clerk, await fresh_month(superuser, PAST, "dajiahe"))
    rid, period = register["id"], register["period"]
    other = await as_user("changjie.clerk")
    assert (await other.get(f"/screening-registers/{rid}")).status_code == 404
    assert rid not in await _listed(other, period=period)
    assert (await other.post(f"/screening-registers/{rid}/file")).status_code == 404
    assert (await other.post(f"/screening-registers/{rid}/items", json=item_body())).status_code == 404
    county = await as_user("county.officer")
    assert (await county.get(f"/screening-registers/{rid}")).status_code == 200
    assert rid in await _listed(county, township="dajiahe", overdue="true", period=period)
    assert (await (await as_user("dajiahe.liaison")).get("/screening-registers")).status_code == 403
