"""The statutory chain of a case: extension (leader only, with its notice), a hearing's pause, the opinions,
the petitioner's verdict and appeals (复查 / 复核), and the end for good (不再受理) that intake is told of."""

from __future__ import annotations

import uuid
from datetime import date

from services.supervision.domain import clocks as rules_of
from services.supervision.domain.case import (
    PAUSABLE_STAGES,
    RATED_OPINION,
    CaseStage,
    OpinionKind,
    Satisfaction,
    SatisfactionSource,
    after_verdict,
    appeal_step,
    opinion_step,
)
from services.supervision.domain.clocks import ClockKind
from services.supervision.persistence.case_repo import CaseRepo, HearingRepo, NoticeRepo, SatisfactionRepo
from services.supervision.persistence.case_tables import (
    CaseRow,
    ClockRow,
    HearingRow,
    NoticeRow,
    SatisfactionRow,
)
from services.supervision.service import clock_store
from services.supervision.service.announce import announce
from services.supervision.service.case_io import ExtensionIn, HearingEndIn, HearingIn
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext
from services.supervision.service.numbering import next_number
from shared.contracts.supervision import CaseClockChanged, CaseClosedForGood, CaseStageChanged
from shared.db.session import TenantSession
from shared.errors import RuleViolation, StateConflict
from shared.events.envelope import uuid7
from shared.trail.timeline import NamedActor, record_row

WINDOW_DAYS = {
    ClockKind.review_window: lambda r: r.review_request_days,
    ClockKind.reexamination_window: lambda r: r.reexamination_request_days,
}
APPEAL_DAYS = {
    ClockKind.review: lambda r: r.review_days,
    ClockKind.reexamination: lambda r: r.reexamination_days,
}
_OPINION_WINDOW = {
    OpinionKind.opinion: ClockKind.review_window,
    OpinionKind.review: ClockKind.reexamination_window,
}


async def _case(db: TenantSession, by: NamedActor, case_id: uuid.UUID) -> CaseRow:
    return await CaseRepo(db).load_visible(by, case_id, for_update=True)  # type: ignore[arg-type]


async def extend(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case_id: uuid.UUID, data: ExtensionIn
) -> CaseRow:
    """延长办理期限 (第三十二条): the leader approves, the notice to the petitioner is issued with its number."""
    case = await _case(db, by, case_id)
    clock = await clock_store.running(db, case.id, ClockKind.handling)
    if case.stage != CaseStage.handling or clock is None:
        raise StateConflict("only a case in handling can have its period extended")
    if clock.paused_since is not None:
        raise StateConflict("the period is paused for a hearing; extend it after the hearing")
    today = ctx.today()
    cal = await clock_store.calendar_from(db, clock.started_on)
    new = rules_of.extend(clock_store.state_of(clock), data.days, ctx.rules.extension_max_days, today, cal)
    await clock_store.change(db, clock, new, ctx.rules)
    notice = await _notice(db, by, case, "extension", today, data.reason, data.days, clock.due_on)
    await _clock_changed(db, by, case, clock, "extended", today)
    await record_row(db, by, "case.extended", OBJECT, case, days=data.days, reason=data.reason,
                     due_on=clock.due_on, document_number=notice.document_number)  # fmt: skip
    return case


async def start_hearing(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case_id: uuid.UUID, data: HearingIn
) -> CaseRow:
    """听证: the office's running period pauses from the hearing's first day."""
    case = await _case(db, by, case_id)
    clock = await _pausable(db, case)
    if data.starts_on > ctx.today():
        raise RuleViolation("starts_on", "in_future")
    await clock_store.change(
        db, clock, rules_of.pause(clock_store.state_of(clock), data.starts_on), ctx.rules
    )
    db.add(HearingRow(id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id,
                      clock_id=clock.id, starts_on=data.starts_on, note=data.note or None))  # fmt: skip
    await _clock_changed(db, by, case, clock, "paused", ctx.today())
    await record_row(db, by, "case.hearing_started", OBJECT, case, clock=clock.kind, starts_on=data.starts_on)
    return case


async def end_hearing(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case_id: uuid.UUID, data: HearingEndIn
) -> CaseRow:
    case = await _case(db, by, case_id)
    hearing = await HearingRepo(db).open_of_case(case.id)
    if hearing is None:
        raise StateConflict("no hearing of this case is open")
    if data.ends_on > ctx.today():
        raise RuleViolation("ends_on", "in_future")
    clock = await db.get(ClockRow, hearing.clock_id, with_for_update=True)
    cal = await clock_store.calendar_from(db, clock.started_on)
    await clock_store.change(
        db, clock, rules_of.resume(clock_store.state_of(clock), data.ends_on, cal), ctx.rules
    )
    hearing.ends_on = data.ends_on
    await _clock_changed(db, by, case, clock, "resumed", ctx.today())
    await record_row(
        db,
        by,
        "case.hearing_ended",
        OBJECT,
        case,
        ends_on=data.ends_on,
        due_on=clock.due_on,
    )
    return case


async def _pausable(db: TenantSession, case: CaseRow) -> ClockRow:
    if case.stage not in PAUSABLE_STAGES:
        raise StateConflict("no handling period of this case is running")
    kind = {CaseStage.handling: ClockKind.handling, CaseStage.in_review: ClockKind.review,
            CaseStage.in_reexamination: ClockKind.reexamination}[CaseStage(case.stage)]  # fmt: skip
    clock = await clock_store.running(db, case.id, kind)
    if clock is None:
        raise StateConflict("no handling period of this case is running")
    return clock


