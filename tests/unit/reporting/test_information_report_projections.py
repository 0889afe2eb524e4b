"""Which major matters the events write (信息报送): the handlers' choices, with the statements recorded instead of
run."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec

from services.reporting.persistence import information_report_facts as facts
from services.reporting.service import information_report_projections as major
from shared.clock import CHINA
from shared.contracts.intake import PetitionRegistered
from shared.contracts.intake_village import EmergencyRequested, EmergencyResolved, EmergencyResponded
from shared.events.envelope import Envelope
from shared.tenancy import tenant_id_for

MATTER = uuid.uuid4()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    async def execute(self, statement: Any, params: dict[str, Any]) -> None:
        self.calls.append((statement, params))


def _event(
    type_: str, payload: msgspec.Struct, tenant: str = "xidian", at: datetime | None = None
) -> Envelope:
    tenant_id = None if tenant == "county" else tenant_id_for(tenant)
    e = Envelope.new(
        service="intake", type=type_, subject=MATTER, tenant=tenant, tenant_id=tenant_id, data=payload
    )
    return e if at is None else msgspec.structs.replace(e, time=at)


def _registered(collective: bool) -> PetitionRegistered:
    on = date(2026, 11, 3)
    return PetitionRegistered(
        MATTER,
        "visit",
        "land",
        "claim",
        "xiaxi",
        on,
        on + timedelta(days=15),
        12,
        collective,
        False,
        False,
        "township",
    )


async def test_a_collective_petition_is_a_major_matter_raised_at_its_registration():
    db = Recorder()
    at = datetime(2026, 11, 2, 17, 30, tzinfo=UTC)  # 01:30 on the 3rd in China
    await major.collective_petition_registered(_event("petition.registered.v1", _registered(True), at=at), db)
    [(statement, params)] = db.calls
    assert statement is facts._RAISED
    assert params["source_kind"] == "collective_petition" and params["source_id"] == MATTER
    assert params["raised_at"] == at and params["raised_on"] == date(2026, 11, 3)
    assert params["people_count"] == 12 and params["township"] == "xidian"


async def test_a_petition_that_is_not_collective_writes_nothing():
    db = Recorder()
    await major.collective_petition_registered(_event("petition.registered.v1", _registered(False)), db)
    assert db.calls == []


async def test_an_emergency_is_raised_when_it_was_received_and_its_steps_keep_their_own_columns():
    db = Recorder()
    received = datetime(2026, 11, 3, 8, 0, tzinfo=CHINA)
    requested = EmergencyRequested(
        MATTER, None, 30, received, received + timedelta(hours=1), received + timedelta(days=1)
    )
    await major.emergency_requested(
        _event("emergency.requested.v1", requested, at=received + timedelta(minutes=5)), db
    )
    responded = EmergencyResponded(MATTER, received + timedelta(minutes=20), True)
    await major.emergency_responded(_event("emergency.responded.v1", responded), db)
    resolved = EmergencyResolved(MATTER, received + timedelta(hours=5), True)
    await major.emergency_resolved(_event("emergency.resolved.v1", resolved), db)
    assert [s for s, _ in db.calls] == [facts._RAISED, facts._STEP["responded"], facts._STEP["resolved"]]
    assert db.calls[0][1]["raised_at"] == received  # the request's own time, not the event's
    assert db.calls[1][1]["at"] == received + timedelta(minutes=20)


async def test_a_county_level_event_is_no_townships_matter():
    db = Recorder()
    received = datetime(2026, 11, 3, 8, 0, tzinfo=CHINA)
    requested = EmergencyRequested(MATTER, None, 3, received, received, received)
    await major.emergency_requested(_event("emergency.requested.v1", requested, tenant="county"), db)
    assert db.calls == []


def test_the_steps_keep_the_earliest_instant_whatever_the_order():
    for statement in (*facts._STEP.values(), facts._RAISED):
        assert "LEAST(major_matter_fact." in str(statement)
