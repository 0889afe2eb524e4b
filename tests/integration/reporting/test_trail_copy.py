"""The auditors' trail on the real stack: intake's and supervision's entries reach reporting's copy over NATS and are
found by case; an entry deleted from intake's chain, and separately its newest entries cut off, are named by the
verification; auditors read every township, a township clerk nothing; no personal data in any entry or export.

The tampering uses a tenant of its own (a fresh uuid, no township's), whose entries the test records through
intake's own database role as the service would, and every deleted row is put back.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER, app_role
from shared.db.engine import make_engine
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.settings import DatabaseSettings
from shared.telemetry.redaction import contains_personal_data
from shared.tenancy import tenant_id_for
from shared.trail import record
from tests.integration.intake.conftest import fresh_id_number, petition_body
from tests.integration.reporting.conftest import Client
from tests.integration.shared.clients import SignedInClients
from tests.integration.shared.scratch import wait_for

ENTRIES = 6
AUDITOR, CLERK = "county.auditor", "dajiahe.clerk"


@dataclass(frozen=True)
class Recorder:
    """Whoever acts, as the trail sees any actor."""

    user_id: str
    roles: frozenset[str]
    tenant_id: uuid.UUID | None


@pytest.fixture
async def intake_as(stack: StackSettings, tokens) -> AsyncIterator[Client]:
    clients = SignedInClients(f"http://127.0.0.1:{stack.intake_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
async def supervision_as(stack: StackSettings, tokens) -> AsyncIterator[Client]:
    clients = SignedInClients(f"http://127.0.0.1:{stack.supervision_port}", tokens)
    yield clients
    await clients.close()


@pytest.fixture
async def superuser(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(
        host="127.0.0.1", port=stack.pg_port, user=SUPERUSER, password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )  # fmt: skip
    yield conn
    await conn.close()


async def _copy_of(auditor: httpx.AsyncClient, service: str, tenant: uuid.UUID) -> dict[str, Any]:
    chains = (await auditor.get("/trail/copy")).json()["chains"]
    return next((c for c in chains if c["service"] == service and c["tenant_id"] == str(tenant)), {})


@pytest.fixture
async def own_chain(
    stack: StackSettings, stack_secrets: dict[str, str], reporting_as: Client
) -> AsyncIterator[uuid.UUID]:
    """ENTRIES entries in intake's chain of a tenant of the test's own, all in reporting's copy, verified."""
    tenant = uuid.uuid4()
    settings = DatabaseSettings(
        port=stack.pg_port, name=DATABASE, user=app_role("intake"), password=stack_secrets["intake_app"],
        schema_name="intake", scope_key=stack_secrets["intake_scope_key"], pool_size=1,
    )  # fmt: skip
    engine = make_engine(settings, application_name="trail-copy-test")
    actor = Recorder("trail-test", frozenset({"county-officer"}), None)
    try:
        for n in range(ENTRIES):
            async with scoped_transaction(session_factory(engine), DataScope.county()) as db:
                await record(
                    db, actor, "test.step", "test_object", f"step-{n}", tenant_id=tenant, detail={"n": n}
                )
    finally:
        await engine.dispose()
    auditor = await reporting_as(AUDITOR)

    async def copied() -> bool:
        state = await _copy_of(auditor, "intake", tenant)
        return state.get("verified_seq") == ENTRIES

    # Long: on a fresh stack the copy may still be taking in the demo year's entries, one chain at a time.
    await wait_for(copied, 300, every=1.0)
    assert (await _copy_of(auditor, "intake", tenant))["problem"] is None
    yield tenant


