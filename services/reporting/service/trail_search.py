"""Search and read the copy of the trail: by case (or petition), user, township, service, action and county dates."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.sql import ColumnElement, Select

from services.reporting.persistence.trail import trail_copy, trail_copy_state
from services.reporting.service.trail_io import (
    CaseTrailView,
    ChainStateView,
    CopyProblemView,
    CopyView,
    TrailEntryView,
)
from shared.clock import CHINA
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation
from shared.paging import Page, offset
from shared.tenancy import tenant_id_for

EXPORT_LIMIT = 5000
_SLUG = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_CASE_LINKS = text("SELECT case_id, petition_id FROM case_fact WHERE case_id = :id OR petition_id = :id")


def tenant_of(value: str, field: str = "township") -> uuid.UUID:
    """A township's slug or its tenant uuid, as the caller has it."""
    try:
        return uuid.UUID(value)
    except ValueError:
        if _SLUG.fullmatch(value):
            return tenant_id_for(value)
    raise RuleViolation(field, "invalid_format")


@dataclass(frozen=True)
class TrailFilters:
    case: uuid.UUID | None = None
    user: str | None = None
    township: uuid.UUID | None = None
    service: str | None = None
    action: str | None = None
    from_: date | None = None
    to: date | None = None

    def check(self) -> TrailFilters:
        if self.from_ and self.to and self.from_ > self.to:
            raise RuleViolation("to", "out_of_range")
        return self


def _county_instant(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=CHINA)


async def _case_objects(db: TenantSession, case: uuid.UUID) -> ColumnElement[bool]:
    """The case's supervision entries and its petition's intake entries: `case` may be either id."""
    cases, petitions = {str(case)}, {str(case)}
    for row in await db.execute(_CASE_LINKS, {"id": case}):
        cases.add(str(row.case_id))
        if row.petition_id:
            petitions.add(str(row.petition_id))
    c = trail_copy.c
    return or_(
        and_(c.object_type == "case", c.object_id.in_(sorted(cases))),
        and_(c.object_type == "petition", c.object_id.in_(sorted(petitions))),
    )


async def _where(db: TenantSession, f: TrailFilters) -> list[ColumnElement[bool]]:
    c = trail_copy.c
    where: list[ColumnElement[bool]] = []
    if f.case:
        where.append(await _case_objects(db, f.case))
    if f.user:
        where.append(c.actor_id == f.user)
    if f.township:
        where.append(c.tenant_id == f.township)
    if f.service:
        where.append(c.service == f.service)
    if f.action:
        where.append(c.action == f.action)
    if f.from_:
        where.append(c.occurred_at >= _county_instant(f.from_))
    if f.to:
        where.append(c.occurred_at < _county_instant(f.to + timedelta(days=1)))
    return where


def _entries(where: list[ColumnElement[bool]]) -> Select:
    c, s = trail_copy.c, trail_copy_state.c
    verified = func.coalesce(c.seq <= s.verified_seq, False).label("verified")
    joined = trail_copy.outerjoin(trail_copy_state, and_(s.service == c.service, s.tenant_id == c.tenant_id))
    return select(trail_copy, verified).select_from(joined).where(*where)


def _view(row: object, trace_viewer_url: str | None) -> TrailEntryView:
    m = row._mapping  # type: ignore[attr-defined]
    trace_url = (
        trace_viewer_url.replace("{trace_id}", m["trace_id"]) if trace_viewer_url and m["trace_id"] else None
    )
    return TrailEntryView(
        service=m["service"], tenant_id=m["tenant_id"], seq=m["seq"], occurred_at=m["occurred_at"],
        actor_id=m["actor_id"], actor_role=m["actor_role"], action=m["action"], object_type=m["object_type"],
        object_id=m["object_id"], request_id=m["request_id"], trace_id=m["trace_id"], trace_url=trace_url,
        detail=dict(m["detail"]), prev_hash=m["prev_hash"], hash=m["hash"], verified=bool(m["verified"]),
    )  # fmt: skip


def _newest_first(stmt: Select) -> Select:
    c = trail_copy.c
    return stmt.order_by(c.occurred_at.desc(), c.service, c.tenant_id, c.seq.desc())


async def search(
    db: TenantSession, f: TrailFilters, page: int, page_size: int, trace_viewer_url: str | None
) -> Page[TrailEntryView]:
    where = await _where(db, f.check())
    total = (await db.execute(select(func.count()).select_from(trail_copy).where(*where))).scalar_one()
    rows = await db.execute(_newest_first(_entries(where)).limit(page_size).offset(offset(page, page_size)))
    return Page([_view(r, trace_viewer_url) for r in rows], total, page, page_size)


async def for_export(
    db: TenantSession, f: TrailFilters, trace_viewer_url: str | None
) -> list[TrailEntryView]:
    where = await _where(db, f.check())
    rows = await db.execute(_newest_first(_entries(where)).limit(EXPORT_LIMIT))
    return [_view(r, trace_viewer_url) for r in rows]


async def case_trail(db: TenantSession, case_id: uuid.UUID, trace_viewer_url: str | None) -> CaseTrailView:
    """One case's whole trail across the services, oldest first; a petition id finds its case's trail too."""
    links = list(await db.execute(_CASE_LINKS, {"id": case_id}))
    c = trail_copy.c
    stmt = _entries([await _case_objects(db, case_id)]).order_by(c.occurred_at, c.service, c.seq)
    entries = [_view(r, trace_viewer_url) for r in await db.execute(stmt.limit(EXPORT_LIMIT))]
    if not links and not entries:
        raise NotFound()
    case = next((r.case_id for r in links if r.case_id == case_id), links[0].case_id if links else case_id)
    petition = next((r.petition_id for r in links if r.petition_id), None)
    return CaseTrailView(case, petition, entries)


async def copy_states(db: TenantSession) -> CopyView:
    s = trail_copy_state.c
    rows = await db.execute(select(trail_copy_state).order_by(s.service, s.tenant_id))
    return CopyView([_state_view(r) for r in rows])


def _state_view(r: object) -> ChainStateView:
    m = r._mapping  # type: ignore[attr-defined]
    problem = (
        CopyProblemView(m["problem_seq"], m["problem_reason"], m["problem_found_at"], m["problem_detail"])
        if m["problem_seq"] is not None
        else None
    )
    fields = ("service", "tenant_id", "received_seq", "verified_seq", "verified_hash", "anchor_seq", "anchor_hash",
              "anchored_at")  # fmt: skip
    return ChainStateView(**{f: m[f] for f in fields}, problem=problem)
