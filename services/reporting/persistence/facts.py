"""Upserts of the facts, one statement per event kind.

Each event writes only its own columns, and where two events could set the same column the statement keeps the
winner by a rule that does not depend on arrival order: the later decision (by the event's time), the furthest
stage, the latest handling deadline (extensions and hearings only ever move it later), the earliest opinion.
The events without a date of their own (an instruction, a hard case flagged, a move, a screening item) are dated by
the event's time on the county's calendar (`on`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text

from shared.clock import CHINA
from shared.db.session import TenantSession

_REPEAT = "EXISTS (SELECT 1 FROM repeat_link_fact r WHERE r.petition_id = :petition_id AND r.confirmed)"

_REGISTERED = text(f"""
INSERT INTO petition_fact (petition_id, tenant_id, township, channel, category, kind, received_on,
                           acceptance_due_on, is_collective, is_skip_level, registration_level, is_repeat)
VALUES (:petition_id, :tenant_id, :township, :channel, :category, :kind, :received_on, :acceptance_due_on,
        :is_collective, :is_skip_level, :registration_level, {_REPEAT})
ON CONFLICT (petition_id) DO UPDATE SET
    channel = EXCLUDED.channel, category = EXCLUDED.category, kind = EXCLUDED.kind,
    received_on = EXCLUDED.received_on, acceptance_due_on = EXCLUDED.acceptance_due_on,
    is_collective = EXCLUDED.is_collective, is_skip_level = EXCLUDED.is_skip_level,
    registration_level = EXCLUDED.registration_level
""")

_DECIDED = text(f"""
INSERT INTO petition_fact (petition_id, tenant_id, township, decision, decided_on, decided_on_time, decided_at,
                           is_repeat)
VALUES (:petition_id, :tenant_id, :township, :decision, :decided_on, :on_time, :at, {_REPEAT})
ON CONFLICT (petition_id) DO UPDATE SET
    decision = EXCLUDED.decision, decided_on = EXCLUDED.decided_on,
    decided_on_time = EXCLUDED.decided_on_time, decided_at = EXCLUDED.decided_at
WHERE petition_fact.decided_at IS NULL OR EXCLUDED.decided_at > petition_fact.decided_at
""")

_LINK = text("""
INSERT INTO repeat_link_fact (petition_id, earlier_petition_id, tenant_id, confirmed, decided_at)
VALUES (:petition_id, :earlier_petition_id, :tenant_id, :confirmed, :at)
ON CONFLICT (petition_id, earlier_petition_id) DO UPDATE SET
    confirmed = EXCLUDED.confirmed, decided_at = EXCLUDED.decided_at
WHERE EXCLUDED.decided_at > repeat_link_fact.decided_at
""")

_REPEAT_FLAG = text(f"""
INSERT INTO petition_fact (petition_id, tenant_id, township, is_repeat)
VALUES (:petition_id, :tenant_id, :township, {_REPEAT})
ON CONFLICT (petition_id) DO UPDATE SET is_repeat = {_REPEAT}
""")

# The stage columns: the furthest stage wins (a case only moves forward).
_STAGE_SET = """
    stage = CASE WHEN EXCLUDED.stage_rank > case_fact.stage_rank THEN EXCLUDED.stage ELSE case_fact.stage END,
    stage_rank = GREATEST(case_fact.stage_rank, EXCLUDED.stage_rank)"""

_OPENED = text(f"""
INSERT INTO case_fact (case_id, petition_id, tenant_id, township, opened_on, handling_due_on, stage, stage_rank)
VALUES (:case_id, :petition_id, :tenant_id, :township, :opened_on, :handling_due_on, :stage, :stage_rank)
ON CONFLICT (case_id) DO UPDATE SET
    petition_id = EXCLUDED.petition_id, opened_on = EXCLUDED.opened_on,
    handling_due_on = GREATEST(case_fact.handling_due_on, EXCLUDED.handling_due_on),{_STAGE_SET}
""")

_HANDLING_DUE = text("""
INSERT INTO case_fact (case_id, tenant_id, township, handling_due_on)
VALUES (:case_id, :tenant_id, :township, :due_on)
ON CONFLICT (case_id) DO UPDATE SET handling_due_on = GREATEST(case_fact.handling_due_on, EXCLUDED.handling_due_on)
""")

_STAGE = text(f"""
INSERT INTO case_fact (case_id, petition_id, tenant_id, township, stage, stage_rank)
VALUES (:case_id, :petition_id, :tenant_id, :township, :stage, :stage_rank)
ON CONFLICT (case_id) DO UPDATE SET petition_id = EXCLUDED.petition_id,{_STAGE_SET}
""")

# The first opinion (处理意见书) is issued once; the earliest date is kept should it ever be seen twice.
_OPINION = text("""
INSERT INTO case_fact (case_id, tenant_id, township, opinion_on, opinion_on_time)
VALUES (:case_id, :tenant_id, :township, :on, :on_time)
ON CONFLICT (case_id) DO UPDATE SET
    opinion_on_time = CASE WHEN case_fact.opinion_on IS NULL OR EXCLUDED.opinion_on < case_fact.opinion_on
                           THEN EXCLUDED.opinion_on_time ELSE case_fact.opinion_on_time END,
    opinion_on = LEAST(case_fact.opinion_on, EXCLUDED.opinion_on)
