"""疑难积案: hard cases flagged by the county's rules (age, repeats of the matter, collective) or by hand, with a
lead leader (包案领导), coordinating units and monthly progress notes; the boards of a township and the county;
and the repeat links (重复访) from intake that make cases share a matter."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.supervision.domain import oversight as rules_of
from services.supervision.domain.case import OPEN_STAGES, CaseStage
from services.supervision.domain.oversight import HardCaseRule
from services.supervision.persistence.case_repo import CaseRepo, UnitRepo
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.persistence.oversight_repo import HardCaseRepo, MatterLinkRepo
from services.supervision.persistence.oversight_tables import HardCaseNoteRow, HardCaseRow, MatterLinkRow
from services.supervision.service import follow_ups
from services.supervision.service.announce import announce, announce_for
from services.supervision.service.cases import OBJECT
from services.supervision.service.context import SupervisionContext, SystemActor
from services.supervision.service.oversight_io import (
    FlagRun,
    HardCaseDetail,
    HardCasePage,
    HardCaseView,
    LeadIn,
    LeadView,
    NoteView,
)
from services.supervision.settings import OversightSettings
from shared.auth import Principal
from shared.contracts.intake import RepeatLinkDecided
from shared.contracts.supervision import CaseMatterLinked, HardCaseChanged, HardCaseFlagged, HardCaseNoted
from shared.db.session import DataScope, TenantSession, scoped_transaction, session_factory
from shared.errors import NotFound, RuleViolation, StateConflict, Violations
from shared.events.envelope import Envelope, uuid7
from shared.paging import offset
from shared.tenancy import Scope
from shared.trail.timeline import NamedActor, record_row

log = logging.getLogger(__name__)
RULES = SystemActor("system:supervision-hard-case-rules", "系统（疑难积案规则）")
LINKER = SystemActor("system:supervision-repeat-links", "系统（重复访关联）")


async def flag_by_rules(db: TenantSession, by: NamedActor, ctx: SupervisionContext) -> FlagRun:
    """Every open case a rule now makes hard, flagged once (a case already flagged, by whatever, is skipped)."""
    today, r = ctx.today(), ctx.rules
    flagged: list[uuid.UUID] = []
    candidates = await HardCaseRepo(db).candidates(
        today - timedelta(days=r.hard_case_age_days), r.hard_case_repeat_count
    )
    for case, matter_cases in candidates:
        rule = rules_of.rule_for(
            case.accepted_on, today, matter_cases, case.is_collective, r.hard_case_age_days, r.hard_case_repeat_count
        )  # fmt: skip
        if rule is not None and await _flag(db, by, ctx, case, rule=rule):
            flagged.append(case.id)
    return FlagRun(flagged=len(flagged), case_ids=flagged)


async def flag_by_hand(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, reason: str
) -> HardCaseDetail:
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    if CaseStage(case.stage) not in OPEN_STAGES:
        raise StateConflict("this case is closed; it cannot become a hard case")
    if not await _flag(db, by, ctx, case, reason=reason):
        raise StateConflict("this case is already a hard case")
    return await detail(db, by, ctx, case_id)


async def _flag(
    db: TenantSession, by: NamedActor, ctx: SupervisionContext, case: CaseRow, *,
    rule: HardCaseRule | None = None, reason: str | None = None,
) -> bool:  # fmt: skip
    row = HardCaseRow(
        id=uuid7(), tenant_id=case.tenant_id, village_id=case.village_id, case_id=case.id, flagged_on=ctx.today(),
        source="rule" if rule else "hand", rule=rule, reason=reason, flagged_by=by.user_id,
        flagged_by_name=by.display_name, lead_name=None, lead_role=None, coordinating_units=[],
    )  # fmt: skip
    if not await HardCaseRepo(db).add_once(row):
        return False
    flagged = HardCaseFlagged(row.id, case.id, case.matter_id, row.source, rule)
    await announce_for(db, by, case.township, case.tenant_id, row.id, flagged)
    await record_row(
        db, by, "case.hard_case_flagged", OBJECT, case, source=row.source, rule=rule, reason=reason
    )
    await follow_ups.start_if_due(db, by, case, ctx)
    return True


async def set_lead(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, data: LeadIn
) -> HardCaseDetail:
    case, hard = await _hard(db, by, case_id)
    hard.lead_name, hard.lead_role = data.name, data.role
    await db.flush()
    await announce_for(
        db, by, case.township, case.tenant_id, hard.id, HardCaseChanged(hard.id, case.id, "lead")
    )
    await record_row(db, by, "case.hard_case_lead_set", OBJECT, case, lead=data.name, lead_role=data.role)
    return await detail(db, by, ctx, case_id)


async def set_units(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, units: list[str]
) -> HardCaseDetail:
    """协办单位: responsible units of the case's township or the county, named by slug."""
    case, hard = await _hard(db, by, case_id)
    repo, problems = UnitRepo(db), Violations()
    for i, slug in enumerate(units):
        known = await repo.by_slug(case.tenant_id, slug) or await repo.by_slug(None, slug)
        problems.add(f"units.{i}", None if known else "unknown_unit")
    problems.raise_any()
    hard.coordinating_units = list(dict.fromkeys(units))
    await db.flush()
    changed = HardCaseChanged(hard.id, case.id, "units", tuple(hard.coordinating_units))
    await announce_for(db, by, case.township, case.tenant_id, hard.id, changed)
    await record_row(db, by, "case.hard_case_units_set", OBJECT, case, units=hard.coordinating_units)
    return await detail(db, by, ctx, case_id)


