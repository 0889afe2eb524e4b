"""Training sessions on the real stack: who may record where, what a township sees, retries and bad input."""

from __future__ import annotations

import io
import uuid
import zipfile

from tests.integration.training_records.conftest import Client, session_body


async def test_a_township_trainer_records_only_for_their_township_and_a_county_trainer_for_any(
    training_as: Client,
) -> None:
    dajiahe, county = await training_as("dajiahe.trainer"), await training_as("county.trainer")
    other = await dajiahe.post("/training-sessions", json=session_body(township="changjie"))
    assert other.status_code == 422 and [e["field"] for e in other.json()["errors"]] == ["township"]
    assert other.json()["errors"][0]["reason"] == "not_your_township"
    as_county = await dajiahe.post("/training-sessions", json=session_body("county", None))
    assert as_county.status_code == 422 and as_county.json()["errors"][0]["field"] == "level"
    own = await dajiahe.post("/training-sessions", json=session_body())
    assert own.status_code == 201, own.text
    assert (own.json()["township"], own.json()["organiser"], own.json()["hours"]) == (
        "dajiahe",
        "宁海县大佳何镇人民政府",
        2.5,
    )
    changjie = await county.post("/training-sessions", json=session_body(township="changjie"))
    assert changjie.status_code == 201, changjie.text
    cid = changjie.json()["id"]
    assert (await dajiahe.get(f"/training-sessions/{cid}")).status_code == 404
    assert (await dajiahe.get(f"/training-sessions/{cid}/attendance")).status_code == 404
    entries = {"entries": [{"cadre_id": "x", "status": "present"}]}
    assert (await dajiahe.post(f"/training-sessions/{cid}/attendance", json=entries)).status_code == 404
    assert cid not in {
        s["id"] for s in (await dajiahe.get("/training-sessions", params={"page_size": 100})).json()["items"]
    }
    assert (await (await training_as("changjie.trainer")).get(f"/training-sessions/{cid}")).status_code == 200


async def test_a_county_session_is_read_by_every_township_and_changed_by_the_county_alone(
    training_as: Client,
) -> None:
    county, dajiahe = await training_as("county.trainer"), await training_as("dajiahe.trainer")
    made = await county.post(
        "/training-sessions", json=session_body("county", None, session_type="training_class")
    )
    assert (
        made.status_code == 201
        and made.json()["level"] == "county"
        and made.json()["organiser"] == "县信访局"
    )
    sid = made.json()["id"]
    assert (await dajiahe.get(f"/training-sessions/{sid}")).status_code == 200
    entries = {"entries": [{"cadre_id": "whoever", "status": "present"}]}
    assert (await dajiahe.post(f"/training-sessions/{sid}/attendance", json=entries)).status_code == 403


async def test_a_retried_recording_records_once(training_as: Client) -> None:
    trainer = await training_as("dajiahe.trainer")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = session_body(topic=f"重复提交测试 {uuid.uuid4().hex[:6]}")
    first = await trainer.post("/training-sessions", json=body, headers=key)
    again = await trainer.post("/training-sessions", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again.headers.get("Idempotent-Replayed") == "true"
    listed = (await trainer.get("/training-sessions", params={"page_size": 100})).json()["items"]
    assert [s["topic"] for s in listed].count(body["topic"]) == 1


async def test_bad_sessions_are_refused_naming_each_field(training_as: Client) -> None:
    trainer = await training_as("county.trainer")
    r = await trainer.post(
        "/training-sessions",
        json=session_body(township="nowhere", hours=2.25, starts_at="9999-01-01T09:00:00+08:00"),
    )
    assert r.status_code == 422
    assert {(e["field"], e["reason"]) for e in r.json()["errors"]} == {
        ("hours", "one_decimal"), ("starts_at", "out_of_range"), ("township", "unknown_township"),
    }  # fmt: skip
    r = await trainer.post("/training-sessions", json=session_body(township=None))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "township"
    r = await trainer.post(
        "/training-sessions", json=session_body(hours=0), headers={"Accept-Language": "en"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "hours"
    r = await trainer.post("/training-sessions", json={**session_body(), "session_type": "picnic"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "session_type"
    clerk = await training_as("dajiahe.clerk")
    assert (await clerk.post("/training-sessions", json=session_body())).status_code == 403


def _slides() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
    return out.getvalue()


async def test_materials_are_taken_by_their_content_once_and_read_back(training_as: Client) -> None:
    trainer = await training_as("dajiahe.trainer")
    sid = (await trainer.post("/training-sessions", json=session_body())).json()["id"]
    slides = _slides()
    pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    for _ in range(2):  # a retried upload keeps one copy
        added = await trainer.post(
            f"/training-sessions/{sid}/materials", files={"file": ("信访条例解读.pptx", slides, pptx)}
        )
        assert added.status_code == 200, added.text
    (material,) = added.json()["materials"]
    assert (material["filename"], material["media_type"]) == ("信访条例解读.pptx", pptx)
    disguised = await trainer.post(
        f"/training-sessions/{sid}/materials",
        files={"file": ("讲稿.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )
    assert disguised.status_code == 422 and disguised.json()["errors"][0]["field"] == "file"
    got = await trainer.get(f"/training-sessions/{sid}/materials/{material['id']}")
    assert got.status_code == 200 and got.content == slides and got.headers["cache-control"] == "no-store"
    other = await training_as("changjie.trainer")
    assert (await other.get(f"/training-sessions/{sid}/materials/{material['id']}")).status_code == 404
