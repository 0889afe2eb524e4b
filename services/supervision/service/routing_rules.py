"""Routing rules per township (category × kind → responsible unit), kept by the county admin; the units to pick."""

from __future__ import annotations

import msgspec
from sqlalchemy.dialects.postgresql import insert

from services.supervision.domain.routing import CATEGORIES, KINDS
from services.supervision.persistence.case_repo import RoutingRepo, UnitRepo
from services.supervision.persistence.case_tables import RoutingRuleRow
from services.supervision.service.case_io import UnitView
from services.supervision.service.context import SupervisionContext
from shared import trail
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import RuleViolation, register_reasons
from shared.events.envelope import uuid7
from shared.fields import Slug
from shared.tenancy import Scope, tenant_id_for

register_reasons({"unknown_township": ("不是本县的乡镇（街道）", "is not a township of this county")})


class RoutingRuleIn(msgspec.Struct, forbid_unknown_fields=True):
    township: Slug
    category: str
    unit: Slug
    kind: str | None = None  # None: every kind of the category
    county_unit: bool = False


class RoutingRuleView(msgspec.Struct, kw_only=True):
    category: str
    kind: str | None
    unit: UnitView


class TownshipRouting(msgspec.Struct, kw_only=True):
    township: str
    rules: list[RoutingRuleView]
    units: list[UnitView]


async def _tenant(db: TenantSession, by: Principal, township: str | None) -> tuple[str, object]:
    slug = township if by.scope is Scope.county else by.township
    if not slug:
        raise RuleViolation("township", "required")
    tenant_id = tenant_id_for(slug)
    if not await UnitRepo(db).township_known(tenant_id):
        raise RuleViolation("township", "unknown_township")
    return slug, tenant_id


async def of_township(db: TenantSession, by: Principal, township: str | None) -> TownshipRouting:
    slug, tenant_id = await _tenant(db, by, township)
    unit_rows = await UnitRepo(db).of_township(tenant_id)  # type: ignore[arg-type]
    units = {u.id: UnitView(u.slug, u.name, u.level) for u in unit_rows}
    rules = [
        RoutingRuleView(category=r.category, kind=r.kind, unit=units[r.unit_id])
        for r in await RoutingRepo(db).rows(tenant_id)  # type: ignore[arg-type]
        if r.unit_id in units
    ]
    return TownshipRouting(township=slug, rules=rules, units=list(units.values()))


async def set_rule(
    db: TenantSession, by: Principal, ctx: SupervisionContext, data: RoutingRuleIn
) -> TownshipRouting:
    """One rule set (or replaced) for a township; cases opened afterwards follow it, open cases keep their unit."""
    if data.category not in CATEGORIES:
        raise RuleViolation("category", "invalid_value")
    if data.kind is not None and data.kind not in KINDS:
        raise RuleViolation("kind", "invalid_value")
    slug, tenant_id = await _tenant(db, by, data.township)
    unit = await UnitRepo(db).by_slug(None if data.county_unit else tenant_id, data.unit)  # type: ignore[arg-type]
    if unit is None:
        raise RuleViolation("unit", "unknown_unit")
    stmt = insert(RoutingRuleRow).values(
        id=uuid7(), tenant_id=tenant_id, category=data.category, kind=data.kind, unit_id=unit.id,
        updated_by=by.display_name, updated_at=ctx.now(),
    )  # fmt: skip
    await db.execute(
        stmt.on_conflict_do_update(
            index_elements=["tenant_id", "category", "kind"],
            set_={"unit_id": unit.id, "updated_by": by.display_name, "updated_at": ctx.now()},
        )
    )
    await trail.record(db, by, "routing_rule.set", "routing_rule", f"{slug}/{data.category}/{data.kind or '*'}",
                       tenant_id=tenant_id, detail={"by": by.display_name, "unit": unit.name})  # type: ignore[arg-type]  # fmt: skip
    return await of_township(db, by, slug)
