"""Cases from accepted petitions on the real stack: opened once, routed, kept in their township and village, and
taken through extension, hearing, opinion, verdict, review and re-examination."""

from __future__ import annotations

import uuid
from datetime import timedelta

import asyncpg
import pytest

from shared.clock import Clock
from shared.settings import NatsSettings
from tests.integration.supervision.conftest import Client, accepted_event, case_of, publish

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00


async def test_one_case_per_accepted_petition_however_often_the_event_comes(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    event = accepted_event(category="land", kind="claim")
    await publish(nats_operator, event)
    await publish(nats_operator, event, msg_id=f"{event.id}-redelivered")  # the same event, delivered again
    again = accepted_event(petition_id=event.data["petition_id"])  # another event about the same petition
    await publish(nats_operator, again)
    clerk = await supervision_as("dajiahe.clerk")
    case = await case_of(clerk, event.data["petition_id"])
    assert case["unit"]["slug"] == "land" and case["stage"] == "handling"
    await publish(nats_operator, accepted_event())  # a later event: once it is in, the earlier ones were too
    count = await superuser.fetchval(
        "SELECT count(*) FROM supervision.case_file WHERE petition_id = $1",
        uuid.UUID(event.data["petition_id"]),
    )
    assert count == 1


async def test_routing_follows_the_kind_before_the_category(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    accusation = accepted_event(category="land", kind="accusation")
    labour = accepted_event(category="labour", kind="claim")
    for e in (accusation, labour):
        await publish(nats_operator, e)
    clerk = await supervision_as("dajiahe.clerk")
    assert (await case_of(clerk, accusation.data["petition_id"]))["unit"]["slug"] == "office"
    assert (await case_of(clerk, labour.data["petition_id"]))["unit"]["slug"] == "social"


async def test_another_township_s_case_is_404_for_every_endpoint(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    case = await case_of(await supervision_as("dajiahe.clerk"), event.data["petition_id"])
    other = await supervision_as("changjie.clerk")
    leader = await supervision_as("changjie.leader")
    path = f"/cases/{case['id']}"
    assert (await other.get(path)).status_code == 404
    calls = {
        "take": {}, "transfers": {"unit": "land", "reason": "x"}, "objection": {"reason": "x"},
        "hearings": {"starts_on": str(TODAY)}, "hearings/end": {"ends_on": str(TODAY)}, "opinion": {"text": "x"},
        "satisfaction": {"verdict": "satisfied"}, "appeals": {},
    }  # fmt: skip
    for action, body in calls.items():
        r = await other.post(f"{path}/{action}", json=body)
        assert r.status_code == 404, (action, r.status_code, r.text)
    assert (await leader.post(f"{path}/extension", json={"days": 10, "reason": "复杂"})).status_code == 404
    listed = (await other.get("/cases", params={"page_size": 100})).json()["items"]
    assert case["id"] not in {c["id"] for c in listed}


async def test_a_liaison_sees_only_the_cases_of_their_village(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    mine, theirs = accepted_event(village="zhangjiaxi"), accepted_event(village="gejia")
    for e in (mine, theirs):
        await publish(nats_operator, e)
    clerk = await supervision_as("dajiahe.clerk")
    their_case = await case_of(clerk, theirs.data["petition_id"])
    liaison = await supervision_as("dajiahe.liaison")
    my_case = await case_of(liaison, mine.data["petition_id"])
    assert my_case["village"] == "zhangjiaxi"
    assert (await liaison.get(f"/cases/{their_case['id']}")).status_code == 404
    listed = (await liaison.get("/cases", params={"page_size": 100})).json()["items"]
    assert {c["village"] for c in listed} == {"zhangjiaxi"}


async def test_an_extension_is_the_leader_s_with_its_notice(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    clerk, leader = await supervision_as("dajiahe.clerk"), await supervision_as("dajiahe.leader")
    case = await case_of(clerk, event.data["petition_id"])
    path = f"/cases/{case['id']}/extension"
    refused = await clerk.post(path, json={"days": 30, "reason": "需多部门会商"})
    assert refused.status_code == 403
    too_long = await leader.post(path, json={"days": 31, "reason": "需多部门会商"})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "days"
    granted = await leader.post(path, json={"days": 30, "reason": "需多部门会商"})
    assert granted.status_code == 200, granted.text
    detail = granted.json()
    handling = next(c for c in detail["clocks"] if c["kind"] == "handling")
    assert handling["extended_days"] == 30 and handling["due_on"] == str(TODAY + timedelta(days=90))
    notice = next(n for n in detail["notices"] if n["kind"] == "extension")
    assert notice["document_number"].startswith("大佳何信延〔") and notice["new_due_on"] == handling["due_on"]
    assert "case.extended" in [t["action"] for t in detail["timeline"]]
    assert "extend" not in detail["actions"]  # the 30 days are used up
    again = await leader.post(path, json={"days": 1, "reason": "再延"})
    assert again.status_code == 422


async def test_a_hearing_pauses_the_clock_and_its_days_are_added(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    event = accepted_event(accepted_on=TODAY - timedelta(days=10))
    await publish(nats_operator, event)
    clerk = await supervision_as("dajiahe.clerk")
    case = await case_of(clerk, event.data["petition_id"])
    path = f"/cases/{case['id']}"
    started = await clerk.post(
        f"{path}/hearings", json={"starts_on": str(TODAY - timedelta(days=4)), "note": "听证会"}
    )
    assert started.status_code == 200, started.text
    handling = next(c for c in started.json()["clocks"] if c["kind"] == "handling")
    assert handling["paused"] and handling["due_on"] is None
    blocked = await clerk.post(f"{path}/opinion", json={"text": "经调查……"})
    assert blocked.status_code == 409
    ended = (
        await clerk.post(f"{path}/hearings/end", json={"ends_on": str(TODAY - timedelta(days=2))})
    ).json()
    handling = next(c for c in ended["clocks"] if c["kind"] == "handling")
    assert handling["due_on"] == str(TODAY - timedelta(days=10) + timedelta(days=63))
    assert [t["action"] for t in ended["timeline"]][-2:] == ["case.hearing_started", "case.hearing_ended"]


async def test_dissatisfied_opens_review_then_reexamination_closes_for_good(
    supervision_as: Client, nats_operator: NatsSettings, superuser: asyncpg.Connection
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    clerk, officer = await supervision_as("dajiahe.clerk"), await supervision_as("county.officer")
    case = await case_of(clerk, event.data["petition_id"])
    path = f"/cases/{case['id']}"
    opinion = await clerk.post(f"{path}/opinion", json={"text": "经调查核实，征地补偿已按标准发放。"})
    assert opinion.status_code == 200, opinion.text
    assert opinion.json()["stage"] == "opinion_issued"
    assert (await clerk.post(f"{path}/appeal-opinion", json={"text": "x"})).status_code == 403
    rated = await clerk.post(
        f"{path}/satisfaction", json={"verdict": "dissatisfied", "note": "回访：认为补偿偏低"}
    )
    detail = rated.json()
    assert detail["stage"] == "in_review"
    review = next(c for c in detail["clocks"] if c["kind"] == "review")
    assert review["due_on"] == str(TODAY + timedelta(days=30)) and review["days_left"] == 30
    twice = await clerk.post(f"{path}/satisfaction", json={"verdict": "satisfied"})
    assert twice.status_code == 409
    answered = await officer.post(f"{path}/appeal-opinion", json={"text": "复查认为原处理意见正确。"})
    assert answered.json()["stage"] == "review_answered"
    appealed = await clerk.post(f"{path}/appeals")
    assert appealed.json()["stage"] == "in_reexamination"
    final = await officer.post(f"{path}/appeal-opinion", json={"text": "复核维持。"})
    assert final.json()["stage"] == "closed_for_good"
    kinds = [n["kind"] for n in final.json()["notices"]]
    assert kinds == ["opinion", "review", "reexamination"]
    closed = await superuser.fetchval(
        "SELECT count(*) FROM supervision.outbox WHERE type = 'case.closed_for_good.v1' AND envelope->>'subject' = $1",
        case["id"],
    )
    assert closed == 1


async def test_bad_input_is_a_422_naming_the_field(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    clerk = await supervision_as("dajiahe.clerk")
    case = await case_of(clerk, event.data["petition_id"])
    r = await clerk.post(f"/cases/{case['id']}/transfers", json={"unit": "nowhere", "reason": "不属本所职责"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit"
    r = await clerk.post(f"/cases/{case['id']}/hearings", json={"starts_on": str(TODAY + timedelta(days=3))})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "starts_on"


@pytest.mark.parametrize("who", ["dajiahe.trainer", "county.admin"])
async def test_trainers_and_the_admin_read_no_case(supervision_as: Client, who: str) -> None:
    assert (await (await supervision_as(who)).get("/cases")).status_code == 403


async def test_the_handling_opinion_prints_with_its_number(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    import io

    from pypdf import PdfReader

    event = accepted_event()
    await publish(nats_operator, event)
    clerk = await supervision_as("dajiahe.clerk")
    case = await case_of(clerk, event.data["petition_id"])
    issued = (
        await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "经调查，所反映的补偿问题已解决。"})
    ).json()
    notice = issued["notices"][0]
    r = await clerk.get(f"/cases/{case['id']}/notices/{notice['id']}/document.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages).replace("\n", "")
    assert "处理意见书" in text and notice["document_number"] in text and "复查" in text
    other = await supervision_as("changjie.clerk")
    assert (await other.get(f"/cases/{case['id']}/notices/{notice['id']}/document.pdf")).status_code == 404


async def test_a_retried_extension_with_its_key_is_granted_once(
    supervision_as: Client, nats_operator: NatsSettings
) -> None:
    event = accepted_event()
    await publish(nats_operator, event)
    leader = await supervision_as("dajiahe.leader")
    case = await case_of(leader, event.data["petition_id"])
    key = {"Idempotency-Key": f"extend-{uuid.uuid4()}"}
    body = {"days": 10, "reason": "需请县自然资源局测绘"}
    first = await leader.post(f"/cases/{case['id']}/extension", json=body, headers=key)
    again = await leader.post(f"/cases/{case['id']}/extension", json=body, headers=key)
    assert first.status_code == again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    detail = (await leader.get(f"/cases/{case['id']}")).json()
    assert next(c for c in detail["clocks"] if c["kind"] == "handling")["extended_days"] == 10
    assert [n["kind"] for n in detail["notices"]] == ["extension"]
    other = await leader.post(f"/cases/{case['id']}/extension", json={**body, "days": 5}, headers=key)
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