async def issue_opinion(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case_id: uuid.UUID, body: str,
    allowed: frozenset[OpinionKind],
) -> CaseRow:  # fmt: skip
    """处理意见书 / 复查意见书 / 复核意见书, by the stage; the duty's clock stops (on time or not), the petitioner's
    window to appeal opens, and the re-examination's opinion ends the matter for good."""
    case = await _case(db, by, case_id)
    kind, duty, next_stage = opinion_step(CaseStage(case.stage))
    if kind not in allowed:
        raise StateConflict(f"a {kind} opinion is due here, which this action does not issue")
    clock = await clock_store.running(db, case.id, duty)
    if clock is not None and clock.paused_since is not None:
        raise StateConflict("a hearing is still open; end it before issuing the opinion")
    today = ctx.today()
    if clock is not None:
        await clock_store.stop(db, clock, today, ctx.rules)
    notice = await _notice(db, by, case, kind, today, body)
    case.stage = next_stage
    if next_stage is CaseStage.closed_for_good:
        case.closed_on = today
        await announce(db, by, case, CaseClosedForGood(case.id, case.petition_id, case.matter_id, today))
    else:
        window = _OPINION_WINDOW[kind]
        await clock_store.start(db, case, window, today, WINDOW_DAYS[window](ctx.rules), ctx.rules)
    on_time = clock.on_time if clock is not None else None
    await announce(
        db, by, case, CaseStageChanged(case.id, case.petition_id, case.stage, today, on_time=on_time)
    )
    await record_row(db, by, f"case.{kind}_issued", OBJECT, case, document_number=notice.document_number,
                     on_time=on_time)  # fmt: skip
    return case


async def rate(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case: CaseRow, verdict: Satisfaction,
    source: SatisfactionSource, note: str | None,
) -> CaseRow:  # fmt: skip
    """满意度: once per opinion. 满意 / 基本满意 closes the case; 不满意 requests the review (or re-examination)."""
    stage = CaseStage(case.stage)
    if stage not in RATED_OPINION:
        raise StateConflict("there is no opinion awaiting a verdict")
    opinion = RATED_OPINION[stage]
    if any(s.opinion == opinion for s in await SatisfactionRepo(db).of_case(case.id)):
        raise StateConflict("this opinion already has its verdict")
    today = ctx.today()
    db.add(SatisfactionRow(id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id,
                           opinion=opinion, verdict=verdict, source=source, recorded_on=today,
                           note=note or None, by_id=by.user_id))  # fmt: skip
    await db.flush()
    if after_verdict(stage, verdict) is CaseStage.closed:
        await _close(db, case, stage, today, ctx)
    else:
        await _open_appeal(db, case, today, ctx)
    await announce(
        db, by, case, CaseStageChanged(case.id, case.petition_id, case.stage, today, satisfaction=verdict)
    )
    await record_row(db, by, "case.rated", OBJECT, case, verdict=verdict, source=source)
    return case


async def appeal(db: TenantSession, by: NamedActor, ctx: SupervisionContext, case_id: uuid.UUID) -> CaseRow:
    """复查 / 复核申请 registered at the office, within the window."""
    case = await _case(db, by, case_id)
    today = ctx.today()
    await _open_appeal(db, case, today, ctx)
    await announce(db, by, case, CaseStageChanged(case.id, case.petition_id, case.stage, today))
    await record_row(db, by, "case.appealed", OBJECT, case, stage=case.stage)
    return case


async def _open_appeal(db: TenantSession, case: CaseRow, today: date, ctx: SupervisionContext) -> None:
    window_kind, duty, next_stage = appeal_step(CaseStage(case.stage))
    window = await clock_store.running(db, case.id, window_kind)
    if window is None or window.due_on is None or today > window.due_on:
        raise StateConflict("the period to appeal this opinion has closed")
    await clock_store.stop(db, window, today, ctx.rules)
    await clock_store.start(db, case, duty, today, APPEAL_DAYS[duty](ctx.rules), ctx.rules)
    case.stage = next_stage


async def _close(
    db: TenantSession, case: CaseRow, stage: CaseStage, today: date, ctx: SupervisionContext
) -> None:
    window_kind, _, _ = appeal_step(stage)
    window = await clock_store.running(db, case.id, window_kind)
    if window is not None:
        await clock_store.stop(db, window, today, ctx.rules)
    case.stage, case.closed_on = CaseStage.closed, today


async def _notice(
    db: TenantSession, by: NamedActor, case: CaseRow, kind: str, on: date, body: str,
    extension_days: int | None = None, new_due_on: date | None = None,
) -> NoticeRow:  # fmt: skip
    repo = NoticeRepo(db)
    number = await next_number(db, case, kind, on, lambda: repo.count_in_year(case.tenant_id, kind, on.year))
    notice = NoticeRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id, kind=kind,
        document_number=number,
        issued_on=on, text=body, extension_days=extension_days, new_due_on=new_due_on,
        issued_by=by.user_id, issued_by_name=by.display_name,
    )  # fmt: skip
    db.add(notice)
    await db.flush()
    return notice


async def _clock_changed(
    db: TenantSession, by: NamedActor, case: CaseRow, clock: ClockRow, change: str, today: date
) -> None:
    left = rules_of.days_left(clock.due_on, today)
    await announce(db, by, case, CaseClockChanged(case.id, clock.kind, change, clock.due_on, left))
