"""The sentiment diary (民情日记) through the running intake service: scope, refusals, resolution, conversion."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

PERSON = {
    "name": "张永福",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "is_representative": True,
}


def entry_body(**overrides: Any) -> dict[str, Any]:
    """What a liaison of 涨家溪村 writes after a walk round the village; the concern is unique per call."""
    body = {
        "entry_date": "2026-11-18",
        "concern": f"村民反映村口道路积水，雨天无法通行，希望尽快修缮。编号{uuid.uuid4().hex[:8]}",
        "category": "village_affairs",
        "people_count": 3,
        "handled_on_spot": "已联系村委会查看现场",
    }
    body.update(overrides)
    return body


async def _record(client, **overrides) -> dict:
    r = await client.post("/diary-entries", json=entry_body(**overrides))
    assert r.status_code == 201, r.text
    return r.json()


async def _listed_ids(client, **params) -> set[str]:
    r = await client.get("/diary-entries", params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


async def _events(superuser: asyncpg.Connection, subject: str) -> list[str]:
    rows = await superuser.fetch(
        "SELECT type FROM intake.outbox WHERE envelope->>'subject' = $1 ORDER BY created_at", subject
    )
    return [r["type"] for r in rows]


async def test_an_entry_is_seen_by_its_village_township_and_the_county_only(as_user) -> None:
    liaison = await as_user("dajiahe.liaison")
    entry = await _record(liaison)
    eid = entry["id"]
    assert (entry["township"], entry["village"], entry["status"]) == ("dajiahe", "zhangjiaxi", "open")
    assert entry["resolution_level"] == "unresolved" and entry["petition_id"] is None

    for name in ("dajiahe.clerk", "dajiahe.leader", "county.officer"):
        assert (await (await as_user(name)).get(f"/diary-entries/{eid}")).status_code == 200, name
    assert eid in await _listed_ids(
        await as_user("dajiahe.clerk"), date_from="2026-11-18", date_to="2026-11-18"
    )
    assert eid in await _listed_ids(
        await as_user("county.officer"), township="dajiahe", date_from="2026-11-18"
    )
    assert eid in await _listed_ids(liaison)

    for name in ("changjie.clerk", "dajiahe.liaison2"):
        other = await as_user(name)
        assert (await other.get(f"/diary-entries/{eid}")).status_code == 404, name
        assert eid not in await _listed_ids(other), name


async def test_only_a_village_liaison_keeps_the_diary(as_user) -> None:
    r = await (await as_user("dajiahe.clerk")).post("/diary-entries", json=entry_body())
    assert r.status_code == 403


async def _refused(client, superuser, body: dict, field: str, reason: str) -> None:
    before = await superuser.fetchval("SELECT count(*) FROM intake.diary_entry")
    events_before = await superuser.fetchval("SELECT count(*) FROM intake.outbox WHERE type LIKE 'diary.%'")
    r = await client.post("/diary-entries", json=body)
    assert r.status_code == 422, r.text
    assert {"field": field, "reason": reason} in [
        {"field": e["field"], "reason": e["reason"]} for e in r.json()["errors"]
    ]
    assert await superuser.fetchval("SELECT count(*) FROM intake.diary_entry") == before, "nothing is stored"
    assert (
        await superuser.fetchval("SELECT count(*) FROM intake.outbox WHERE type LIKE 'diary.%'")
        == events_before
    )


async def test_malformed_entries_are_refused_naming_field_and_reason(as_user, superuser) -> None:
    liaison = await as_user("dajiahe.liaison")
    await _refused(liaison, superuser, entry_body(entry_date="2999-01-01"), "entry_date", "in_future")
    await _refused(liaison, superuser, entry_body(concern="事" * 2001), "concern", "too_long")
    await _refused(liaison, superuser, entry_body(concern="   "), "concern", "required")
    await _refused(liaison, superuser, entry_body(category="weather"), "category", "invalid_value")
    await _refused(liaison, superuser, entry_body(people_count=0), "people_count", "out_of_range")


async def test_resolving_records_the_level_once_and_announces_it(as_user, superuser) -> None:
    liaison, clerk = await as_user("dajiahe.liaison"), await as_user("dajiahe.clerk")
    eid = (await _record(liaison))["id"]
    url = f"/diary-entries/{eid}/resolve"
    assert (await clerk.post(url, json={"level": "unresolved", "note": "x"})).status_code == 422
    done = await clerk.post(url, json={"level": "township", "note": "镇城建办已安排修缮"})
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["resolution_level"]) == ("resolved", "township")
    assert [e["action"] for e in body["timeline"]] == ["diary.recorded", "diary.resolved"]
    assert (await clerk.post(url, json={"level": "village", "note": "again"})).status_code == 409
    assert await _events(superuser, eid) == ["diary.recorded.v1", "diary.resolved.v1"]
    resolved = await _listed_ids(
        clerk, resolution_level="township", status="resolved", date_from="2026-11-18"
    )
    assert eid in resolved
    assert eid not in await _listed_ids(clerk, status="open", date_from="2026-11-18")


async def test_a_matter_settled_on_the_spot_is_resolved_in_the_village(as_user, superuser) -> None:
    entry = await _record(await as_user("dajiahe.liaison"), resolved_on_spot=True)
    assert (entry["status"], entry["resolution_level"]) == ("resolved", "village")
    assert await _events(superuser, entry["id"]) == ["diary.recorded.v1", "diary.resolved.v1"]


async def test_an_entry_becomes_a_petition_once_linked_both_ways(as_user, superuser) -> None:
    liaison, clerk = await as_user("dajiahe.liaison"), await as_user("dajiahe.clerk")
    entry = await _record(liaison, people_count=2)
    url = f"/diary-entries/{entry['id']}/petition"
    converted = await clerk.post(url, json={"kind": "claim", "petitioners": [PERSON]})
    assert converted.status_code == 201, converted.text
    pid = converted.json()["id"]

    petition = (await clerk.get(f"/petitions/{pid}")).json()
    assert (petition["content"], petition["village"], petition["category"]) == (
        entry["concern"],
        "zhangjiaxi",
        "village_affairs",
    )
    assert petition["received_on"] == "2026-11-18" and petition["people_count"] == 2
    actions = [e["action"] for e in petition["timeline"]]
    assert actions[:2] == ["petition.registered", "petition.from_diary"]
    assert petition["timeline"][1]["detail"]["diary_entry_id"] == entry["id"]

    linked = (await liaison.get(f"/diary-entries/{entry['id']}")).json()
    assert linked["petition_id"] == pid and linked["timeline"][-1]["action"] == "diary.converted"
    assert (await clerk.post(url, json={"kind": "claim", "petitioners": [PERSON]})).status_code == 409
    assert await _events(superuser, entry["id"]) == ["diary.recorded.v1", "diary.converted.v1"]
    envelopes = await superuser.fetchval(
        "SELECT string_agg(envelope::text, ' ') FROM intake.outbox WHERE envelope->>'subject' = $1",
        entry["id"],
    )
    for secret in ("张永福", "11010519491231002X", "13812345678", entry["concern"]):
        assert secret not in envelopes


async def test_a_conversion_with_a_wrong_id_number_stores_nothing(as_user, superuser) -> None:
    liaison, clerk = await as_user("dajiahe.liaison"), await as_user("dajiahe.clerk")
    eid = (await _record(liaison))["id"]
    before = await superuser.fetchval("SELECT count(*) FROM intake.petition")
    bad = {"name": "李四", "id_number": "110105194912310021"}
    r = await clerk.post(f"/diary-entries/{eid}/petition", json={"kind": "claim", "petitioners": [bad]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "petitioners.0.id_number"
    assert await superuser.fetchval("SELECT count(*) FROM intake.petition") == before
    assert (
        await superuser.fetchval("SELECT petition_id FROM intake.diary_entry WHERE id = $1", uuid.UUID(eid))
        is None
    )


async def test_another_township_cannot_resolve_or_convert_an_entry(as_user) -> None:
    eid = (await _record(await as_user("dajiahe.liaison")))["id"]
    other = await as_user("changjie.clerk")
    r = await other.post(f"/diary-entries/{eid}/resolve", json={"level": "township", "note": "x"})
    assert r.status_code == 404
    r = await other.post(f"/diary-entries/{eid}/petition", json={"kind": "claim", "petitioners": [PERSON]})
    assert r.status_code == 404
