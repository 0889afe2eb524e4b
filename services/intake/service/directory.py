"""The directory of townships and villages petitions are registered against (kept by the county admin)."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.intake.persistence.tables import TownshipRow, VillageRow
from shared.tenancy import tenant_id_for, village_id_for


async def load_county(db: AsyncSession, county: dict[str, Any]) -> int:
    """Upsert every township and village of a county file; returns how many villages it holds."""
    villages = 0
    for t in county["townships"]:
        row = {"tenant_id": tenant_id_for(t["slug"]), "slug": t["slug"], "name": t["name"], "kind": t["kind"]}
        await db.execute(
            insert(TownshipRow)
            .values(row)
            .on_conflict_do_update(
                index_elements=["tenant_id"], set_={"name": row["name"], "kind": row["kind"]}
            )
        )
        for v in t["villages"]:
            vrow = {
                "id": village_id_for(t["slug"], v["slug"]),
                "tenant_id": row["tenant_id"],
                "slug": v["slug"],
                "name": v["name"],
            }
            await db.execute(
                insert(VillageRow)
                .values(vrow)
                .on_conflict_do_update(index_elements=["id"], set_={"name": v["name"]})
            )
            villages += 1
    return villages


class VillageView(msgspec.Struct):
    slug: str
    name: str


class TownshipView(msgspec.Struct):
    slug: str
    name: str
    kind: str
    villages: list[VillageView]


async def visible_townships(db: AsyncSession) -> list[TownshipView]:
    """Row-level security decides: the county sees every township, a township (or its liaison) its own."""
    townships = (await db.scalars(select(TownshipRow).order_by(TownshipRow.name))).all()
    villages = (await db.scalars(select(VillageRow).order_by(VillageRow.name))).all()
    by_tenant: dict[object, list[VillageView]] = {}
    for v in villages:
        by_tenant.setdefault(v.tenant_id, []).append(VillageView(v.slug, v.name))
    return [TownshipView(t.slug, t.name, t.kind, by_tenant.get(t.tenant_id, [])) for t in townships]
