"""Which facts each event writes: the handlers' choices, with the statements recorded instead of run."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from services.reporting.persistence import facts
from services.reporting.service import projections
from shared.contracts.intake import PetitionInstructed
from shared.contracts.intake_village import ScreeningItemResolved
from shared.contracts.supervision import CaseClockChanged, CaseMoved, CaseStageChanged, HardCaseFlagged
from shared.contracts.training_records import AttendanceChanged
from shared.events.envelope import Envelope
from shared.tenancy import tenant_id_for

CASE, PETITION = uuid.uuid4(), uuid.uuid4()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    async def execute(self, statement: Any, params: dict[str, Any]) -> None:
        self.calls.append((statement, params))

    def statements(self) -> list[Any]:
        return [s for s, _ in self.calls]


def _event(type_: str, payload: msgspec.Struct, tenant: str = "dajiahe") -> Envelope:
    tenant_id = None if tenant == "county" else tenant_id_for(tenant)
    return Envelope.new(service="supervision", type=type_, subject=CASE, tenant=tenant, tenant_id=tenant_id,
                        data=payload)  # fmt: skip


async def test_a_verdict_that_closes_the_case_sets_stage_closing_and_verdict():
    db = Recorder()
    payload = CaseStageChanged(CASE, PETITION, "closed", date(2003, 3, 8), satisfaction="satisfied")
    await projections.case_stage_changed(_event("case.stage_changed.v1", payload), db)
    assert db.statements() == [facts._STAGE, facts._CLOSED, facts._RATED]
    assert db.calls[0][1]["stage_rank"] == 5 and db.calls[0][1]["township"] == "dajiahe"
    assert db.calls[2][1]["satisfaction"] == "satisfied"


async def test_the_first_opinion_sets_the_opinion_date_and_nothing_else():
    db = Recorder()
    payload = CaseStageChanged(CASE, PETITION, "opinion_issued", date(2003, 3, 5), on_time=True)
    await projections.case_stage_changed(_event("case.stage_changed.v1", payload), db)
    assert db.statements() == [facts._STAGE, facts._OPINION]


async def test_only_the_handling_clock_with_a_date_moves_the_deadline():
    for clock, change, due in [("review", "started", date(2003, 4, 1)), ("handling", "paused", None)]:
        db = Recorder()
        await projections.case_clock_changed(
            _event("case.clock_changed.v1", CaseClockChanged(CASE, clock, change, due)), db
        )
        assert db.calls == []
    db = Recorder()
    payload = CaseClockChanged(CASE, "handling", "extended", date(2003, 4, 15))
    await projections.case_clock_changed(_event("case.clock_changed.v1", payload), db)
    assert db.statements() == [facts._HANDLING_DUE]


async def test_a_county_level_event_writes_no_fact():
    db = Recorder()
    payload = CaseStageChanged(CASE, PETITION, "closed", date(2003, 3, 8))
    await projections.case_stage_changed(_event("case.stage_changed.v1", payload, tenant="county"), db)
    assert db.calls == []


async def test_only_a_move_that_repeats_an_assignment_is_kept():
    db = Recorder()
    await projections.case_moved(_event("case.moved.v1", CaseMoved(CASE, "transferred", "a", "b")), db)
    assert db.calls == []
    payload = CaseMoved(CASE, "assigned", None, "b", repeat_of=uuid.uuid4())
    await projections.case_moved(_event("case.moved.v1", payload), db)
    assert db.statements() == [facts._REPEAT_ASSIGNMENT]


async def test_events_without_a_date_of_their_own_are_dated_on_the_countys_calendar():
    db = Recorder()
    e = msgspec.structs.replace(
        _event("hard_case.flagged.v1", HardCaseFlagged(uuid.uuid4(), CASE, uuid.uuid4(), "rule", "age")),
        time=datetime(2002, 6, 30, 16, 30, tzinfo=UTC),  # 00:30 on 07-01 in China
    )
    await projections.hard_case_flagged(e, db)
    assert db.calls[0][1]["on"] == date(2002, 7, 1)


async def test_a_screening_status_of_a_later_version_writes_nothing():
    for status, statements in [("resolved", [facts._SCREENING_STATUS["resolved"]]), ("escalated", [])]:
        db = Recorder()
        payload = ScreeningItemResolved(uuid.uuid4(), uuid.uuid4(), "2002-06", "high", status)
        await projections.screening_item_resolved(_event("screening.item_resolved.v1", payload), db)
        assert db.statements() == statements


async def test_county_staffs_attendance_is_no_townships_fact():
    payload = AttendanceChanged(uuid.uuid4(), uuid.uuid4(), "user-1", None, "present", Decimal("2.0"),
                                date(2002, 6, 5))  # fmt: skip
    db = Recorder()
    await projections.attendance_changed(_event("attendance.recorded.v1", payload, tenant="county"), db)
    assert db.calls == []
    db = Recorder()
    await projections.attendance_changed(_event("attendance.recorded.v1", payload), db)
    assert db.statements() == [facts._ATTENDANCE] and db.calls[0][1]["hours"] == Decimal("2.0")


async def test_an_instruction_only_turns_the_petitions_flag_on():
    db = Recorder()
    payload = PetitionInstructed(PETITION, uuid.uuid4(), "letter", "county")
    await projections.petition_instructed(_event("petition.instructed.v1", payload), db)
    assert db.statements() == [facts._INSTRUCTED]
    assert "is_instructed = true" in str(facts._INSTRUCTED)
