"""Responsible units (责任单位): every township's own offices and the county departments above them, the
townships themselves, and each township's first routing rules (category × kind → unit), editable afterwards."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.domain.routing import CATEGORIES
from services.supervision.persistence.case_tables import RoutingRuleRow, TownshipRow
from services.supervision.persistence.tables import ResponsibleUnitRow
from shared.tenancy import tenant_id_for

_NS = uuid.UUID("0b7f3c8e-2f4d-4a8b-9a7e-3d2c1b0a9f81")
# 检举控告类 goes to the office that handles discipline (党政综合办公室 in the demo county's template).
_ACCUSATION_UNIT = "office"


def unit_id(tenant_slug: str | None, slug: str) -> uuid.UUID:
    return uuid.uuid5(_NS, f"{tenant_slug or 'county'}/{slug}")


def _row(tenant_slug: str | None, unit: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "id": unit_id(tenant_slug, unit["slug"]),
        "tenant_id": tenant_id_for(tenant_slug) if tenant_slug else None,
        "level": "township" if tenant_slug else "county",
        "slug": unit["slug"],
        "name": name,
        "categories": unit.get("categories", []),
    }


async def load_county(db: AsyncSession, county: dict[str, Any]) -> int:
    """Upsert the county departments, the townships and one office of each template per township, and seed the
    routing rules a township has not set yet; returns the count of units."""
    rows = [_row(None, u, u["name"]) for u in county["county_units"]]
    rows += [
        _row(t["slug"], u, f"{t['name']}{u['name']}")
        for t in county["townships"]
        for u in county["township_unit_templates"]
    ]
    for row in rows:
        await db.execute(
            insert(ResponsibleUnitRow)
            .values(row)
            .on_conflict_do_update(
                index_elements=["id"], set_={"name": row["name"], "categories": row["categories"]}
            )
        )
    for t in county["townships"]:
        await _township(db, t)
        await _first_rules(db, t["slug"], county["township_unit_templates"])
    return len(rows)


async def _township(db: AsyncSession, township: dict[str, Any]) -> None:
    values = {
        "tenant_id": tenant_id_for(township["slug"]),
        "slug": township["slug"],
        "name": township["name"],
    }
    stmt = insert(TownshipRow).values(values)
    await db.execute(stmt.on_conflict_do_update(index_elements=["tenant_id"], set_={"name": values["name"]}))


def first_rules(tenant_slug: str, templates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each category to the first office whose template lists it; accusations to the discipline office."""
    slugs = [u["slug"] for u in templates]
    rules = []
    for category in CATEGORIES:
        unit = next((u["slug"] for u in templates if category in u.get("categories", [])), None)
        if unit is not None:
            rules.append((category, None, unit))
        if _ACCUSATION_UNIT in slugs:
            rules.append((category, "accusation", _ACCUSATION_UNIT))
    return [
        {
            "id": uuid.uuid5(_NS, f"rule/{tenant_slug}/{category}/{kind}"),
            "tenant_id": tenant_id_for(tenant_slug),
            "category": category,
            "kind": kind,
            "unit_id": unit_id(tenant_slug, unit),
            "updated_by": "seed",
        }
        for category, kind, unit in rules
    ]


async def _first_rules(db: AsyncSession, tenant_slug: str, templates: list[dict[str, Any]]) -> None:
    # A rule the county admin changed stays as it is: the seed only fills what is missing.
    for rule in first_rules(tenant_slug, templates):
        await db.execute(insert(RoutingRuleRow).values(rule).on_conflict_do_nothing())
