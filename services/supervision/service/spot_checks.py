"""抽查: the county draws a month's sample of a township's closed cases for return visits, records each visit, and
anyone may draw the sample again from its recorded seed to see that it is the same."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec
from sqlalchemy import select

from services.supervision.domain import spot_check as rules_of
from services.supervision.domain.case import CLOSED_STAGES, Satisfaction
from services.supervision.persistence.case_repo import UnitRepo
from services.supervision.persistence.case_tables import (
    CaseRow,
    SatisfactionRow,
    SpotCheckItemRow,
    SpotCheckRow,
)
from services.supervision.persistence.township_repo import TownshipRepo
from services.supervision.service.announce import announce_for
from services.supervision.service.context import SupervisionContext
from shared.auth import Principal
from shared.contracts.supervision import SpotCheckDrawn, SpotCheckVisited
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation, StateConflict, register_reasons
from shared.events.envelope import uuid7
from shared.fields import Note, Slug
from shared.tenancy import Scope, tenant_id_for
from shared.trail.timeline import record_row

register_reasons({"not_in_sample": ("不在本次抽查样本中", "is not in this spot check's sample")})
Month = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
OBJECT = "spot_check"


class SpotCheckIn(msgspec.Struct, forbid_unknown_fields=True):
    township: Slug
    month: Month
    share: Annotated[float, msgspec.Meta(gt=0, le=1)] | None = None
    seed: Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)] | None = None


class VisitIn(msgspec.Struct, forbid_unknown_fields=True):
    verdict: Satisfaction
    note: Note = ""


class SpotCheckItemView(msgspec.Struct, kw_only=True):
    case_id: uuid.UUID
    petition_id: uuid.UUID
    unit: str | None
    closed_on: date | None
    recorded_verdict: str | None
    visit_verdict: str | None
    visited_on: date | None
    note: str | None
    contradicts: bool | None


class SpotCheckView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    township: str
    month: str
    share: float
    seed: int
    population: int
    drawn_by: str
    drawn_at: datetime
    items: list[SpotCheckItemView]


class RedrawView(msgspec.Struct, kw_only=True):
    id: uuid.UUID
    seed: int
    same: bool
    cases: list[uuid.UUID]


async def _population(db: TenantSession, tenant_id: uuid.UUID, month: str, today: date) -> list[CaseRow]:
    first, following = rules_of.month_bounds(month, today)
    stmt = select(CaseRow).where(
        CaseRow.tenant_id == tenant_id,
        CaseRow.stage.in_([s.value for s in CLOSED_STAGES]),
        CaseRow.closed_on >= first,
        CaseRow.closed_on < following,
    )
    return list(await db.scalars(stmt))


async def draw(db: TenantSession, by: Principal, ctx: SupervisionContext, data: SpotCheckIn) -> SpotCheckView:
    tenant_id = tenant_id_for(data.township)
    township = await TownshipRepo(db).get(tenant_id)
    if township is None:
        raise RuleViolation("township", "unknown_township")
    if await db.scalar(
        select(SpotCheckRow.id).where(SpotCheckRow.tenant_id == tenant_id, SpotCheckRow.month == data.month)
    ):
        raise StateConflict("this township's month has already been spot-checked")
    share = data.share or ctx.rules.spot_check_share
    seed = data.seed if data.seed is not None else secrets.randbits(63)
    population = await _population(db, tenant_id, data.month, ctx.today())
    chosen = set(rules_of.sample([c.id for c in population], share, seed))
    check = SpotCheckRow(
        id=uuid7(), tenant_id=tenant_id, month=data.month, share=share, seed=seed, population=len(population),
        drawn_by=by.user_id, drawn_by_name=by.display_name,
    )  # fmt: skip
    db.add(check)
    await db.flush()
    verdicts = await _latest_verdicts(db, chosen)
    for case in (c for c in population if c.id in chosen):
        db.add(SpotCheckItemRow(
            id=uuid7(), tenant_id=tenant_id, village_id=case.village_id, spot_check_id=check.id, case_id=case.id,
            recorded_verdict=verdicts.get(case.id),
        ))  # fmt: skip
    await db.flush()
    await announce_for(db, by, township.slug, tenant_id, check.id,
                       SpotCheckDrawn(check.id, data.month, share, seed, len(population), len(chosen)))  # fmt: skip
    await record_row(
        db, by, "spot_check.drawn", OBJECT, check, month=data.month, seed=seed, sampled=len(chosen)
    )
    return await detail(db, by, check.id)


async def _latest_verdicts(db: TenantSession, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not case_ids:
        return {}
    rows = await db.scalars(
        select(SatisfactionRow).where(SatisfactionRow.case_id.in_(case_ids)).order_by(SatisfactionRow.id)
    )
    return {r.case_id: r.verdict for r in rows}  # later opinions' verdicts overwrite earlier ones


async def redraw(
    db: TenantSession, by: Principal, ctx: SupervisionContext, check_id: uuid.UUID
) -> RedrawView:
    """The sample again from the recorded seed and the month's closed cases: `same` says it matches what was drawn."""
    check = await _visible(db, by, check_id)
    population = await _population(db, check.tenant_id, check.month, ctx.today())
    again = rules_of.sample([c.id for c in population], check.share, check.seed)
    drawn = sorted(i.case_id for i in await _items(db, check.id))
    return RedrawView(id=check.id, seed=check.seed, same=again == drawn, cases=again)


