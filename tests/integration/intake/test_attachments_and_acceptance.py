"""Attachments checked by content, and the acceptance decision with its printable notice."""

from __future__ import annotations

import asyncio
import io
import re
import time
import uuid

import nats
import nats.js.errors
from pypdf import PdfReader

from shared.contracts.intake import PetitionDecided
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.events.streams import TOPOLOGY
from shared.query_code import normalise_query_code, query_code_digest
from tests.integration.intake.conftest import petition_body

TOWNSHIP = "dajiahe"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _upload(client, name: str, data: bytes, media_type: str = "application/pdf", **params):
    return await client.post("/attachments", files={"file": (name, data, media_type)}, params=params)


async def test_an_attachment_is_stored_with_its_checksum_and_bound_to_the_petition(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    up = await _upload(clerk, "来信扫描件.pdf", PDF)
    assert up.status_code == 201, up.text
    meta = up.json()
    assert meta["media_type"] == "application/pdf" and meta["size"] == len(PDF) and len(meta["sha256"]) == 64
    created = await clerk.post("/petitions", json=petition_body(attachment_ids=[meta["id"]]))
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert [a["id"] for a in created.json()["attachments"]] == [meta["id"]]
    download = await clerk.get(f"/petitions/{pid}/attachments/{meta['id']}")
    assert download.status_code == 200 and download.content == PDF
    other = await as_user("changjie.clerk")
    assert (await other.get(f"/petitions/{pid}/attachments/{meta['id']}")).status_code == 404
    again = await clerk.post("/petitions", json=petition_body(attachment_ids=[meta["id"]]))
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "attachment_ids"


async def _refused_upload(client, superuser, name: str, data: bytes, reason: str) -> None:
    before = await superuser.fetchval("SELECT count(*) FROM intake.attachment")
    r = await _upload(client, name, data)
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "file" and r.json()["errors"][0]["reason"] == reason
    assert await superuser.fetchval("SELECT count(*) FROM intake.attachment") == before


async def test_an_11_mb_file_and_an_exe_renamed_pdf_are_refused(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    await _refused_upload(clerk, superuser, "big.pdf", PDF + b"0" * (11 * 1024 * 1024), "too_large")
    await _refused_upload(clerk, superuser, "letter.pdf", b"MZ\x90\x00" + b"\x00" * 512, "type_mismatch")
    ok = await _upload(clerk, "photo.png", PNG, "image/png")
    assert ok.status_code == 201 and ok.json()["media_type"] == "image/png"


async def test_acceptance_is_decided_once_and_published(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    pid = (await clerk.post("/petitions", json=petition_body())).json()["id"]
    decided = await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "accepted" and body["acceptance"]["on_time"] is True
    assert body["acceptance"]["document_number"].startswith("大佳何信受〔")
    twice = await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "not_accepted", "reason": "x"})
    assert twice.status_code == 409
    types = await superuser.fetch(
        "SELECT type FROM intake.outbox WHERE envelope->>'subject' = $1 ORDER BY created_at", pid
    )
    assert [t["type"] for t in types] == ["petition.registered.v1", "petition.accepted.v1"]
    other = await as_user("changjie.clerk")
    assert (
        await other.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
    ).status_code == 404


async def test_not_accepting_needs_a_reason(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    pid = (await clerk.post("/petitions", json=petition_body())).json()["id"]
    r = await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "not_accepted"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"


async def test_the_decision_notice_pdf_holds_the_petitions_chinese_content(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    content = (
        f"涨家溪村村民反映村道硬化工程拖欠农民工工资三万元，请求督促施工方支付。编号{uuid.uuid4().hex[:6]}"
    )
    pid = (await clerk.post("/petitions", json=petition_body(content=content))).json()["id"]
    await clerk.post(
        f"/petitions/{pid}/acceptance",
        json={"decision": "forwarded", "forwarded_to": "宁海县人力资源和社会保障局"},
    )
    pdf = await clerk.get(f"/petitions/{pid}/acceptance/notice.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert content in text
    assert "张永福" in text and "宁海县人力资源和社会保障局" in text
    timeline = (await clerk.get(f"/petitions/{pid}")).json()["timeline"]
    assert [e["action"] for e in timeline][-1] == "petitioner.revealed"


async def test_a_village_liaison_attaches_a_scanned_letter_to_a_petition_of_their_village(as_user) -> None:
    liaison = await as_user("dajiahe.liaison")
    up = await _upload(liaison, "村民来信.pdf", PDF)
    assert up.status_code == 201, up.text
    created = await liaison.post("/petitions", json=petition_body(attachment_ids=[up.json()["id"]]))
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert [a["id"] for a in created.json()["attachments"]] == [up.json()["id"]]
    assert (await liaison.get(f"/petitions/{pid}/attachments/{up.json()['id']}")).content == PDF
    clerk = await as_user("dajiahe.clerk")
    assert (await clerk.get(f"/petitions/{pid}/attachments/{up.json()['id']}")).status_code == 200
    other_village = await as_user("dajiahe.liaison2")
    assert (await other_village.get(f"/petitions/{pid}/attachments/{up.json()['id']}")).status_code == 404


async def test_a_liaison_cannot_bind_another_villages_staged_attachment(as_user) -> None:
    theirs = await _upload(await as_user("dajiahe.liaison2"), "葛家村来信.pdf", PDF)
    assert theirs.status_code == 201, theirs.text
    liaison = await as_user("dajiahe.liaison")
    r = await liaison.post("/petitions", json=petition_body(attachment_ids=[theirs.json()["id"]]))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "attachment_ids"


async def _published(js, subject: str, petition_id: str, within: float = 10.0) -> Envelope:
    """The petition's event as it went out on NATS (the worker relays the outbox within a second or so)."""
    deadline = time.monotonic() + within
    while True:
        try:
            envelope = Envelope.from_json((await js.get_last_msg(TOPOLOGY.stream, subject)).data)
            if envelope.subject == petition_id:
                return envelope
        except nats.js.errors.NotFoundError:
            pass
        assert time.monotonic() < deadline, f"no {subject} for {petition_id}"
        await asyncio.sleep(0.2)


def _query_code_in(pdf: bytes) -> str | None:
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    found = re.search(r"查询码为：([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", text)
    return found.group(1) if found else None


async def test_an_accepted_petition_gets_a_query_code_whose_digest_supervision_receives(
    as_user, superuser, nats_operator
) -> None:
    clerk = await as_user("dajiahe.clerk")
    pid = (await clerk.post("/petitions", json=petition_body(people_count=6))).json()["id"]
    assert (
        await clerk.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"})
    ).status_code == 200
    notice = await clerk.get(f"/petitions/{pid}/acceptance/notice.pdf")
    code = _query_code_in(notice.content)
    assert code is not None and normalise_query_code(code) == code
    again = await clerk.get(f"/petitions/{pid}/acceptance/notice.pdf")
    assert _query_code_in(again.content) == code, "a reprinted notice shows the same code"

    nc = await nats.connect(**connect_options(nats_operator))
    try:
        event = await _published(nc.jetstream(), f"xf.{TOWNSHIP}.petition.accepted", pid)
    finally:
        await nc.close()
    decided = event.payload_as(PetitionDecided)
    assert decided.query_code_digest == query_code_digest(code)
    assert (decided.category, decided.kind, decided.village) == ("land", "claim", "zhangjiaxi")
    assert decided.people_count == 6 and decided.is_collective is True

    # The code itself is nowhere but the notice: not in the event, not in the table in the clear.
    assert code not in event.to_json().decode()
    stored = await superuser.fetchval(
        "SELECT query_code_enc FROM intake.acceptance WHERE petition_id = $1", uuid.UUID(pid)
    )
    assert stored and code.encode() not in stored
    assert code not in (await clerk.get(f"/petitions/{pid}")).text


async def test_only_an_accepted_decision_gets_a_query_code(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    pid = (await clerk.post("/petitions", json=petition_body())).json()["id"]
    r = await clerk.post(
        f"/petitions/{pid}/acceptance", json={"decision": "not_accepted", "reason": "已超过期限"}
    )
    assert r.status_code == 200, r.text
    assert _query_code_in((await clerk.get(f"/petitions/{pid}/acceptance/notice.pdf")).content) is None
    assert (
        await superuser.fetchval(
            "SELECT query_code_enc FROM intake.acceptance WHERE petition_id = $1", uuid.UUID(pid)
        )
        is None
    )
    data = await superuser.fetchval(
        "SELECT envelope->'data' FROM intake.outbox WHERE envelope->>'subject' = $1 AND type = $2",
        pid,
        "petition.not_accepted.v1",
    )
    assert '"query_code_digest": null' in data and '"village": "zhangjiaxi"' in data