class Tamper:
    """Deletes entries of intake's chain as the database's superuser; `restore` puts them back."""

    def __init__(self, superuser: asyncpg.Connection, tenant: uuid.UUID, seqs: list[int]) -> None:
        self.superuser, self.tenant, self.seqs = superuser, tenant, seqs
        self.rows: list[asyncpg.Record] = []

    async def delete(self) -> None:
        async with self.superuser.transaction():
            # Replica mode skips the append-only triggers: only the database's superuser can do this.
            await self.superuser.execute("SET LOCAL session_replication_role = replica")
            self.rows = await self.superuser.fetch(
                "DELETE FROM intake.trail_entry WHERE tenant_id = $1 AND seq = ANY($2::bigint[]) RETURNING *",
                self.tenant, self.seqs,
            )  # fmt: skip
        assert len(self.rows) == len(self.seqs)

    async def restore(self) -> None:
        if self.rows:
            await self.superuser.copy_records_to_table(
                "trail_entry", schema_name="intake", columns=list(self.rows[0].keys()),
                records=[tuple(r.values()) for r in self.rows],
            )  # fmt: skip
            self.rows = []


async def _verify(auditor: httpx.AsyncClient, tenant: uuid.UUID) -> dict[str, Any]:
    r = await auditor.post(
        "/trail/verifications",
        json={"service": "intake", "township": str(tenant)},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    [result] = r.json()["results"]
    return result


async def test_an_entry_deleted_from_intakes_chain_is_missing_in_service_at_its_seq(
    own_chain: uuid.UUID, reporting_as: Client, superuser: asyncpg.Connection
) -> None:
    auditor = await reporting_as(AUDITOR)
    tamper = Tamper(superuser, own_chain, [3])
    try:
        await tamper.delete()
        result = await _verify(auditor, own_chain)
        assert (result["status"], result["reason"], result["seq"]) == ("problem", "missing_in_service", 3)
        latest = (await auditor.get("/trail/verifications/latest")).json()
        assert latest["ok"] is False and latest["results"] == [result]
    finally:
        await tamper.restore()
    result = await _verify(auditor, own_chain)
    assert (result["status"], result["entries_checked"]) == ("ok", ENTRIES)


async def test_the_newest_entries_cut_off_are_cut_off_at_the_first_missing_seq(
    own_chain: uuid.UUID, reporting_as: Client, superuser: asyncpg.Connection
) -> None:
    auditor = await reporting_as(AUDITOR)
    tamper = Tamper(superuser, own_chain, [ENTRIES - 1, ENTRIES])
    try:
        await tamper.delete()
        result = await _verify(auditor, own_chain)
        assert (result["reason"], result["seq"], result["service_head_seq"]) == (
            "cut_off",
            ENTRIES - 1,
            ENTRIES - 2,
        )
    finally:
        await tamper.restore()
    assert (await _verify(auditor, own_chain))["status"] == "ok"


async def test_a_retried_verification_answers_the_first_result(
    own_chain: uuid.UUID, reporting_as: Client
) -> None:
    auditor = await reporting_as(AUDITOR)
    key, body = {"Idempotency-Key": str(uuid.uuid4())}, {"service": "intake", "township": str(own_chain)}
    first = await auditor.post("/trail/verifications", json=body, headers=key)
    again = await auditor.post("/trail/verifications", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again.headers.get("Idempotent-Replayed") == "true"


@pytest.fixture
async def registered_case(intake_as: Client, supervision_as: Client, reporting_as: Client) -> dict[str, Any]:
    """A petition registered and accepted through intake's API, its case opened by supervision, and the trail of
    both in reporting's copy, found by the petition's id."""
    intake = await intake_as(CLERK)
    body = petition_body(category="labour", kind="claim")
    body["petitioners"][0]["id_number"] = fresh_id_number()
    r = await intake.post("/petitions", json=body)
    assert r.status_code == 201, r.text
    petition_id = r.json()["id"]
    r = await intake.post(f"/petitions/{petition_id}/acceptance", json={"decision": "accepted"})
    assert r.status_code == 200, r.text
    auditor, found = await reporting_as(AUDITOR), {}

    async def both_copied() -> bool:
        page = (await auditor.get("/trail/entries", params={"case": petition_id, "page_size": 100})).json()
        found["entries"] = page["items"]
        return {"intake", "supervision"} <= {e["service"] for e in page["items"]}

    await wait_for(both_copied, 300, every=1.0)
    return {"petition_id": petition_id, "body": body, "entries": found["entries"]}


def _personal(body: dict[str, Any]) -> list[str]:
    p = body["petitioners"][0]
    return [p["name"], p["phone"], p["id_number"]]


async def test_intakes_and_supervisions_entries_reach_the_copy_and_are_found_by_case(
    registered_case: dict[str, Any], reporting_as: Client
) -> None:
    entries = registered_case["entries"]
    actions = {(e["service"], e["action"]) for e in entries}
    assert {
        ("intake", "petition.registered"),
        ("intake", "petition.accepted"),
        ("supervision", "case.opened"),
    } <= actions
    case_id = next(e["object_id"] for e in entries if e["action"] == "case.opened")
    auditor = await reporting_as(AUDITOR)
    by_case = (await auditor.get("/trail/entries", params={"case": case_id, "page_size": 100})).json()
    assert {e["hash"] for e in by_case["items"]} == {e["hash"] for e in entries}
    whole = (await auditor.get(f"/trail/cases/{case_id}")).json()
    assert whole["petition_id"] == registered_case["petition_id"]
    assert [e["occurred_at"] for e in whole["entries"]] == sorted(e["occurred_at"] for e in whole["entries"])
    assert whole["entries"][0]["action"] == "petition.registered"
    for e in entries:
        assert e["tenant_id"] == str(tenant_id_for("dajiahe")) and e["trace_url"] is None
        assert set(e) >= {"seq", "occurred_at", "actor_id", "actor_role", "object_type", "object_id", "request_id",
                          "trace_id", "detail", "prev_hash", "hash", "verified"}  # fmt: skip


async def test_no_personal_data_in_any_entry_or_export(
    registered_case: dict[str, Any], reporting_as: Client
) -> None:
    auditor, petition = await reporting_as(AUDITOR), registered_case["petition_id"]
    texts = [json.dumps(registered_case["entries"], ensure_ascii=False)]
    xlsx = await auditor.get("/trail/export.xlsx", params={"case": petition})
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 + len(registered_case["entries"])
    texts.append("\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows))
    pdf = await auditor.get("/trail/export.pdf", params={"case": petition})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "petition.registered" in pdf_text and "case.opened" in pdf_text
    texts.append(pdf_text)
    for text in texts:
        assert not contains_personal_data(text)
        assert not [p for p in _personal(registered_case["body"]) if p in text]


async def test_an_auditor_reads_every_township_and_a_clerk_none_of_it(
    own_chain: uuid.UUID, registered_case: dict[str, Any], reporting_as: Client, intake_as: Client,
    supervision_as: Client,
) -> None:  # fmt: skip
    auditor = await reporting_as(AUDITOR)
    for township in ("dajiahe", str(own_chain)):
        page = (await auditor.get("/trail/entries", params={"township": township})).json()
        assert page["total"] > 0
    clerk = await reporting_as(CLERK)
    case_id = next(e["object_id"] for e in registered_case["entries"] if e["action"] == "case.opened")
    for path in ("/trail/entries", f"/trail/cases/{case_id}", "/trail/export.xlsx", "/trail/export.pdf",
                 "/trail/copy", "/trail/verifications/latest"):  # fmt: skip
        assert (await clerk.get(path)).status_code == 403, path
    assert (await clerk.post("/trail/verifications", json={})).status_code == 403
    params = {"township": str(tenant_id_for("dajiahe"))}
    for service_as in (intake_as, supervision_as):
        assert (await (await service_as(CLERK)).get("/trail/chain", params=params)).status_code == 403
        own = await (await service_as(AUDITOR)).get("/trail/chain", params={**params, "limit": 2})
        assert own.status_code == 200 and len(own.json()["entries"]) <= 2


async def test_bad_filters_are_422_naming_the_field(reporting_as: Client) -> None:
    auditor = await reporting_as(AUDITOR)
    for params, field in (
        ({"township": "Not A Slug!"}, "township"),
        ({"from": "2026-12-02", "to": "2026-12-01"}, "to"),
    ):
        r = await auditor.get("/trail/entries", params=params)
        assert r.status_code == 422 and field in r.text, (params, r.text)