async def visit(
    db: TenantSession,
    by: Principal,
    ctx: SupervisionContext,
    check_id: uuid.UUID,
    case_id: uuid.UUID,
    data: VisitIn,
) -> SpotCheckView:
    """回访: the county's verdict beside the recorded one; a contradiction is flagged for the county to look into."""
    check = await _visible(db, by, check_id)
    item = await db.scalar(
        select(SpotCheckItemRow)
        .where(SpotCheckItemRow.spot_check_id == check.id, SpotCheckItemRow.case_id == case_id)
        .with_for_update()
    )
    if item is None:
        raise RuleViolation("case_id", "not_in_sample")
    if item.visit_verdict is not None:
        raise StateConflict("this case's return visit is already recorded")
    item.visit_verdict, item.visited_on, item.note = data.verdict, ctx.today(), data.note or None
    item.contradicts, item.visited_by = (
        rules_of.contradicts(item.recorded_verdict, data.verdict),
        by.display_name,
    )
    township = await TownshipRepo(db).get(check.tenant_id)
    await announce_for(db, by, township.slug, check.tenant_id, check.id,
                       SpotCheckVisited(check.id, case_id, data.verdict, bool(item.contradicts)))  # fmt: skip
    await record_row(db, by, "spot_check.visited", OBJECT, check, case_id=str(case_id), verdict=data.verdict,
                     contradicts=item.contradicts)  # fmt: skip
    return await detail(db, by, check.id)


async def _visible(db: TenantSession, by: Principal, check_id: uuid.UUID) -> SpotCheckRow:
    check = await db.get(SpotCheckRow, check_id)
    if check is None or not by.sees_tenant(check.tenant_id):
        raise NotFound()
    return check


async def _items(db: TenantSession, check_id: uuid.UUID) -> list[SpotCheckItemRow]:
    return list(await db.scalars(select(SpotCheckItemRow).where(SpotCheckItemRow.spot_check_id == check_id)))


async def detail(db: TenantSession, by: Principal, check_id: uuid.UUID) -> SpotCheckView:
    check = await _visible(db, by, check_id)
    items = await _items(db, check.id)
    cases = {
        c.id: c for c in await db.scalars(select(CaseRow).where(CaseRow.id.in_([i.case_id for i in items])))
    }
    units = await UnitRepo(db).many({c.unit_id for c in cases.values() if c.unit_id})
    township = await TownshipRepo(db).get(check.tenant_id)
    return SpotCheckView(
        id=check.id, township=township.slug if township else "", month=check.month, share=check.share,
        seed=check.seed, population=check.population, drawn_by=check.drawn_by_name, drawn_at=check.drawn_at,
        items=[
            SpotCheckItemView(
                case_id=i.case_id, petition_id=cases[i.case_id].petition_id,
                unit=units[cases[i.case_id].unit_id].name if cases[i.case_id].unit_id else None,
                closed_on=cases[i.case_id].closed_on, recorded_verdict=i.recorded_verdict,
                visit_verdict=i.visit_verdict, visited_on=i.visited_on, note=i.note, contradicts=i.contradicts,
            )
            for i in sorted(items, key=lambda i: i.case_id)
        ],
    )  # fmt: skip


async def page(db: TenantSession, by: Principal, township: str | None) -> list[SpotCheckView]:
    stmt = select(SpotCheckRow.id).order_by(SpotCheckRow.month.desc())
    if township:
        if by.scope is not Scope.county and township != by.township:
            raise RuleViolation("township", "not_your_township")
        stmt = stmt.where(SpotCheckRow.tenant_id == tenant_id_for(township))
    return [await detail(db, by, i) for i in await db.scalars(stmt.limit(100))]
