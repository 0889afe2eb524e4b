"""Intake's rules through its real app in this process, each test rolled back: seconds, not a stack round."""

from __future__ import annotations

from tests.integration.intake.conftest import petition_body


async def test_a_registered_petition_is_seen_by_its_township_and_not_by_another(as_user_inprocess) -> None:
    clerk = await as_user_inprocess("dajiahe.clerk")
    created = await clerk.post("/petitions", json=petition_body())
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert (await clerk.get(f"/petitions/{pid}")).status_code == 200
    other = await as_user_inprocess("changjie.clerk")
    assert (await other.get(f"/petitions/{pid}")).status_code == 404


async def test_acceptance_is_decided_once(as_user_inprocess) -> None:
    clerk = await as_user_inprocess("dajiahe.clerk")
    pid = (await clerk.post("/petitions", json=petition_body())).json()["id"]
    first = await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
    assert first.status_code == 200, first.text
    again = await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
    assert again.status_code == 409


async def test_a_rolled_back_test_leaves_no_petition(as_user_inprocess, superuser) -> None:
    before = await superuser.fetchval("SELECT count(*) FROM intake.petition")
    clerk = await as_user_inprocess("dajiahe.clerk")
    assert (await clerk.post("/petitions", json=petition_body())).status_code == 201
    # The superuser's own connection sees only committed rows: the in-process write is not among them.
    assert await superuser.fetchval("SELECT count(*) FROM intake.petition") == before


async def test_every_list_answers_one_page_shape(as_user_inprocess) -> None:
    clerk = await as_user_inprocess("dajiahe.clerk")
    for path in ["/petitions", "/diary-entries", "/screening-registers", "/emergency-requests"]:
        body = (await clerk.get(path, params={"page": 1, "page_size": 5})).json()
        assert set(body) == {"items", "total", "page", "page_size"}, path
        assert (body["page"], body["page_size"]) == (1, 5) and len(body["items"]) <= 5
