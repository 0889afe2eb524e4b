"""A petitioner registered, searched for, revealed and read through intake and the portal, with the failures
that once logged statement values: afterwards no log or span file of the stack holds their name, ID or phone."""

from __future__ import annotations

import asyncio
import random
import secrets
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import app_role
from shared.db.engine import make_engine
from shared.settings import DatabaseSettings
from tests.integration.intake.conftest import fresh_id_number, petition_body
from tests.integration.portal.conftest import csrf_token_of
from tests.integration.security.log_scan import LogScan, report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Long enough for three batches of every BatchSpanProcessor (5 s each), short enough for a test.
FLUSH_TIMEOUT_SECONDS = 30
SPAN_BATCH_SECONDS = 6


def unique_person() -> dict[str, str]:
    han = "".join(chr(random.randint(0x4E00, 0x9FA5)) for _ in range(4))
    phone = f"1{random.choice('3456789')}{random.randint(0, 999_999_999):09d}"
    return {"name": f"测试名字{han}", "id_number": fresh_id_number(), "phone": phone}


def traceparent() -> tuple[str, dict[str, str]]:
    trace_id = secrets.token_hex(16)
    return trace_id, {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}


async def wait_for_spans(logs: Path, trace_ids: dict[str, str]) -> None:
    """Spans leave through batch processors: wait until each named span file holds its trace."""
    for _ in range(FLUSH_TIMEOUT_SECONDS * 2):
        files = {name: logs / name for name in trace_ids}
        if all(f.exists() and trace_ids[name] in f.read_text() for name, f in files.items()):
            return
        await asyncio.sleep(0.5)
    pytest.fail(f"spans of {trace_ids} were not exported within {FLUSH_TIMEOUT_SECONDS} s")


async def _through_intake(as_user, person: dict[str, str]) -> dict:
    clerk = await as_user("dajiahe.clerk")
    content = (
        f"信访人{person['name']}（身份证{person['id_number']}，电话{person['phone']}）来信反映拖欠工资。"
    )
    petitioner = {**person, "is_representative": True}
    created = await clerk.post("/petitions", json=petition_body(content=content, petitioners=[petitioner]))
    assert created.status_code == 201, created.text
    petition = created.json()
    for value in person.values():
        assert (await clerk.get("/petitions", params={"q": value})).status_code == 200
    reveal = f"/petitions/{petition['id']}/petitioners/{petition['petitioners'][0]['id']}/reveal"
    assert (await clerk.post(reveal, json={"purpose": "回访核实"})).json()["name"] == person["name"]
    assert (await clerk.get(f"/petitions/{petition['id']}")).status_code == 200
    # Failures that reached PostgreSQL with the values as parameters (a NUL, a liaison's upload refused by
    # row-level security): whether they are refused cleanly or still fail, the log must not show the values.
    nul = await clerk.post(
        "/petitions", json=petition_body(content=content + "\x00", petitioners=[petitioner])
    )
    assert nul.status_code in (422, 500)
    assert (await clerk.get("/petitions", params={"q": person["name"] + "\x00"})).status_code in (422, 500)
    letter = PDF + content.encode()
    liaison = await as_user("dajiahe.liaison")
    upload = await liaison.post("/attachments", files={"file": ("来信.pdf", letter, "application/pdf")})
    assert upload.status_code in (201, 500)
    return petition


async def _through_portal(
    stack: StackSettings, signed_in_client, person: dict[str, str], petition: dict
) -> str:
    portal = await signed_in_client("dajiahe.clerk")
    for value in person.values():
        page = await portal.get(f"{stack.portal_url}/petitions", params={"q": value})
        assert page.status_code == 200
    detail_url = f"{stack.portal_url}/petitions/{petition['id']}"
    detail = await portal.get(detail_url)
    assert detail.status_code == 200
    revealed = await portal.post(
        f"{detail_url}/petitioners/{petition['petitioners'][0]['id']}/reveal",
        data={"purpose": "回访核实"},
        headers={"x-csrftoken": csrf_token_of(detail.text)},
    )
    assert revealed.status_code == 200 and person["name"] in revealed.text
    trace_id, headers = traceparent()
    last = await portal.get(f"{stack.portal_url}/petitions", params={"q": person["name"]}, headers=headers)
    assert last.status_code == 200
    return trace_id


async def test_no_name_id_number_or_phone_reaches_any_log_or_span_file(
    stack: StackSettings, as_user, signed_in_client
) -> None:
    logs = stack.path("logs")
    scan = LogScan(logs)
    person = unique_person()
    petition = await _through_intake(as_user, person)
    portal_trace = await _through_portal(stack, signed_in_client, person, petition)
    await wait_for_spans(logs, {"portal.spans.jsonl": portal_trace, "intake.spans.jsonl": portal_trace})
    # The workers' spans (relay, consumers) leave on the same schedule, with no request to wait for.
    await asyncio.sleep(SPAN_BATCH_SECONDS)
    findings = scan.find(person)
    assert not findings, "personal data in the stack's logs:\n" + report(findings)


async def test_a_failing_statement_does_not_carry_its_parameters(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    name = unique_person()["name"]
    settings = DatabaseSettings(
        port=stack.pg_port,
        user=app_role("intake"),
        password=stack_secrets["intake_app"],
        schema_name="intake",
        pool_size=1,
    )
    engine = make_engine(settings, application_name="test-hidden-parameters")
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError) as failed:
                await conn.execute(text("SELECT 1 / 0 WHERE CAST(:v AS text) IS NOT NULL"), {"v": name})
    finally:
        await engine.dispose()
    assert name not in str(failed.value)
    assert "division by zero" in str(failed.value)


def test_percent_encoded_and_escaped_forms_are_found(tmp_path: Path) -> None:
    scan = LogScan(tmp_path)
    name = "测试名字甲乙"
    (tmp_path / "a.spans.jsonl").write_text('{"http.url": "/p?q=\\u6d4b\\u8bd5\\u540d\\u5b57\\u7532\\u4e59"}')
    (tmp_path / "b.log").write_text(f"GET /p?q={httpx.URL('/p', params={'q': name}).query.decode()}")
    assert {f.file for f in scan.find({"name": name})} == {"a.spans.jsonl", "b.log"}
