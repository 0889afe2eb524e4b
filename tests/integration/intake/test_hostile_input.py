"""Hostile input through the running intake service: every refusal a problem body, never a 500, nothing stored."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.integration.intake.conftest import fresh_id_number, petition_body
from tests.integration.intake.test_diary import entry_body
from tests.integration.intake.test_emergency import request_body
from tests.integration.intake.test_screening import FUTURE, fresh_month, item_body

NUL = "\x00"
LISTS = ("/petitions", "/diary-entries", "/emergency-requests", "/screening-registers")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def refused_fields(r: httpx.Response, reason: str = "control_character") -> list[str]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert {e["reason"] for e in errors} == {reason}, errors
    return [e["field"] for e in errors]


async def count(superuser: asyncpg.Connection, table: str) -> int:
    return await superuser.fetchval(f"SELECT count(*) FROM intake.{table}")


async def trail_of(superuser: asyncpg.Connection, subject: str) -> int:
    return await superuser.fetchval("SELECT count(*) FROM intake.trail_entry WHERE object_id = $1", subject)


async def registered(clerk: httpx.AsyncClient, **overrides: Any) -> dict[str, Any]:
    person = {"name": "李秀英", "id_number": fresh_id_number(), "phone": "13912345678"}
    r = await clerk.post("/petitions", json=petition_body(petitioners=[person], **overrides))
    assert r.status_code == 201, r.text
    return r.json()


# -- a NUL in each of the seven free-text fields the probe found ---------------------------------------------------
async def test_a_nul_in_a_petitioners_name_or_the_content_is_refused_and_nothing_is_stored(
    as_user, superuser
) -> None:
    clerk = await as_user("dajiahe.clerk")
    before = (await count(superuser, "petition"), await count(superuser, "petitioner"))
    body = petition_body(
        content=f"来信反映{NUL}征地补偿",
        petitioners=[{"name": "张永福"}, {"name": f"张{NUL}三", "phone": f"138{NUL}"}],
    )
    r = await clerk.post("/petitions", json=body)
    assert refused_fields(r) == ["content", "petitioners.1.name", "petitioners.1.phone"]
    assert r.json()["errors"][1]["message"] == "petitioners.1.name含有不允许的控制字符"
    assert (await count(superuser, "petition"), await count(superuser, "petitioner")) == before


async def test_other_control_characters_are_refused_and_line_breaks_in_free_text_are_kept(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    for bad in ("\x07", "\x1b", "\x7f", "\x85"):
        r = await clerk.post("/petitions", json=petition_body(petitioners=[{"name": f"王{bad}五"}]))
        assert refused_fields(r) == ["petitioners.0.name"], repr(bad)
    english = await clerk.post(
        "/petitions",
        json=petition_body(petitioners=[{"name": f"王{NUL}五"}]),
        headers={"Accept-Language": "en"},
    )
    assert english.json()["errors"][0]["message"] == "petitioners.0.name contains a control character"
    content = petition_body()["content"] + "\r\n\t附：村委会证明一份。"
    kept = await registered(clerk, content=content)
    assert kept["content"] == content


async def test_a_nul_in_the_search_or_any_query_parameter_is_refused(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    assert refused_fields(await clerk.get("/petitions", params={"q": f"张{NUL}"})) == ["q"]
    assert refused_fields(await clerk.get("/petitions", params={"q": "张\n"})) == ["q"]
    assert refused_fields(await clerk.get("/diary-entries", params={"township": NUL})) == ["township"]
    assert refused_fields(await clerk.get("/screening-registers", params={"period": f"2026{NUL}"})) == [
        "period"
    ]


async def test_a_nul_in_a_diary_entry_is_refused_and_nothing_is_stored(as_user, superuser) -> None:
    liaison = await as_user("dajiahe.liaison")
    before = await count(superuser, "diary_entry")
    r = await liaison.post("/diary-entries", json=entry_body(concern=f"道路积水{NUL}"))
    assert refused_fields(r) == ["concern"]
    assert await count(superuser, "diary_entry") == before


async def test_a_nul_in_an_emergency_response_is_refused_and_the_request_stays_unanswered(
    as_user, superuser
) -> None:
    clerk = await as_user("dajiahe.clerk")
    created = await clerk.post("/emergency-requests", json=request_body(village="gejia"))
    assert created.status_code == 201, created.text
    rid = created.json()["id"]
    r = await clerk.post(f"/emergency-requests/{rid}/respond", json={"note": f"已派人{NUL}"})
    assert refused_fields(r) == ["note"]
    row = await superuser.fetchrow(
        "SELECT status, response_note FROM intake.emergency_request WHERE id = $1", uuid.UUID(rid)
    )
    assert (row["status"], row["response_note"]) == ("received", None)


async def test_a_nul_in_a_reveal_purpose_is_refused_and_leaves_no_trail(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    created = await registered(clerk)
    url = f"/petitions/{created['id']}/petitioners/{created['petitioners'][0]['id']}/reveal"
    before = await trail_of(superuser, created["id"])
    assert refused_fields(await clerk.post(url, json={"purpose": f"回访{NUL}核实"})) == ["purpose"]
    assert await trail_of(superuser, created["id"]) == before


async def test_a_nul_in_a_leader_instruction_is_refused_and_nothing_is_stored(as_user, superuser) -> None:
    created = await registered(await as_user("dajiahe.clerk"))
    leader = await as_user("dajiahe.leader")
    before = await count(superuser, "leader_instruction")
    r = await leader.post(f"/petitions/{created['id']}/instructions", json={"text": f"请核实{NUL}"})
    assert refused_fields(r) == ["text"]
    assert await count(superuser, "leader_instruction") == before


async def test_a_nul_in_a_screening_item_is_refused_and_nothing_is_stored(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    opened = await clerk.post(
        "/screening-registers", json={"period": await fresh_month(superuser, FUTURE, "dajiahe")}
    )
    assert opened.status_code == 201, opened.text
    before = await count(superuser, "screening_item")
    r = await clerk.post(
        f"/screening-registers/{opened.json()['id']}/items",
        json=item_body(description=f"集体上访{NUL}", responsible_person=f"王{NUL}"),
    )
    assert refused_fields(r) == ["description", "responsible_person"]
    assert await count(superuser, "screening_item") == before


async def test_a_nul_in_an_uploaded_files_name_is_refused_and_nothing_is_stored(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    before = await count(superuser, "attachment")
    raw = (
        b"--xfb\r\n"
        b'Content-Disposition: form-data; name="file"; filename="letter\x00.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + PDF + b"\r\n--xfb--\r\n"
    )
    r = await clerk.post(
        "/attachments", content=raw, headers={"Content-Type": "multipart/form-data; boundary=xfb"}
    )
    assert refused_fields(r) == ["file"]
    assert await count(superuser, "attachment") == before


# -- bodies: depth, size, type ------------------------------------------------------------------------------------
async def test_deeply_nested_json_is_refused_before_decoding(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    before = await count(superuser, "petition")
    for deep in (b"[" * 10000 + b"]" * 10000, b'{"content":' * 10000 + b'"x"' + b"}" * 10000):
        r = await clerk.post("/petitions", content=deep, headers={"Content-Type": "application/json"})
        assert refused_fields(r, "too_deep") == ["body"]
    body = petition_body()
    body["petitioners"][0]["extra"] = json.loads("[" * 40 + "]" * 40)
    r = await clerk.post("/petitions", json=body)
    assert refused_fields(r, "too_deep") == ["body"]
    assert await count(superuser, "petition") == before


async def test_a_json_body_over_a_megabyte_is_413_and_an_upload_keeps_its_own_limit(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    r = await clerk.post("/petitions", json=petition_body(content="字" * 400_000))
    assert r.status_code == 413 and r.json()["title"] == "请求内容过大", r.text
    big_scan = PDF + b"0" * (3 * 1024 * 1024)
    up = await clerk.post("/attachments", files={"file": ("扫描件.pdf", big_scan, "application/pdf")})
    assert up.status_code == 201, up.text


async def test_a_json_body_sent_as_text_is_415_with_a_problem_body(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    before = await count(superuser, "petition")
    text = json.dumps(petition_body())
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        r = await clerk.post("/petitions", content=text.encode(), headers=headers)
        assert r.status_code == 415, (content_type, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["title"] == "不支持的请求内容类型"
    english = await clerk.post(
        "/petitions", content=text, headers={"Content-Type": "text/plain", "Accept-Language": "en"}
    )
    assert (english.status_code, english.json()["title"]) == (415, "Unsupported media type")
    assert await count(superuser, "petition") == before
    as_json = await clerk.post(
        "/petitions", content=json.dumps(petition_body()), headers={"Content-Type": "application/json"}
    )
    assert as_json.status_code == 201, as_json.text


async def test_json_sent_to_the_upload_is_415(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    r = await clerk.post("/attachments", json={"file": "letter.pdf"})
    assert r.status_code == 415, r.text


# -- integers and dates ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", [2**63, 10**30, 10_001])
async def test_a_page_beyond_any_list_is_422_on_every_list_and_the_last_page_answers(
    as_user, superuser, page: int
) -> None:
    county = await as_user("county.officer")
    for path in LISTS:
        r = await county.get(path, params={"page": str(page)})
        assert refused_fields(r, "out_of_range") == ["page"], path
        last = await county.get(path, params={"page": "10000", "page_size": "100"})
        assert last.status_code == 200 and last.json()["items"] == [], (path, last.text)
    # Body integers were bounded to their int4 columns already; they stay so.
    before = await count(superuser, "petition")
    r = await county.post("/petitions", json=petition_body(township="dajiahe", people_count=max(page, 2**31)))
    assert refused_fields(r, "out_of_range") == ["people_count"]
    assert await count(superuser, "petition") == before


async def test_a_received_date_in_year_1_is_refused(as_user, superuser) -> None:
    clerk = await as_user("dajiahe.clerk")
    before = await count(superuser, "petition")
    for day in ("0001-01-01", "1999-12-31"):
        r = await clerk.post("/petitions", json=petition_body(received_on=day))
        assert refused_fields(r, "too_early") == ["received_on"]
    assert r.json()["errors"][0]["message"] == "received_on早于2000年1月1日"
    assert await count(superuser, "petition") == before
    assert (await clerk.post("/petitions", json=petition_body(received_on="2000-01-01"))).status_code == 201
    liaison = await as_user("dajiahe.liaison")
    r = await liaison.post("/diary-entries", json=entry_body(entry_date="0001-01-01"))
    assert refused_fields(r, "too_early") == ["entry_date"]
    r = await clerk.post(
        "/emergency-requests", json=request_body(village="gejia", received_at="0001-01-01T08:00:00+08:00")
    )
    assert refused_fields(r, "too_early") == ["received_at"]


# -- answers that must not be kept ------------------------------------------------------------------------------
def not_stored(r: httpx.Response) -> bool:
    return r.headers.get("cache-control") == "no-store" and r.headers.get("pragma") == "no-cache"


async def test_reveals_and_downloads_are_not_stored_by_browsers_or_proxies(as_user) -> None:
    clerk = await as_user("dajiahe.clerk")
    up = await clerk.post("/attachments", files={"file": ("来信.pdf", PDF, "application/pdf")})
    assert up.status_code == 201, up.text
    created = await registered(clerk, attachment_ids=[up.json()["id"]])
    reveal = await clerk.post(
        f"/petitions/{created['id']}/petitioners/{created['petitioners'][0]['id']}/reveal",
        json={"purpose": "回访核实"},
    )
    assert reveal.status_code == 200 and not_stored(reveal), reveal.headers
    download = await clerk.get(f"/petitions/{created['id']}/attachments/{up.json()['id']}")
    assert download.status_code == 200 and download.content == PDF and not_stored(download)
    emergency = await clerk.post("/emergency-requests", json=request_body(village="gejia"))
    phone = await clerk.post(
        f"/emergency-requests/{emergency.json()['id']}/contact/reveal", json={"purpose": "回电核实"}
    )
    assert phone.status_code == 200 and not_stored(phone), phone.headers
    listed = await clerk.get("/petitions")
    assert "no-store" not in listed.headers.get("cache-control", "")


async def test_the_upload_documents_the_one_file_field_it_reads(stack) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{stack.intake_port}") as anonymous:
        document = (await anonymous.get("/docs/openapi.json")).json()
    upload = document["paths"]["/attachments"]["post"]
    body = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    if "$ref" in body:
        body = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert list(body["properties"]) == ["file"] and body["required"] == ["file"]
    assert body["properties"]["file"]["format"] == "binary"
