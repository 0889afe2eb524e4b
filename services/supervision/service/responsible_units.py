"""Responsible units (责任单位): every township's own offices and the county departments above them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.supervision.persistence.tables import ResponsibleUnitRow
from shared.tenancy import tenant_id_for

_NS = uuid.UUID("0b7f3c8e-2f4d-4a8b-9a7e-3d2c1b0a9f81")


def _row(tenant_slug: str | None, unit: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid5(_NS, f"{tenant_slug or 'county'}/{unit['slug']}"),
        "tenant_id": tenant_id_for(tenant_slug) if tenant_slug else None,
        "level": "township" if tenant_slug else "county",
        "slug": unit["slug"],
        "name": name,
        "categories": unit.get("categories", []),
    }


async def load_county(db: AsyncSession, county: dict[str, Any]) -> int:
    """Upsert the county departments and, per township, one office of each template; returns the count."""
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
    return len(rows)
