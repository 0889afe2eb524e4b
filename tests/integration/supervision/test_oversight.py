"""The county's oversight on the real stack: supervision orders replied on time and late, on-site photos accepted
and refused, hard cases flagged once by rule, follow-up reports of an extended case, and repeat links that make
cases share a matter.

Lateness through the API: an order must reply after today when issued, so the set-up moves one order's reply date
(and its clock) back with the superuser; the domain's rule itself is in tests/unit/supervision."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import asyncpg
import httpx

from shared.clock import Clock
from shared.contracts.intake import PetitionDecided, RepeatLinkDecided
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from shared.tenancy import tenant_id_for
from tests.integration.shared.scratch import wait_for
from tests.integration.supervision.conftest import Client, accepted_event, case_of, publish

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


async def _case(supervision_as: Client, nats_operator: NatsSettings, event: Envelope | None = None) -> dict:
    event = event or accepted_event()
    await publish(nats_operator, event)
    return await case_of(await supervision_as("dajiahe.clerk"), event.data["petition_id"])


def _collective_event() -> Envelope:
    payload = PetitionDecided(
        uuid.uuid4(), "accepted", TODAY, True, category="land", kind="claim", village="zhangjiaxi",
        people_count=8, is_collective=True,
    )  # fmt: skip
    return Envelope.new(
        service="intake", type="petition.accepted.v1", subject=str(payload.petition_id), tenant="dajiahe",
        tenant_id=tenant_id_for("dajiahe"), data=payload, actor="test:intake",
    )  # fmt: skip


def _link_event(later: str, earlier: str, confirmed: bool = True) -> Envelope:
    payload = RepeatLinkDecided(uuid.UUID(later), uuid.UUID(earlier), confirmed)
    return Envelope.new(
        service="intake", type="petition.repeat_linked.v1", subject=later, tenant="dajiahe",
        tenant_id=tenant_id_for("dajiahe"), data=payload, actor="test:intake",
    )  # fmt: skip


def _errors(r: httpx.Response) -> list[tuple[str, str]]:
    return [(e["field"], e["reason"]) for e in r.json()["errors"]]


async def _clock(client: httpx.AsyncClient, case_id: str, kind: str) -> list[dict[str, Any]]:
    detail = (await client.get(f"/cases/{case_id}")).json()
    return [c for c in detail["clocks"] if c["kind"] == kind]


async def test_an_order_is_replied_to_and_a_reply_after_its_date_is_late(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    case = await _case(supervision_as, nats_operator)
    officer, clerk = await supervision_as("county.officer"), await supervision_as("dajiahe.clerk")
    path = f"/cases/{case['id']}/supervision-orders"
    assert (await clerk.post(path, json={"demand": "请于期限内办结"})).status_code == 403
    today = await officer.post(path, json={"demand": "请于期限内办结", "reply_due_on": str(TODAY)})
    assert today.status_code == 422 and _errors(today) == [("reply_due_on", "not_after_today")]
    first = await officer.post(path, json={"demand": "请核实补偿标准并书面回复"})
    assert first.status_code == 201, first.text
    on_time = first.json()
    assert on_time["reply_due_on"] == str(TODAY + timedelta(days=30)) and on_time["unit"] == "land"
    assert on_time["document_number"].startswith("大佳何信督〔") and on_time["open"] and not on_time["late"]
    late = (
        await officer.post(
            path, json={"demand": "请加快办理", "reply_due_on": str(TODAY + timedelta(days=2))}
        )
    ).json()
    clocks = {c["id"]: c for c in await _clock(officer, case["id"], "order_reply")}
    assert len(clocks) == 2 and {c["due_on"] for c in clocks.values()} == {
        str(TODAY + timedelta(days=30)),
        str(TODAY + timedelta(days=2)),
    }
    # Set-up: the second order was issued ten days ago with yesterday as its reply date.
    order_id = uuid.UUID(late["id"])
    await superuser.execute(
        "UPDATE supervision.supervision_order SET issued_on = $2, reply_due_on = $3 WHERE id = $1",
        order_id, TODAY - timedelta(days=10), TODAY - timedelta(days=1),
    )  # fmt: skip
    await superuser.execute(
        "UPDATE supervision.case_clock SET started_on = $2, days = 9, due_on = $3 WHERE subject_id = $1",
        order_id, TODAY - timedelta(days=10), TODAY - timedelta(days=1),
    )  # fmt: skip
    listed = (await officer.get("/supervision-orders", params={"late": "true", "page_size": 100})).json()[
        "items"
    ]
    assert late["id"] in {o["id"] for o in listed} and on_time["id"] not in {o["id"] for o in listed}

    replied = await clerk.post(
        f"/supervision-orders/{on_time['id']}/reply", json={"text": "已核实，补偿已发放。"}
    )
    assert replied.status_code == 200, replied.text
    assert replied.json()["replied_on"] == str(TODAY) and not replied.json()["late"]
    replied_late = (
        await clerk.post(f"/supervision-orders/{late['id']}/reply", json={"text": "已办结。"})
    ).json()
    assert replied_late["late"] and not replied_late["open"]
    again = await clerk.post(f"/supervision-orders/{late['id']}/reply", json={"text": "再次回复"})
    assert again.status_code == 409
    stopped = {c["id"]: c for c in await _clock(clerk, case["id"], "order_reply")}
    assert sorted(c["on_time"] for c in stopped.values()) == [False, True]
    assert all(c["stopped_on"] == str(TODAY) for c in stopped.values())
    still_open = (await officer.get("/supervision-orders", params={"open": "true", "page_size": 100})).json()[
        "items"
    ]
    assert not {on_time["id"], late["id"]} & {o["id"] for o in still_open}
    actions = [t["action"] for t in (await clerk.get(f"/cases/{case['id']}")).json()["timeline"]]
    assert actions.count("case.order_issued") == 2 and actions.count("case.order_replied") == 2
    events = await superuser.fetch(
        "SELECT type FROM supervision.outbox WHERE envelope->>'subject' = $1", late["id"]
    )
    assert sorted(e["type"] for e in events) == [
        "supervision_order.issued.v1",
        "supervision_order.replied.v1",
    ]


async def test_another_township_s_case_and_its_objects_are_404(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    case = await _case(supervision_as, nats_operator)
    officer = await supervision_as("county.officer")
    order = (await officer.post(f"/cases/{case['id']}/supervision-orders", json={"demand": "请办理"})).json()
    onsite = (await officer.post(f"/cases/{case['id']}/onsite-supervisions", json={
        "visited_on": str(TODAY), "place": "张家溪村", "participants": "县信访局、镇信访办", "findings": "现场核实",
    })).json()  # fmt: skip
    photo = (
        await officer.post(
            f"/onsite-supervisions/{onsite['id']}/photos", files={"file": ("a.jpg", JPEG, "image/jpeg")}
        )
    ).json()
    other, leader = await supervision_as("changjie.clerk"), await supervision_as("changjie.leader")
    base = f"/cases/{case['id']}"
    for path in (f"{base}/supervision-orders", f"{base}/onsite-supervisions", f"{base}/follow-ups",
                 f"/supervision-orders/{order['id']}", f"{base}/hard-case", f"/onsite-supervisions/{onsite['id']}/photos/{photo['id']}"):  # fmt: skip
        assert (await other.get(path)).status_code == 404, path
    assert (
        await other.post(f"/supervision-orders/{order['id']}/reply", json={"text": "x"})
    ).status_code == 404
    assert (await other.post(f"{base}/follow-ups", json={"text": "x"})).status_code == 404
    assert (await leader.post(f"{base}/hard-case", json={"reason": "x"})).status_code == 404
    assert (
        await leader.post(f"{base}/hard-case/lead", json={"name": "王某", "role": "镇长"})
    ).status_code == 404
    listed = (await other.get("/supervision-orders", params={"page_size": 100})).json()["items"]
    assert order["id"] not in {o["id"] for o in listed}
    refused = await other.get("/supervision-orders", params={"township": "dajiahe"})
    assert refused.status_code == 422 and _errors(refused) == [("township", "not_your_township")]


async def test_onsite_photos_are_jpeg_or_png_by_content_and_at_most_nine(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    case = await _case(supervision_as, nats_operator)
    officer, clerk = await supervision_as("county.officer"), await supervision_as("dajiahe.clerk")
    path = f"/cases/{case['id']}/onsite-supervisions"
    body = {
        "visited_on": str(TODAY),
        "place": "张家溪村村委会",
        "participants": "县信访局张某、镇信访办李某",
        "findings": "补偿款已发放到户",
    }
    assert (await clerk.post(path, json=body)).status_code == 403
    future = await officer.post(path, json={**body, "visited_on": str(TODAY + timedelta(days=1))})
    assert future.status_code == 422 and _errors(future) == [("visited_on", "in_future")]
    record = await officer.post(path, json=body)
    assert record.status_code == 201, record.text
    photos = f"/onsite-supervisions/{record.json()['id']}/photos"
    up = await officer.post(photos, files={"file": ("现场.jpg", JPEG, "image/jpeg")})
    assert up.status_code == 201, up.text
    renamed = await officer.post(photos, files={"file": ("现场2.jpg", EXE, "image/jpeg")})
    assert renamed.status_code == 422 and _errors(renamed) == [("file", "not_a_photo")]
    big = await officer.post(
        photos, files={"file": ("big.jpg", JPEG[:3] + b"\x00" * (5 * 1024 * 1024 + 1), "image/jpeg")}
    )
    assert big.status_code == 422 and _errors(big) == [("file", "photo_too_large")]
    got = await clerk.get(f"{photos}/{up.json()['id']}")
    assert got.status_code == 200 and got.content == JPEG
    assert got.headers["content-type"].startswith("image/jpeg") and "no-store" in got.headers["cache-control"]
    for i in range(8):
        assert (
            await officer.post(photos, files={"file": (f"{i}.jpg", JPEG + bytes([i]), "image/jpeg")})
        ).status_code == 201
    tenth = await officer.post(photos, files={"file": ("10.jpg", JPEG, "image/jpeg")})
    assert tenth.status_code == 422 and _errors(tenth) == [("file", "too_many_photos")]
    listed = (await clerk.get(path)).json()
    assert len(listed) == 1 and len(listed[0]["photos"]) == 9
    assert {p["media_type"] for p in listed[0]["photos"]} == {"image/jpeg"}


async def test_a_collective_case_is_flagged_by_rule_once_however_often_the_rules_run(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    case = await _case(supervision_as, nats_operator, _collective_event())
    officer, leader = await supervision_as("county.officer"), await supervision_as("dajiahe.leader")
    assert (await leader.post("/hard-cases/flag-by-rules")).status_code == 403
    first = await officer.post("/hard-cases/flag-by-rules")
    assert first.status_code == 200, first.text
    assert case["id"] in first.json()["case_ids"]
    second = (await officer.post("/hard-cases/flag-by-rules")).json()
    assert case["id"] not in second["case_ids"]
    rows = await superuser.fetch(
        "SELECT source, rule FROM supervision.hard_case WHERE case_id = $1", uuid.UUID(case["id"])
    )
    assert [(r["source"], r["rule"]) for r in rows] == [("rule", "collective")]
    again = await leader.post(f"/cases/{case['id']}/hard-case", json={"reason": "群体性"})
    assert again.status_code == 409

    board = (await officer.get("/hard-cases", params={"township": "dajiahe", "page_size": 100})).json()[
        "items"
    ]
    mine = next(h for h in board if h["case_id"] == case["id"])
    assert (
        mine["rule"] == "collective"
        and mine["age_days"] == 0
        and mine["note_missing"]
        and mine["lead"] is None
    )
    own = (await leader.get("/hard-cases", params={"page_size": 100})).json()["items"]
    assert case["id"] in {h["case_id"] for h in own}
    elsewhere = (
        await (await supervision_as("changjie.leader")).get("/hard-cases", params={"page_size": 100})
    ).json()
    assert case["id"] not in {h["case_id"] for h in elsewhere["items"]}

    hard = f"/cases/{case['id']}/hard-case"
    lead = await leader.post(f"{hard}/lead", json={"name": "王建国", "role": "镇党委副书记"})
    assert lead.status_code == 200 and lead.json()["lead"] == {"name": "王建国", "role": "镇党委副书记"}
    units = await officer.post(f"{hard}/units", json={"units": ["land", "nowhere"]})
    assert units.status_code == 422 and _errors(units) == [("units.1", "unknown_unit")]
    units = await officer.post(f"{hard}/units", json={"units": ["land", "office"]})
    assert units.json()["coordinating_units"] == ["land", "office"]
    noted = await leader.post(f"{hard}/notes", json={"text": "本月召开协调会一次"})
    assert noted.status_code == 201, noted.text
    assert not noted.json()["note_missing"] and noted.json()["last_note"]["month"] == TODAY.strftime("%Y-%m")
    assert (await leader.post(f"{hard}/notes", json={"text": "再写一次"})).status_code == 409
    # A hard case in handling reports its progress: its first follow-up period started when it was flagged.
    assert [c["due_on"] for c in await _clock(officer, case["id"], "follow_up")] == [
        str(TODAY + timedelta(days=15))
    ]


async def test_an_extension_starts_follow_ups_and_a_late_report_is_flagged(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    case = await _case(supervision_as, nats_operator)
    clerk, leader = await supervision_as("dajiahe.clerk"), await supervision_as("dajiahe.leader")
    path = f"/cases/{case['id']}/follow-ups"
    assert (
        await clerk.post(path, json={"text": "进展"})
    ).status_code == 409  # nothing owed before the extension
    granted = await leader.post(f"/cases/{case['id']}/extension", json={"days": 30, "reason": "需多部门会商"})
    assert granted.status_code == 200, granted.text

    async def owed() -> bool:
        return (await clerk.get(path)).json()["next_due_on"] is not None

    await wait_for(owed, 15, every=0.2)
    assert (await clerk.get(path)).json()["next_due_on"] == str(TODAY + timedelta(days=15))
    # Set-up: the period started twenty days ago, so it ran out five days ago.
    await superuser.execute(
        "UPDATE supervision.case_clock SET started_on = started_on - 20, due_on = due_on - 20"
        " WHERE case_id = $1 AND kind = 'follow_up' AND stopped_on IS NULL",
        uuid.UUID(case["id"]),
    )
    reported = await clerk.post(path, json={"text": "已召开协调会，正在核算补偿。"})
    assert reported.status_code == 201, reported.text
    assert not reported.json()["on_time"] and reported.json()["due_on"] == str(TODAY - timedelta(days=5))
    follow = (await clerk.get(path)).json()
    assert [r["on_time"] for r in follow["reports"]] == [False]
    assert follow["next_due_on"] == str(TODAY + timedelta(days=15)) and follow["days_left"] == 15
    # The opinion ends handling: no more reports are owed.
    assert (
        await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "经调查核实……"})
    ).status_code == 200

    async def ended() -> bool:
        return (await clerk.get(path)).json()["next_due_on"] is None

    await wait_for(ended, 15, every=0.2)
    assert (await clerk.post(path, json={"text": "进展"})).status_code == 409


async def test_a_confirmed_repeat_shares_the_earlier_case_s_matter_whichever_comes_first(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    earlier, later, rejected = accepted_event(), accepted_event(), accepted_event()
    for e in (earlier, later, rejected):
        await publish(nats_operator, e)
    ids = [e.data["petition_id"] for e in (earlier, later, rejected)]
    clerk = await supervision_as("dajiahe.clerk")
    for pid in ids:
        await case_of(clerk, pid)
    await publish(nats_operator, _link_event(ids[1], ids[0]))
    await publish(nats_operator, _link_event(ids[2], ids[0], confirmed=False))
    # A link intake confirmed before the later petition was accepted applies when its case opens.
    early_link = accepted_event()
    await publish(nats_operator, _link_event(early_link.data["petition_id"], ids[0]))
    await publish(nats_operator, early_link)
    await case_of(clerk, early_link.data["petition_id"])

    async def matters() -> dict[str, uuid.UUID]:
        rows = await superuser.fetch(
            "SELECT petition_id, matter_id FROM supervision.case_file WHERE petition_id = ANY($1::uuid[])",
            [uuid.UUID(p) for p in [*ids, early_link.data["petition_id"]]],
        )
        return {str(r["petition_id"]): r["matter_id"] for r in rows}

    async def linked() -> bool:
        m = await matters()
        return m[ids[1]] == m[early_link.data["petition_id"]] == uuid.UUID(ids[0])

    await wait_for(linked, 15, every=0.2)
    assert (await matters())[ids[2]] == uuid.UUID(ids[2])  # rejected: its own matter still
    # Three cases of one matter: the repeat rule makes them hard cases.
    officer = await supervision_as("county.officer")
    flagged = (await officer.post("/hard-cases/flag-by-rules")).json()["case_ids"]
    later_case = await case_of(clerk, ids[1])
    rule = await superuser.fetchval(
        "SELECT rule FROM supervision.hard_case WHERE case_id = $1", uuid.UUID(later_case["id"])
    )
    assert rule == "repeat" and later_case["id"] in flagged
    timeline = [t["action"] for t in (await clerk.get(f"/cases/{later_case['id']}")).json()["timeline"]]
    assert "case.matter_linked" in timeline
