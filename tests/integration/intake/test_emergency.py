"""Emergency help (应急求助, 急事急办) through the running intake service: deadlines, scope, the sealed phone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

PHONE = "13812345678"


def request_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "what_happened": f"独居老人家中水管爆裂，屋内进水，无法自行处理。编号{uuid.uuid4().hex[:8]}",
        "people_affected": 1,
        "contact_phone": PHONE,
    }
    body.update(overrides)
    return body


def hours_ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


async def _request(client, **overrides) -> dict:
    r = await client.post("/emergency-requests", json=request_body(**overrides))
    assert r.status_code == 201, r.text
    return r.json()


async def _listed_ids(client, **params) -> set[str]:
    r = await client.get("/emergency-requests", params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def test_the_phone_is_masked_in_answers_encrypted_at_rest_and_absent_from_events(
    as_user, superuser
) -> None:
    created = await _request(await as_user("dajiahe.liaison"))
    assert (created["contact_phone"], created["contact_phone_masked"]) == ("138****5678", True)
    assert (created["township"], created["village"], created["status"]) == (
        "dajiahe",
        "zhangjiaxi",
        "received",
    )
    stored = await superuser.fetchrow(
        "SELECT contact_phone_enc, contact_phone_masked FROM intake.emergency_request WHERE id = $1",
        uuid.UUID(created["id"]),
    )
    assert (
        PHONE.encode() not in bytes(stored["contact_phone_enc"])
        and stored["contact_phone_masked"] == "138****5678"
    )
    envelope = await superuser.fetchval(
        "SELECT envelope::text FROM intake.outbox WHERE envelope->>'subject' = $1", created["id"]
    )
    assert "emergency.requested.v1" in envelope and PHONE not in envelope
    assert created["what_happened"] not in envelope


async def test_the_deadlines_run_24_and_72_hours_from_receipt(as_user) -> None:
    received = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    created = await _request(
        await as_user("dajiahe.clerk"), received_at=received.isoformat(), village="gejia"
    )
    assert _at(created["received_at"]) == received
    assert _at(created["respond_by"]) == received + timedelta(hours=24)
    assert _at(created["resolve_by"]) == received + timedelta(hours=72)
    assert created["overdue"] is False and created["overdue_step"] is None


async def test_an_unanswered_request_becomes_overdue_and_answering_it_clears_the_flag(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    late = await _request(clerk, received_at=hours_ago(30))
    assert (late["overdue"], late["overdue_step"]) == (True, "response")
    assert late["id"] in await _listed_ids(clerk, overdue="true")
    assert late["id"] not in await _listed_ids(clerk, overdue="false")

    answered = await clerk.post(f"/emergency-requests/{late['id']}/respond", json={"note": "已派水电工上门"})
    assert answered.status_code == 200, answered.text
    assert (answered.json()["status"], answered.json()["overdue"]) == ("responding", False)
    assert late["id"] not in await _listed_ids(clerk, overdue="true")
    again = await clerk.post(f"/emergency-requests/{late['id']}/respond", json={"note": "again"})
    assert again.status_code == 409


async def test_a_request_past_its_resolution_deadline_is_overdue_until_resolved_once(
    as_user, superuser
) -> None:
    clerk = await as_user("dajiahe.clerk")
    old = await _request(clerk, received_at=hours_ago(80))
    assert (old["overdue"], old["overdue_step"]) == (True, "resolution")
    done = await clerk.post(f"/emergency-requests/{old['id']}/resolve", json={"note": "水管已修复"})
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["overdue"]) == ("resolved", False)
    assert [e["action"] for e in done.json()["timeline"]] == ["emergency.requested", "emergency.resolved"]
    assert (
        await clerk.post(f"/emergency-requests/{old['id']}/resolve", json={"note": "x"})
    ).status_code == 409
    resolved_event = await superuser.fetchval(
        "SELECT envelope->'data'->>'on_time' FROM intake.outbox WHERE envelope->>'subject' = $1"
        " AND type = 'emergency.resolved.v1'",
        old["id"],
    )
    assert resolved_event == "false"


async def test_another_township_and_another_village_see_nothing(as_user) -> None:
    created = await _request(await as_user("dajiahe.liaison"))
    rid = created["id"]
    for name in ("changjie.clerk", "dajiahe.liaison2"):
        other = await as_user(name)
        assert (await other.get(f"/emergency-requests/{rid}")).status_code == 404, name
        assert rid not in await _listed_ids(other), name
        assert (await other.post(f"/emergency-requests/{rid}/respond", json={"note": "x"})).status_code == 404
    assert (await (await as_user("county.officer")).get(f"/emergency-requests/{rid}")).status_code == 200
    assert rid in await _listed_ids(await as_user("dajiahe.clerk"), status="received")


async def test_malformed_requests_are_refused_and_nothing_is_stored(as_user, superuser) -> None:
    liaison = await as_user("dajiahe.liaison")
    in_an_hour = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    for body, field, reason in (
        (request_body(contact_phone="12345"), "contact_phone", "invalid_mobile"),
        (request_body(received_at=in_an_hour), "received_at", "in_future"),
        (request_body(what_happened=" "), "what_happened", "required"),
        (request_body(people_affected=0), "people_affected", "out_of_range"),
        (request_body(village="gejia"), "village", "not_your_village"),
    ):
        before = await superuser.fetchval("SELECT count(*) FROM intake.emergency_request")
        r = await liaison.post("/emergency-requests", json=body)
        assert r.status_code == 422, r.text
        assert {"field": field, "reason": reason} in [
            {"field": e["field"], "reason": e["reason"]} for e in r.json()["errors"]
        ]
        assert await superuser.fetchval("SELECT count(*) FROM intake.emergency_request") == before


async def test_the_full_phone_is_shown_only_to_a_clerk_and_on_the_trail(as_user) -> None:
    created = await _request(await as_user("dajiahe.liaison"))
    url = f"/emergency-requests/{created['id']}/contact/reveal"
    assert (
        await (await as_user("dajiahe.liaison")).post(url, json={"purpose": "回电核实"})
    ).status_code == 403
    shown = await (await as_user("dajiahe.clerk")).post(url, json={"purpose": "回电核实"})
    assert shown.status_code == 200, shown.text
    assert (shown.json()["contact_phone"], shown.json()["contact_phone_masked"]) == (PHONE, False)
    assert shown.json()["timeline"][-1]["action"] == "emergency.contact_revealed"
    assert shown.json()["timeline"][-1]["detail"]["purpose"] == "回电核实"
