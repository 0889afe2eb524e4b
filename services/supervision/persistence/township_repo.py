"""The county's townships as supervision knows them (seeded from the county file, like the responsible units)."""

from __future__ import annotations

import uuid

from services.supervision.persistence.case_tables import TownshipRow
from shared.db.session import TenantSession


class TownshipRepo:
    def __init__(self, db: TenantSession) -> None:
        self.db = db

    async def get(self, tenant_id: uuid.UUID) -> TownshipRow | None:
        return await self.db.get(TownshipRow, tenant_id)
