"""Registering petitions through the running intake service: scope, retries, refusals, personal data."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from tests.integration.intake.conftest import fresh_id_number, petition_body


async def _register(client, **overrides) -> dict:
    r = await client.post("/petitions", json=petition_body(**overrides))
    assert r.status_code == 201, r.text
    return r.json()


async def _listed_ids(client, **params) -> set[str]:
    r = await client.get("/petitions", params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


async def test_a_petition_of_dajiahe_is_seen_by_its_township_and_the_county_only(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    created = await _register(clerk)
    pid = created["id"]
    assert created["township"] == "dajiahe" and created["status"] == "awaiting_acceptance"

    other = await as_user("changjie.clerk")
    assert (await other.get(f"/petitions/{pid}")).status_code == 404
    assert pid not in await _listed_ids(other, q=created["content"][-12:])

    county = await as_user("county.officer")
    assert (await county.get(f"/petitions/{pid}")).status_code == 200
    assert pid in await _listed_ids(county, township="dajiahe", q=created["content"][-12:])
    assert (await clerk.get(f"/petitions/{pid}")).json()["content"] == created["content"]


async def test_a_village_liaison_sees_their_village_only(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    pid = (await _register(clerk, village="zhangjiaxi"))["id"]
    same_village = await as_user("dajiahe.liaison")
    other_village = await as_user("dajiahe.liaison2")
    assert (await same_village.get(f"/petitions/{pid}")).status_code == 200
    assert (await other_village.get(f"/petitions/{pid}")).status_code == 404
    assert pid not in await _listed_ids(other_village)
    assert pid in await _listed_ids(same_village)


async def test_the_county_lists_both_townships(as_user) -> None:
    a = await _register(await as_user("dajiahe.clerk"))
    b = await _register(await as_user("changjie.clerk"), village="qingzhu")
    county = await as_user("county.officer")
    ids = await _listed_ids(county, category="land", received_from="2026-11-20", received_to="2026-11-20")
    assert {a["id"], b["id"]} <= ids


async def _count(superuser: asyncpg.Connection, content: str) -> tuple[int, int]:
    petitions = await superuser.fetchval("SELECT count(*) FROM intake.petition WHERE content = $1", content)
    events = await superuser.fetchval(
        "SELECT count(*) FROM intake.outbox o JOIN intake.petition p ON o.envelope->>'subject' = p.id::text "
        "WHERE p.content = $1",
        content,
    )
    return petitions, events


async def test_a_retried_registration_creates_one_petition_and_one_event(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    body = petition_body()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await clerk.post("/petitions", json=body, headers=key)
    again = await clerk.post("/petitions", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first.json()["id"]
    assert await _count(superuser, body["content"]) == (1, 1)


async def test_racing_retries_with_one_key_create_one_petition_and_one_event(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    body = petition_body()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    answers = await asyncio.gather(*(clerk.post("/petitions", json=body, headers=key) for _ in range(4)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert await _count(superuser, body["content"]) == (1, 1)


async def test_a_key_reused_for_another_request_is_refused(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert (await clerk.post("/petitions", json=petition_body(), headers=key)).status_code == 201
    r = await clerk.post("/petitions", json=petition_body(), headers=key)
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "Idempotency-Key",
        "reason": "reused_for_another_request",
        "message": "Idempotency-Key已用于另一个不同的请求",
    }


async def _refused(client, superuser, body: dict, field: str, reason: str) -> None:
    before = await superuser.fetchval("SELECT count(*) FROM intake.petition")
    events_before = await superuser.fetchval("SELECT count(*) FROM intake.outbox")
    r = await client.post("/petitions", json=body)
    assert r.status_code == 422, r.text
    assert {"field": field, "reason": reason} in [
        {"field": e["field"], "reason": e["reason"]} for e in r.json()["errors"]
    ]
    assert await superuser.fetchval("SELECT count(*) FROM intake.petition") == before, "nothing is stored"
    assert await superuser.fetchval("SELECT count(*) FROM intake.outbox") == events_before, "no event is sent"


async def test_malformed_petitions_are_refused_naming_field_and_reason(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    person = {"name": "李四", "id_number": "110105194912310021"}
    await _refused(
        clerk, superuser, petition_body(petitioners=[person]), "petitioners.0.id_number", "invalid_checksum"
    )
    await _refused(clerk, superuser, petition_body(village="no-such-village"), "village", "unknown_village")
    await _refused(clerk, superuser, petition_body(village="qingzhu"), "village", "unknown_village")
    await _refused(clerk, superuser, petition_body(content=""), "content", "too_short")
    await _refused(clerk, superuser, petition_body(content="   "), "content", "required")
    await _refused(
        clerk,
        superuser,
        petition_body(petitioners=[{"name": "王五", "phone": "12345"}]),
        "petitioners.0.phone",
        "invalid_mobile",
    )


async def test_the_refusal_reads_in_english_on_request(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    body = petition_body(petitioners=[{"name": "李四", "id_number": "110105194912310021"}])
    r = await clerk.post("/petitions", json=body, headers={"Accept-Language": "en"})
    assert r.json()["errors"][0]["message"] == "petitioners.0.id_number has a wrong check digit"


async def test_personal_data_is_masked_encrypted_and_revealed_only_with_a_trail(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    created = await _register(clerk)
    person = created["petitioners"][0]
    assert (person["name"], person["id_number"], person["phone"]) == (
        "张**",
        "1101**********002X",
        "138****5678",
    )
    stored = await superuser.fetchrow(
        "SELECT * FROM intake.petitioner WHERE id = $1", uuid.UUID(person["id"])
    )
    assert b"11010519491231002X" not in bytes(stored["id_number_enc"])
    assert "张永福".encode() not in bytes(stored["name_enc"])

    liaison = await as_user("dajiahe.liaison")
    url = f"/petitions/{created['id']}/petitioners/{person['id']}/reveal"
    assert (await liaison.post(url, json={"purpose": "回访核实"})).status_code == 403
    full = await clerk.post(url, json={"purpose": "回访核实"})
    assert full.status_code == 200
    assert (full.json()["name"], full.json()["id_number"], full.json()["phone"]) == (
        "张永福",
        "11010519491231002X",
        "13812345678",
    )
    timeline = (await clerk.get(f"/petitions/{created['id']}")).json()["timeline"]
    assert [e["action"] for e in timeline] == ["petition.registered", "petitioner.revealed"]
    assert timeline[1]["detail"]["purpose"] == "回访核实"


async def test_no_personal_data_travels_in_the_event(as_user, superuser) -> None:
    created = await _register(await as_user("dajiahe.clerk"))
    envelope = await superuser.fetchval(
        "SELECT envelope::text FROM intake.outbox WHERE envelope->>'subject' = $1", created["id"]
    )
    assert "petition.registered.v1" in envelope
    for secret in ("张永福", "11010519491231002X", "13812345678"):
        assert secret not in envelope


async def test_five_people_make_a_collective_petition(as_user) -> None:
    created = await _register(await as_user("dajiahe.clerk"), people_count=6)
    assert created["is_collective"] is True
    assert (await _register(await as_user("dajiahe.clerk"), people_count=4))["is_collective"] is False


async def test_the_same_petitioner_again_is_a_suspected_repeat(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    person = [{"name": "陈国平", "id_number": fresh_id_number(), "is_representative": True}]
    first = await _register(clerk, petitioners=person)
    second = await _register(clerk, petitioners=person, content="陈国平来访，反映宅基地审批一直没有答复。")
    assert second["is_repeat_suspected"] is True
    assert first["id"] in [c["petition_id"] for c in second["repeat_candidates"]]
    assert "same_petitioner" in [r["code"] for c in second["repeat_candidates"] for r in c["reasons"]]


async def test_brought_to_the_county_before_the_township_handled_it_is_skip_level(as_user) -> None:
    county = await as_user("county.officer")
    person = [{"name": "林建国", "id_number": fresh_id_number(), "is_representative": True}]
    created = await _register(county, township="dajiahe", channel="visit", petitioners=person)
    assert created["registration_level"] == "county" and created["is_skip_level"] is True


async def test_brought_to_the_county_after_the_township_decided_is_not_skip_level(as_user) -> None:
    clerk, county = await as_user("dajiahe.clerk"), await as_user("county.officer")
    person = [{"name": "林建国", "id_number": fresh_id_number(), "is_representative": True}]
    first = await _register(clerk, petitioners=person)
    assert (
        await clerk.post(f"/petitions/{first['id']}/acceptance", json={"decision": "accepted"})
    ).status_code == 200
    again = await _register(
        county, township="dajiahe", channel="visit", petitioners=person, content=first["content"]
    )
    assert again["is_repeat_suspected"] is True and again["is_skip_level"] is False


async def test_a_leader_instructs_on_a_letter_and_a_clerk_cannot(as_user, superuser) -> None:
    clerk, leader = await as_user("dajiahe.clerk"), await as_user("dajiahe.leader")
    pid = (await _register(clerk))["id"]
    assert (
        await clerk.post(f"/petitions/{pid}/instructions", json={"text": "请尽快核实"})
    ).status_code == 403
    r = await leader.post(f"/petitions/{pid}/instructions", json={"text": "请农业农村办牵头，十日内答复。"})
    assert r.status_code == 201, r.text
    assert [i["text"] for i in r.json()["instructions"]] == ["请农业农村办牵头，十日内答复。"]
    assert r.json()["timeline"][-1]["action"] == "petition.instructed"
    other_leader = await as_user("changjie.leader")
    assert (await other_leader.post(f"/petitions/{pid}/instructions", json={"text": "阅"})).status_code == 404


async def test_the_clerk_confirms_or_rejects_a_suggested_repeat_and_it_is_kept(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    person = [{"name": "周海明", "id_number": fresh_id_number(), "is_representative": True}]
    first = await _register(clerk, petitioners=person)
    second = await _register(clerk, petitioners=person, channel="visit", content=first["content"])
    url = f"/petitions/{second['id']}/repeat-candidates/{first['id']}"
    answer = await clerk.post(url, json={"confirmed": True})
    assert answer.status_code == 200, answer.text
    confirmed = answer.json()
    assert confirmed["is_repeat"] is True
    assert [c["decision"] for c in confirmed["repeat_candidates"]] == ["confirmed"]
    rejected = (await clerk.post(url, json={"confirmed": False})).json()
    assert rejected["is_repeat"] is False
    actions = [e["action"] for e in rejected["timeline"]]
    assert actions[-2:] == ["petition.repeat_confirmed", "petition.repeat_rejected"]
    assert (
        await clerk.post(
            f"/petitions/{second['id']}/repeat-candidates/{uuid.uuid4()}", json={"confirmed": True}
        )
    ).status_code == 404


async def test_the_same_matter_in_other_words_is_a_repeat_and_another_matter_is_not(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    employer = f"{uuid.uuid4().hex[:4]}模具厂"
    letter = (
        f"尊敬的领导：我是涨家溪村村民，2024年在{employer}打工，老板拖欠我工资38600元，至今不给，请帮我讨回。"
    )
    first = await _register(clerk, content=letter, category="labour")
    phone = f"电话反映：涨家溪村王某称{employer}欠其工资三万八千六百元，二〇二四年的工钱一直没结。"
    again = await _register(
        clerk, content=phone, category="labour", channel="phone", petitioners=[{"name": "王某某"}]
    )
    assert first["id"] in [c["petition_id"] for c in again["repeat_candidates"]]
    codes = {r["code"] for c in again["repeat_candidates"] for r in c["reasons"]}
    assert "same_amount" in codes
    other = f"电话反映：涨家溪村王某称{employer}欠其工资一万二千元，二〇一九年的工钱一直没结。"
    unrelated = await _register(
        clerk, content=other, category="labour", channel="phone", petitioners=[{"name": "王某某"}]
    )
    assert first["id"] not in [c["petition_id"] for c in unrelated["repeat_candidates"]]


async def test_a_draft_is_matched_as_the_clerk_types_and_nothing_is_stored(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    first = await _register(clerk)
    before = await superuser.fetchval("SELECT count(*) FROM intake.petition")
    r = await clerk.post(
        "/petitions/repeat-candidates",
        json={"content": first["content"], "village": "zhangjiaxi", "category": "land"},
    )
    assert r.status_code == 200, r.text
    best = r.json()[0]
    assert best["petition_id"] == first["id"] and best["score"] >= 0.5 and best["reasons"]
    assert all({"code", "text"} <= set(reason) for reason in best["reasons"])
    assert await superuser.fetchval("SELECT count(*) FROM intake.petition") == before
    other = await as_user("changjie.clerk")
    theirs = await other.post("/petitions/repeat-candidates", json={"content": first["content"]})
    assert first["id"] not in [c["petition_id"] for c in theirs.json()]


async def test_the_work_list_shows_overdue_and_due_soon_acceptances(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    late = await _register(clerk)
    soon = await _register(clerk)
    fresh = await _register(clerk)
    await superuser.execute(
        "UPDATE intake.petition SET acceptance_due_on = current_date - 2 WHERE id = $1", uuid.UUID(late["id"])
    )
    await superuser.execute(
        "UPDATE intake.petition SET acceptance_due_on = current_date + 1 WHERE id = $1", uuid.UUID(soon["id"])
    )
    overdue = await _listed_ids(clerk, acceptance="overdue")
    due_soon = await _listed_ids(clerk, acceptance="due_soon")
    assert late["id"] in overdue and late["id"] not in due_soon
    assert soon["id"] in due_soon and soon["id"] not in overdue
    assert fresh["id"] not in overdue | due_soon
    await clerk.post(f"/petitions/{late['id']}/acceptance", json={"decision": "accepted"})
    assert late["id"] not in await _listed_ids(clerk, acceptance="overdue")


async def test_townships_are_listed_within_the_callers_scope(as_user) -> None:
    mine = (await (await as_user("dajiahe.clerk")).get("/townships")).json()
    assert [t["slug"] for t in mine] == ["dajiahe"]
    assert "zhangjiaxi" in [v["slug"] for v in mine[0]["villages"]]
    county = (await (await as_user("county.officer")).get("/townships")).json()
    assert len(county) == 18 and {"dajiahe", "changjie", "yuexi"} <= {t["slug"] for t in county}


async def test_the_registration_answer_is_the_petition_as_read_back(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    person = [
        {"name": "郑春来", "id_number": fresh_id_number(), "phone": "13912345678", "is_representative": True}
    ]
    first = await _register(clerk, petitioners=person)
    again = await _register(clerk, petitioners=person, channel="visit", content=first["content"])
    assert again["repeat_candidates"], "the answer carries the suggested links"
    for created in (first, again):
        assert (await clerk.get(f"/petitions/{created['id']}")).json() == created