""")

_CLOSED = text("""
INSERT INTO case_fact (case_id, tenant_id, township, closed_on)
VALUES (:case_id, :tenant_id, :township, :on)
ON CONFLICT (case_id) DO UPDATE SET closed_on = LEAST(case_fact.closed_on, EXCLUDED.closed_on)
""")

# A case is rated once per opinion it gets; the row keeps the latest verdict (by the event's time).
_RATED = text("""
INSERT INTO case_fact (case_id, tenant_id, township, satisfaction, rated_on, rated_at)
VALUES (:case_id, :tenant_id, :township, :satisfaction, :on, :at)
ON CONFLICT (case_id) DO UPDATE SET
    satisfaction = EXCLUDED.satisfaction, rated_on = EXCLUDED.rated_on, rated_at = EXCLUDED.rated_at
WHERE case_fact.rated_at IS NULL OR EXCLUDED.rated_at > case_fact.rated_at
""")


_INSTRUCTED = text(f"""
INSERT INTO petition_fact (petition_id, tenant_id, township, is_instructed, is_repeat)
VALUES (:petition_id, :tenant_id, :township, true, {_REPEAT})
ON CONFLICT (petition_id) DO UPDATE SET is_instructed = true
""")

# Flagged once (by rule or by hand); should it be seen twice the earliest day is kept.
_HARD_CASE = text("""
INSERT INTO hard_case_fact (hard_case_id, case_id, tenant_id, township, flagged_on, source, rule)
VALUES (:hard_case_id, :case_id, :tenant_id, :township, :on, :source, :rule)
ON CONFLICT (hard_case_id) DO UPDATE SET flagged_on = LEAST(hard_case_fact.flagged_on, EXCLUDED.flagged_on)
""")

_REPEAT_ASSIGNMENT = text("""
INSERT INTO repeat_assignment_fact (case_id, moved_at, tenant_id, township, moved_on, move, to_unit, repeat_of)
VALUES (:case_id, :at, :tenant_id, :township, :on, :move, :to_unit, :repeat_of)
ON CONFLICT (case_id, moved_at) DO NOTHING
""")

# A diary entry is resolved once (intake refuses a second); the latest event wins should one ever come twice.
_DIARY_RESOLVED = text("""
INSERT INTO diary_resolution_fact (diary_entry_id, tenant_id, township, village, resolution_level, resolved_on,
                                   resolved_at)
VALUES (:diary_entry_id, :tenant_id, :township, :village, :level, :resolved_on, :at)
ON CONFLICT (diary_entry_id) DO UPDATE SET
    village = EXCLUDED.village, resolution_level = EXCLUDED.resolution_level,
    resolved_on = EXCLUDED.resolved_on, resolved_at = EXCLUDED.resolved_at
WHERE EXCLUDED.resolved_at > diary_resolution_fact.resolved_at
""")

_SCREENED = text("""
INSERT INTO screening_item_fact (item_id, tenant_id, township, register_id, period, recorded_on)
VALUES (:item_id, :tenant_id, :township, :register_id, :period, :on)
ON CONFLICT (item_id) DO UPDATE SET
    register_id = EXCLUDED.register_id, period = EXCLUDED.period,
    recorded_on = LEAST(screening_item_fact.recorded_on, EXCLUDED.recorded_on)
""")

# 稳控 (controlled) and 化解 (resolved): the first day the item reached each, whichever event comes first.
SCREENING_STATUSES = ("controlled", "resolved")
_SCREENING_STATUS = {
    status: text(f"""
INSERT INTO screening_item_fact (item_id, tenant_id, township, register_id, period, {status}_on)
VALUES (:item_id, :tenant_id, :township, :register_id, :period, :on)
ON CONFLICT (item_id) DO UPDATE SET
    {status}_on = LEAST(screening_item_fact.{status}_on, EXCLUDED.{status}_on)
""")
    for status in SCREENING_STATUSES
}

# Recorded, then corrected: the latest by the event's time is the attendance.
_ATTENDANCE = text("""
INSERT INTO attendance_fact (attendance_id, tenant_id, township, session_id, cadre_id, status, hours, held_on,
                             changed_at)
VALUES (:attendance_id, :tenant_id, :township, :session_id, :cadre_id, :status, :hours, :held_on, :at)
ON CONFLICT (attendance_id) DO UPDATE SET
    session_id = EXCLUDED.session_id, cadre_id = EXCLUDED.cadre_id, status = EXCLUDED.status,
    hours = EXCLUDED.hours, held_on = EXCLUDED.held_on, changed_at = EXCLUDED.changed_at
