"""Upward information reports (信访信息报送): a draft assembled from the facts, edited, then submitted — stamped,
frozen, recorded in the trail and announced (docs/reporting.md, "Information reports").

A township's clerk or leader reports for their township to the county; the county office for the county to the
city (township `county`, on the county's trail chain). Row-level security keeps a township to its own reports,
so another township's report is not found (404), as its other objects are.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import msgspec

from services.reporting.domain import information_report as rules
from services.reporting.domain.figures import Month
from services.reporting.domain.information_report import COUNTY, ReportKind, ScreeningCounts, SourceKind
from services.reporting.information_report_settings import InformationReportCalendar
from services.reporting.persistence import information_report as store
from services.reporting.persistence import information_report_facts as facts
from services.reporting.service.information_report_io import (
    DraftIn,
    EditIn,
    InformationReportPage,
    InformationReportView,
    MajorMatterView,
    ReportFactsView,
    ScreeningCountsView,
    ScreeningFactsView,
)
from shared.auth import Principal
from shared.clock import Clock
from shared.contracts.reporting import InformationReportSubmitted
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation, StateConflict, Violations
from shared.events.announce import announce
from shared.paging import offset
from shared.tenancy import COUNTY_CHAIN, Scope
from shared.trail.timeline import record_row

OBJECT = "information_report"


@dataclass(frozen=True)
class InformationReports:
    """The calendar and the clock every use case is handed; tests move the clock."""

    calendar: InformationReportCalendar = field(default_factory=InformationReportCalendar)
    clock: Clock = field(default_factory=Clock)


@dataclass(frozen=True)
class _Reporter:
    """Who a caller reports as: their township, or the county office (to the city)."""

    tenant_id: uuid.UUID
    township: str


def _reporter(by: Principal) -> _Reporter:
    if by.scope is Scope.county or by.tenant_id is None:
        return _Reporter(COUNTY_CHAIN, COUNTY)
    return _Reporter(by.tenant_id, by.township)


@dataclass
class _Row:
    """What record_row needs of a report: its id and township (tenant)."""

    id: uuid.UUID
    tenant_id: uuid.UUID


# -- drafts ------------------------------------------------------------------------------------------------------


def _checked(data: DraftIn) -> DraftIn:
    problems = Violations()
    if data.kind is ReportKind.regular:
        problems.add("period", None if data.period else "required")
        problems.add("source_kind", "source_not_for_regular" if data.source_kind else None)
        problems.add("source_id", "source_not_for_regular" if data.source_id else None)
    else:
        problems.add("period", "period_not_for_major_matter" if data.period else None)
        problems.add("source_kind", None if data.source_kind else "required")
        problems.add("source_id", None if data.source_id else "required")
    problems.raise_any()
    return data


async def draft(
    db: TenantSession, by: Principal, ctx: InformationReports, data: DraftIn
) -> InformationReportView:
    data = _checked(data)
    if data.kind is ReportKind.regular:
        new = await _regular(db, by, ctx, Month.parse(data.period, "period"))
    else:
        new = await _major_matter(db, by, ctx, SourceKind(data.source_kind), data.source_id)  # type: ignore[arg-type]
    report_id = await store.insert(db, new)
    if report_id is None:
        existing = await store.existing(db, new.tenant_id, new.kind, new.period, new.source_id)
        raise StateConflict(f"already_drafted: {existing}")
    await record_row(db, by, "information_report.drafted", OBJECT, _Row(report_id, new.tenant_id),
                     kind=new.kind, period=new.period, source_kind=new.source_kind,
                     source_id=str(new.source_id) if new.source_id else None)  # fmt: skip
    return await one(db, ctx, report_id)


def _new(by: Principal, ctx: InformationReports, **values: Any) -> store.NewReport:
    who = _reporter(by)
    return store.NewReport(
        id=uuid.uuid4(), tenant_id=who.tenant_id, township=who.township, drafted_by=by.user_id,
        drafted_at=ctx.clock.now(), **values,
    )  # fmt: skip


async def _regular(
    db: TenantSession, by: Principal, ctx: InformationReports, period: Month
) -> store.NewReport:
    rules.draftable_period(period, ctx.clock.today())
    screening = _screening(await facts.screening_in_month(db, period.first, period.last))
    matters = [_matter(m) for m in await facts.matters_in_month(db, period.first, period.last)]
    who = _reporter(by)
    counts = {
        t: ScreeningCounts(c.recorded, c.controlled, c.resolved) for t, c in screening.by_township.items()
    }
    collective = sum(1 for m in matters if m.source_kind == SourceKind.collective_petition)
    body = rules.regular_body(period, who.township, counts, collective, len(matters) - collective)
    due = rules.regular_due(period, ctx.calendar)
    return _new(
        by, ctx, kind=ReportKind.regular.value, period=str(period), source_kind=None, source_id=None,
        title=rules.regular_title(period, who.township), body=body,
        facts=msgspec.to_builtins(ReportFactsView(screening, matters)), due_at=due.at, due_on=due.on,
    )  # fmt: skip


def _screening(rows: Sequence[Any]) -> ScreeningFactsView:
    ids: dict[str, list[uuid.UUID]] = {"recorded": [], "controlled": [], "resolved": []}
    per: dict[str, dict[str, int]] = defaultdict(lambda: {"recorded": 0, "controlled": 0, "resolved": 0})
    for row in rows:
        ids[row["step"]].append(row["item_id"])
        per[row["township"]][row["step"]] += 1
    by_township = {t: ScreeningCountsView(**c) for t, c in sorted(per.items())}
    return ScreeningFactsView(ids["recorded"], ids["controlled"], ids["resolved"], by_township)


def _matter(row: Any) -> MajorMatterView:
    return MajorMatterView(
        row["source_kind"], row["source_id"], row["township"], row["raised_at"], row["people_count"],
        row["responded_at"], row["resolved_at"],
    )  # fmt: skip


async def _major_matter(
    db: TenantSession, by: Principal, ctx: InformationReports, source: SourceKind, source_id: uuid.UUID
) -> store.NewReport:
    """A matter the caller cannot see (another township's) is as unknown as one that never happened."""
    row = await facts.matter(db, source.value, source_id)
    if row is None:
        raise RuleViolation("source_id", "unknown_source")
    matter = _matter(row)
    due = rules.major_matter_due(source, matter.raised_at, ctx.calendar)
    hours = rules.major_matter_hours(source, ctx.calendar)
    raised_on = matter.raised_at.astimezone(ctx.clock.tz).date()
    return _new(
        by, ctx, kind=ReportKind.major_matter.value, period=None, source_kind=source.value, source_id=source_id,
        title=rules.major_matter_title(source, raised_on),
        body=rules.major_matter_body(source, matter.raised_at, matter.people_count, hours),
        facts=msgspec.to_builtins(ReportFactsView(None, [matter])), due_at=due.at, due_on=due.on,
    )  # fmt: skip


# -- reading -------------------------------------------------------------------------------------------------------


def _view(row: Any, now: datetime) -> InformationReportView:
    return InformationReportView(
        id=row["id"], kind=ReportKind(row["kind"]), township=row["township"], period=row["period"],
        source_kind=SourceKind(row["source_kind"]) if row["source_kind"] else None, source_id=row["source_id"],
        title=row["title"], body=row["body"], facts=msgspec.convert(row["facts"], ReportFactsView),
        due_at=row["due_at"], due_on=row["due_on"], status=rules.status(row["due_at"], row["submitted_at"], now),
        drafted_by=row["drafted_by"], drafted_at=row["drafted_at"], edited_at=row["edited_at"],
        submitted_by=row["submitted_by"], submitted_at=row["submitted_at"],
    )  # fmt: skip


async def _load(db: TenantSession, report_id: uuid.UUID, *, lock: bool = False) -> Any:
    row = await store.one(db, report_id, lock=lock)
    if row is None:
        raise NotFound()
    return row


async def one(db: TenantSession, ctx: InformationReports, report_id: uuid.UUID) -> InformationReportView:
    return _view(await _load(db, report_id), ctx.clock.now())


async def page(
    db: TenantSession, by: Principal, ctx: InformationReports, filters: store.Filters, page_number: int,
    page_size: int,
) -> InformationReportPage:  # fmt: skip
    """A township's caller lists its own (row-level security); naming another township finds nothing, as it
    would find none of that township's objects."""
    if filters.period is not None:
        Month.parse(filters.period, "period")
    now = ctx.clock.now()
    rows, total = await store.page(db, filters, now, page_size, offset(page_number, page_size))
    return InformationReportPage([_view(r, now) for r in rows], total, page_number, page_size)


# -- editing and submitting: the reporter's own reports only -------------------------------------------------------


async def _own(db: TenantSession, by: Principal, report_id: uuid.UUID) -> Any:
    """County staff read every township's report but write only the county office's; a township's caller sees
    only their own (row-level security), so another's is 404 either way."""
    row = await _load(db, report_id, lock=True)
    if row["tenant_id"] != _reporter(by).tenant_id:
        raise NotFound()
    return row


async def edit(
    db: TenantSession, by: Principal, ctx: InformationReports, report_id: uuid.UUID, data: EditIn
) -> InformationReportView:
    if data.title is None and data.body is None:
        raise RuleViolation("body", "nothing_to_change")
    row = await _own(db, by, report_id)
    rules.ensure_editable(row["submitted_at"])
    await store.edit(
        db, report_id, _stripped(data.title, "title"), _stripped(data.body, "body"), ctx.clock.now()
    )
    changed = [name for name in ("title", "body") if getattr(data, name) is not None]
    await record_row(db, by, "information_report.edited", OBJECT, _Row(report_id, row["tenant_id"]),
                     changed=changed)  # fmt: skip
    return await one(db, ctx, report_id)


def _stripped(text: str | None, name: str) -> str | None:
    if text is None:
        return None
    if not text.strip():
        raise RuleViolation(name, "required")
    return text.strip()


async def submit(
    db: TenantSession, by: Principal, ctx: InformationReports, report_id: uuid.UUID
) -> InformationReportView:
    row = await _own(db, by, report_id)
    rules.ensure_editable(row["submitted_at"])
    at = ctx.clock.now()
    await store.submit(db, report_id, by.user_id, at)
    on_time = rules.is_on_time(row["due_at"], at)
    # The trail and the event carry references only: the text may name people, and stays in the report.
    await record_row(db, by, "information_report.submitted", OBJECT, _Row(report_id, row["tenant_id"]),
                     kind=row["kind"], period=row["period"], on_time=on_time)  # fmt: skip
    payload = InformationReportSubmitted(
        report_id,
        row["kind"],
        row["period"],
        row["source_kind"],
        row["source_id"],
        row["due_at"],
        at,
        on_time,
    )
    # The county office's report is a county-level event (tenant `county`, no tenant id), as a county session is.
    tenant_id = None if row["township"] == COUNTY else row["tenant_id"]
    await announce(db, "reporting", by, row["township"], tenant_id, report_id, payload)
    return await one(db, ctx, report_id)
