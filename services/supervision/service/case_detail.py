"""One case as its detail page reads it: clocks with days left, moves, notices, verdicts, hearings, timeline, and
the actions the caller may take now."""

from __future__ import annotations

import uuid
from datetime import date

from services.supervision.domain.case import RATED_OPINION, CaseStage
from services.supervision.domain.clocks import PAUSABLE, ClockKind, days_left
from services.supervision.persistence.case_repo import (
    CaseRepo,
    HearingRepo,
    MoveRepo,
    NoticeRepo,
    SatisfactionRepo,
    UnitRepo,
)
from services.supervision.persistence.case_tables import CaseRow, ClockRow
from services.supervision.service import clock_store
from services.supervision.service.case_io import (
    CaseDetail,
    ClockView,
    HearingView,
    MoveView,
    NoticeView,
    SatisfactionView,
    UnitView,
)
from services.supervision.service.cases import OBJECT, view_fields
from services.supervision.service.context import SupervisionContext
from shared.abilities import supervision as can
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.trail.timeline import timeline


async def detail(db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID) -> CaseDetail:
    case = await CaseRepo(db).load_visible(by, case_id)
    today = ctx.today()
    clocks = await clock_store.of_case(db, case.id)
    moves = await MoveRepo(db).of_case(case.id)
    unit_rows = await UnitRepo(db).many(
        {u for u in [case.unit_id, *(m.from_unit_id for m in moves), *(m.to_unit_id for m in moves)] if u}
    )
    units = {i: UnitView(u.slug, u.name, u.level) for i, u in unit_rows.items()}
    return CaseDetail(
        **view_fields(case, units.get(case.unit_id), clock_store.next_duty_due(clocks), today),
        clocks=[_clock_view(c, today) for c in clocks],
        moves=[
            MoveView(
                id=m.id,
                move=m.move,
                from_unit=units.get(m.from_unit_id),
                to_unit=units.get(m.to_unit_id),
                moved_on=m.moved_on,
                report_back_on=m.report_back_on,
                reason=m.reason,
                repeat_of=m.repeat_of,
                by=m.by_name,
            )
            for m in moves
        ],
        notices=[
            NoticeView(
                id=n.id,
                kind=n.kind,
                document_number=n.document_number,
                issued_on=n.issued_on,
                text=n.text,
                extension_days=n.extension_days,
                new_due_on=n.new_due_on,
                issued_by=n.issued_by_name,
            )
            for n in await NoticeRepo(db).of_case(case.id)
        ],
        satisfaction=[
            SatisfactionView(
                opinion=s.opinion, verdict=s.verdict, source=s.source, recorded_on=s.recorded_on, note=s.note
            )
            for s in await SatisfactionRepo(db).of_case(case.id)
        ],
        hearings=[
            HearingView(starts_on=h.starts_on, ends_on=h.ends_on, note=h.note)
            for h in await HearingRepo(db).of_case(case.id)
        ],
        actions=actions(by, case, clocks, today, ctx.rules.extension_max_days),
        timeline=await timeline(db, OBJECT, case.id),
    )


def _clock_view(c: ClockRow, today: date) -> ClockView:
    waiting = c.due_on is None and c.paused_since is None and c.stopped_on is None
    return ClockView(
        id=c.id, kind=c.kind, counting=c.counting, started_on=c.started_on, days=c.days,
        extended_days=c.extended_days, paused=c.paused_since is not None, due_on=c.due_on,
        days_left=days_left(c.due_on, today) if c.stopped_on is None else None, stopped_on=c.stopped_on,
        on_time=c.on_time, waiting_for_calendar=waiting,
    )  # fmt: skip


def actions(
    by: Principal, case: CaseRow, clocks: list[ClockRow], today: date, max_extension: int
) -> list[str]:
    """What this caller may do to this case now: the detail page offers exactly these, the API allows no more."""
    stage = CaseStage(case.stage)
    running = {ClockKind(c.kind): c for c in clocks if c.stopped_on is None}
    held = {a.name for a in can.TABLE if a.held_by(by.roles)}
    offered = {
        "take": stage is CaseStage.handling and case.handler_id != by.user_id,
        "transfer": stage is CaseStage.handling,
        "object": ClockKind.objection_window in running,
        "assign": stage is CaseStage.handling,
        "extend": _may_extend(running.get(ClockKind.handling), today, max_extension),
        "hearing_start": any(k in PAUSABLE and c.paused_since is None for k, c in running.items()),
        "hearing_end": any(c.paused_since is not None for c in running.values()),
        "issue_opinion": stage is CaseStage.handling,
        "answer_review": stage is CaseStage.in_review,
        "answer_reexamination": stage is CaseStage.in_reexamination,
        "record_satisfaction": stage in RATED_OPINION,
        "appeal": stage in RATED_OPINION,
    }
    needs = {
        "take": "handle", "transfer": "handle", "object": "handle", "assign": "assign", "extend": "extend",
        "hearing_start": "hearing", "hearing_end": "hearing", "issue_opinion": "issue_opinion",
        "answer_review": "answer_appeal", "answer_reexamination": "answer_appeal",
        "record_satisfaction": "record_satisfaction", "appeal": "record_satisfaction",
    }  # fmt: skip
    return [name for name, ok in offered.items() if ok and needs[name] in held]


def _may_extend(handling: ClockRow | None, today: date, max_extension: int) -> bool:
    if handling is None or handling.paused_since is not None or handling.due_on is None:
        return False
    return handling.extended_days < max_extension and today <= handling.due_on
