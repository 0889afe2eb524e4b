"""A case's events, put in the request's outbox on the subject of the case's township."""

from __future__ import annotations

import msgspec

from services.supervision.persistence.case_tables import CaseRow
from shared.db.session import TenantSession
from shared.events.announce import Acting
from shared.events.announce import announce as shared_announce


async def announce(
    db: TenantSession, by: Acting, case: CaseRow, payload: msgspec.Struct, event_type: str | None = None
) -> None:
    await shared_announce(db, "supervision", by, case.township, case.tenant_id, case.id, payload, event_type)