WHERE EXCLUDED.changed_at > attendance_fact.changed_at
""")

# A roster is announced whole; the same township and instant again (a replay, a republish) is the same roster.
_ROSTER = text("""
INSERT INTO cadre_roster_fact (tenant_id, township, as_of, as_of_date, cadre_ids)
VALUES (:tenant_id, :township, :as_of, :as_of_date, :cadre_ids)
ON CONFLICT (township, as_of) DO NOTHING
""")


class FactWriter:
    """The facts of one event's township: every statement carries the tenant and its slug."""

    def __init__(self, db: TenantSession, tenant_id: uuid.UUID, township: str, at: datetime) -> None:
        self.db, self.at = db, at
        self.on = at.astimezone(CHINA).date()  # the county's date of the event
        self.owner: dict[str, Any] = {"tenant_id": tenant_id, "township": township}

    async def _run(self, statement: Any, **values: Any) -> None:
        await self.db.execute(statement, {**self.owner, **values})

    async def registered(self, petition_id: uuid.UUID, **columns: Any) -> None:
        await self._run(_REGISTERED, petition_id=petition_id, **columns)

    async def decided(self, petition_id: uuid.UUID, decision: str, decided_on: date, on_time: bool) -> None:
        await self._run(
            _DECIDED,
            petition_id=petition_id,
            decision=decision,
            decided_on=decided_on,
            on_time=on_time,
            at=self.at,
        )

    async def repeat_link(
        self, petition_id: uuid.UUID, earlier_petition_id: uuid.UUID, confirmed: bool
    ) -> None:
        await self.db.execute(
            _LINK,
            {"petition_id": petition_id, "earlier_petition_id": earlier_petition_id,
             "tenant_id": self.owner["tenant_id"], "confirmed": confirmed, "at": self.at},
        )  # fmt: skip
        await self._run(_REPEAT_FLAG, petition_id=petition_id)

    async def case_opened(self, case_id: uuid.UUID, petition_id: uuid.UUID, opened_on: date, due_on: date,
                          stage: str, rank: int) -> None:  # fmt: skip
        await self._run(_OPENED, case_id=case_id, petition_id=petition_id, opened_on=opened_on,
                        handling_due_on=due_on, stage=stage, stage_rank=rank)  # fmt: skip

    async def handling_due(self, case_id: uuid.UUID, due_on: date) -> None:
        await self._run(_HANDLING_DUE, case_id=case_id, due_on=due_on)

    async def stage(self, case_id: uuid.UUID, petition_id: uuid.UUID, stage: str, rank: int) -> None:
        await self._run(_STAGE, case_id=case_id, petition_id=petition_id, stage=stage, stage_rank=rank)

    async def opinion(self, case_id: uuid.UUID, on: date, on_time: bool | None) -> None:
        await self._run(_OPINION, case_id=case_id, on=on, on_time=on_time)

    async def closed(self, case_id: uuid.UUID, on: date) -> None:
        await self._run(_CLOSED, case_id=case_id, on=on)

    async def rated(self, case_id: uuid.UUID, satisfaction: str, on: date) -> None:
        await self._run(_RATED, case_id=case_id, satisfaction=satisfaction, on=on, at=self.at)

    async def instructed(self, petition_id: uuid.UUID) -> None:
        await self._run(_INSTRUCTED, petition_id=petition_id)

    async def hard_case(
        self, hard_case_id: uuid.UUID, case_id: uuid.UUID, source: str, rule: str | None
    ) -> None:
        await self._run(
            _HARD_CASE, hard_case_id=hard_case_id, case_id=case_id, on=self.on, source=source, rule=rule
        )

    async def repeat_assignment(
        self, case_id: uuid.UUID, move: str, to_unit: str | None, repeat_of: uuid.UUID
    ) -> None:
        await self._run(_REPEAT_ASSIGNMENT, case_id=case_id, at=self.at, on=self.on, move=move, to_unit=to_unit,
                        repeat_of=repeat_of)  # fmt: skip

    async def diary_resolved(
        self, diary_entry_id: uuid.UUID, village: str, level: str, resolved_on: date
    ) -> None:
        await self._run(_DIARY_RESOLVED, diary_entry_id=diary_entry_id, village=village, level=level,
                        resolved_on=resolved_on, at=self.at)  # fmt: skip

    async def screened(self, item_id: uuid.UUID, register_id: uuid.UUID, period: str) -> None:
        await self._run(_SCREENED, item_id=item_id, register_id=register_id, period=period, on=self.on)

    async def screening_status(
        self, item_id: uuid.UUID, register_id: uuid.UUID, period: str, status: str
    ) -> None:
        """A status of a later version (neither 稳控 nor 化解) is not a figure: nothing is written."""
        if status in _SCREENING_STATUS:
            await self._run(_SCREENING_STATUS[status], item_id=item_id, register_id=register_id, period=period,
                            on=self.on)  # fmt: skip

    async def attendance(self, attendance_id: uuid.UUID, **columns: Any) -> None:
        await self._run(_ATTENDANCE, attendance_id=attendance_id, at=self.at, **columns)

    async def roster(self, as_of: datetime, as_of_date: date, cadre_ids: list[str]) -> None:
        await self._run(_ROSTER, as_of=as_of, as_of_date=as_of_date, cadre_ids=cadre_ids)
