"""领导阅批: a leader's written instruction on a petition (a letter above all), kept with who and when."""

from __future__ import annotations

import uuid

from services.intake.events import announce
from services.intake.persistence.repositories import PetitionRepo
from services.intake.persistence.tables import LeaderInstructionRow
from services.intake.service.petition_views import detail
from services.intake.service.views import PetitionDetail
from shared import trail
from shared.auth import Principal
from shared.contracts.intake import PetitionInstructed
from shared.db.session import TenantSession
from shared.errors import RuleViolation
from shared.events.envelope import uuid7


async def instruct(db: TenantSession, by: Principal, petition_id: uuid.UUID, text: str) -> PetitionDetail:
    petition = await PetitionRepo(db).load_visible(by, petition_id)
    if not text.strip():
        raise RuleViolation("text", "required")
    row = LeaderInstructionRow(
        id=uuid7(),
        tenant_id=petition.tenant_id,
        village_id=petition.village_id,
        petition_id=petition.id,
        leader_id=by.user_id,
        leader_name=by.display_name,
        leader_role=",".join(sorted(by.roles)),
        text=text.strip(),
    )
    db.add(row)
    await db.flush()
    payload = PetitionInstructed(petition.id, row.id, petition.channel, by.scope.value)
    await announce(db, by, petition.tenant_id, petition.id, payload)
    await trail.record(
        db,
        by,
        "petition.instructed",
        "petition",
        petition.id,
        tenant_id=petition.tenant_id,
        detail={"by": by.display_name, "instruction_id": str(row.id)},
    )
    return await detail(db, by, petition.id)
