"""At the end of a test session, the personal data of every petitioner the session registered is looked for in
what the stack logged meanwhile; one hit fails the run (hooks imported by tests/conftest.py)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import asyncpg
import pytest

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from deploy.launcher.proc import port_is_open
from deploy.launcher.secrets import load_or_create
from shared.personal_data import PersonalDataCipher
from tests.integration.security.log_scan import LogScan, find_many

# Spans leave through batch processors that export every 5 s.
SPAN_FLUSH_SECONDS = 6
_STARTED = pytest.StashKey[tuple[LogScan, datetime]]()
_PETITIONERS = """
    SELECT p.name_enc, p.id_number_enc, p.phone_enc FROM intake.petitioner p
    JOIN intake.petition t ON t.id = p.petition_id WHERE t.registered_at >= $1
"""
_CONTACTS = "SELECT contact_phone_enc FROM intake.emergency_request WHERE recorded_at >= $1"


async def _personal_data(s: StackSettings, since: datetime) -> dict[str, str]:
    """value -> what it is, for every petitioner and emergency contact written since the session began."""
    secrets = load_or_create(s.run_dir)
    cipher = PersonalDataCipher(secrets["personal_data_key"])
    conn = await asyncpg.connect(
        host="127.0.0.1", port=s.pg_port, user=SUPERUSER, password=secrets["pg_superuser"], database=DATABASE
    )
    try:
        people = await conn.fetch(_PETITIONERS, since)
        contacts = await conn.fetch(_CONTACTS, since)
    finally:
        await conn.close()
    found: dict[str, str] = {}
    for row in people:
        found[cipher.decrypt(row["name_enc"], "petitioner.name")] = "a petitioner's name"
        for column, label in (("id_number", "an ID number"), ("phone", "a phone number")):
            if row[f"{column}_enc"]:
                found[cipher.decrypt(row[f"{column}_enc"], f"petitioner.{column}")] = label
    for row in contacts:
        found[cipher.decrypt(row["contact_phone_enc"], "emergency_request.contact_phone")] = "a contact phone"
    return {value: label for value, label in found.items() if len(value) >= 2}


def _stack_is_up(s: StackSettings) -> bool:
    return port_is_open(s.pg_port) and port_is_open(s.keycloak_port)


def pytest_sessionstart(session: pytest.Session) -> None:
    s = StackSettings()
    if _stack_is_up(s):
        session.stash[_STARTED] = (LogScan(s.path("logs")), datetime.now(UTC))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    started = session.stash.get(_STARTED, None)
    s = StackSettings()
    if started is None or not _stack_is_up(s):
        return
    scan, since = started
    values = asyncio.run(_personal_data(s, since))
    if not values:
        return
    time.sleep(SPAN_FLUSH_SECONDS)
    findings = find_many(scan.new_text(), values)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write("\n")
        reporter.write_line(
            f"personal data scan: {len(values)} values of this session, {len(findings)} found in the logs"
        )
        for f in findings:
            reporter.write_line(f"  {f.file}: {f.label}", red=True)
    if findings:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
