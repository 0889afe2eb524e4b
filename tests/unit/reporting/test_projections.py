"""Which facts each event writes: the handlers' choices, with the statements recorded instead of run."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import msgspec

from services.reporting.persistence import facts
from services.reporting.service import projections
from shared.contracts.supervision import CaseClockChanged, CaseStageChanged
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
