"""The county's townships as training records counts them (coverage per township), seeded from the county file."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.training_records.persistence.tables import TownshipRow
from shared.tenancy import tenant_id_for


async def load_county(db: AsyncSession, county: dict[str, Any]) -> int:
    for t in county["townships"]:
        stmt = insert(TownshipRow).values(tenant_id=tenant_id_for(t["slug"]), slug=t["slug"], name=t["name"])
        await db.execute(stmt.on_conflict_do_update(index_elements=["tenant_id"], set_={"name": t["name"]}))
    return len(county["townships"])