async def add_note(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, text: str
) -> HardCaseDetail:
    """One progress note a month: the second of a month is refused, not merged."""
    case, hard = await _hard(db, by, case_id)
    today = ctx.today()
    month = rules_of.month_of(today)
    repo = HardCaseRepo(db)
    if await repo.note_of_month(hard.id, month) is not None:
        raise StateConflict("this month's progress note is already written")
    db.add(HardCaseNoteRow(
        id=uuid7(), tenant_id=hard.tenant_id, village_id=hard.village_id, hard_case_id=hard.id, month=month,
        text=text, written_on=today, by_id=by.user_id, by_name=by.display_name,
    ))  # fmt: skip
    await db.flush()
    await announce_for(db, by, case.township, case.tenant_id, hard.id, HardCaseNoted(hard.id, case.id, month))
    await record_row(db, by, "case.hard_case_noted", OBJECT, case, month=month)
    return await detail(db, by, ctx, case_id)


async def _hard(db: TenantSession, by: Principal, case_id: uuid.UUID) -> tuple[CaseRow, HardCaseRow]:
    """The case (404 outside the caller's scope) and its hard-case row, both locked for the change."""
    case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
    hard = await HardCaseRepo(db).of_case(case.id, for_update=True)
    if hard is None:
        raise StateConflict("this case is not a hard case")
    return case, hard


async def detail(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID
) -> HardCaseDetail:
    case = await CaseRepo(db).load_visible(by, case_id)
    repo = HardCaseRepo(db)
    hard = await repo.of_case(case.id)
    if hard is None:
        raise NotFound()  # no hard-case record to read: the case is an ordinary one
    notes = [_note_view(n) for n in await repo.notes(hard.id)]
    view = _view(hard, case, notes[-1] if notes else None, ctx.today())
    return HardCaseDetail(**{f: getattr(view, f) for f in view.__struct_fields__}, notes=notes)


async def board(
    db: TenantSession, by: Principal, ctx: SupervisionContext, *, township: str | None, open_only: bool,
    page_number: int, page_size: int,
) -> HardCasePage:  # fmt: skip
    """疑难积案 board of a township (row-level security keeps a township's own) or, for the county, of them all."""
    if township and by.scope is not Scope.county and township != by.township:
        raise RuleViolation("township", "not_your_township")
    repo = HardCaseRepo(db)
    rows, total = await repo.board(township, open_only, offset(page_number, page_size), page_size)
    last = await repo.last_notes([h.id for h, _ in rows])
    today = ctx.today()
    items = [_view(h, c, _note_view(last[h.id]) if h.id in last else None, today) for h, c in rows]
    return HardCasePage(items, total, page_number, page_size)


def _note_view(n: HardCaseNoteRow) -> NoteView:
    return NoteView(month=n.month, text=n.text, written_on=n.written_on, by=n.by_name)


def _view(h: HardCaseRow, c: CaseRow, last: NoteView | None, today: date) -> HardCaseView:
    return HardCaseView(
        id=h.id, case_id=c.id, township=c.township, village=c.village, category=c.category, stage=c.stage,
        accepted_on=c.accepted_on, age_days=rules_of.age_days(c.accepted_on, today), flagged_on=h.flagged_on,
        source=h.source, rule=h.rule, reason=h.reason,
        lead=LeadView(h.lead_name, h.lead_role) if h.lead_name and h.lead_role else None,
        coordinating_units=list(h.coordinating_units or []), last_note=last,
        note_missing=rules_of.note_missing(last.month if last else None, today),
    )  # fmt: skip


async def link_repeat(db: TenantSession, envelope: Envelope) -> None:
    """petition.repeat_linked.v1, confirmed: kept, then applied as soon as both petitions have their case."""
    decided = envelope.payload_as(RepeatLinkDecided)
    if not decided.confirmed:
        return
    await _lock_petitions(db, decided.petition_id, decided.earlier_petition_id)
    await MatterLinkRepo(db).add_once(MatterLinkRow(
        petition_id=decided.petition_id, earlier_petition_id=decided.earlier_petition_id,
        tenant_id=envelope.tenant_id,
    ))  # fmt: skip
    await apply_links(db, decided.petition_id)


async def apply_links(db: TenantSession, petition_id: uuid.UUID) -> None:
    """The later petition's case takes the earlier one's matter (with every case already of its own matter).
    Called on the link and on a case's opening, whichever comes last; a second call changes nothing."""
    await _lock_petitions(db, petition_id)
    cases = CaseRepo(db)
    for link in await MatterLinkRepo(db).touching(petition_id):
        later = await cases.by_petition(link.petition_id)
        earlier = await cases.by_petition(link.earlier_petition_id)
        if later is None or earlier is None or later.matter_id == earlier.matter_id:
            continue
        await MatterLinkRepo(db).merge_matter(later.matter_id, earlier.matter_id)
        await db.refresh(later)
        await announce(db, LINKER, later, CaseMatterLinked(later.id, earlier.id, earlier.matter_id))
        await record_row(db, LINKER, "case.matter_linked", OBJECT, later, earlier_case_id=str(earlier.id))


async def _lock_petitions(db: TenantSession, *petition_ids: uuid.UUID) -> None:
    """The link and the case's opening arrive on two durables at once: each takes its petitions' locks (in one
    order) before looking for the other, so the later of the two sees what the earlier committed."""
    for pid in sorted(set(petition_ids)):
        await db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"matter-link/{pid}"})


async def run_daily(
    engine: AsyncEngine, ctx: SupervisionContext, settings: OversightSettings, stop: asyncio.Event
) -> None:
    """The worker's task: the rules once at start and then every `flag_interval_hours` (a run twice flags
    nothing twice, so several workers may run it)."""
    sessions = session_factory(engine)
    while not stop.is_set():
        try:
            async with scoped_transaction(sessions, DataScope.county()) as db:
                run = await flag_by_rules(db, RULES, ctx)
            if run.flagged:
                log.info("flagged %d hard cases by rule", run.flagged)
        except Exception:
            log.exception("flagging hard cases failed; retrying at the next interval")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), settings.flag_interval_hours * 3600)
