"""The clerk's verdict on a suggested repeat (重复访): confirmed or rejected, kept with who decided and when."""

from __future__ import annotations

import uuid

from services.intake.events import announce
from services.intake.persistence.repositories import PetitionRepo, RepeatLinkRepo
from services.intake.service import closed_matters
from services.intake.service.context import IntakeContext
from services.intake.service.petition_views import detail
from services.intake.service.views import PetitionDetail
from shared import trail
from shared.auth import Principal
from shared.contracts.intake import RepeatLinkDecided
from shared.db.session import TenantSession
from shared.errors import NotFound


async def decide(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    petition_id: uuid.UUID,
    earlier_id: uuid.UUID,
    confirmed: bool,
) -> PetitionDetail:
    petition = await PetitionRepo(db).load_visible(by, petition_id, for_update=True)
    link = await RepeatLinkRepo(db).get(petition_id, earlier_id)
    if link is None:
        raise NotFound()
    link.decision = "confirmed" if confirmed else "rejected"
    link.decided_by, link.decided_at = by.user_id, ctx.now()
    await db.flush()
    petition.is_repeat = any(
        x.decision == "confirmed" for x in await RepeatLinkRepo(db).of_petition(petition_id)
    )
    payload = RepeatLinkDecided(petition.id, earlier_id, confirmed)
    await announce(db, by, petition.tenant_id, petition.id, payload)
    await trail.record(
        db,
        by,
        f"petition.repeat_{link.decision}",
        "petition",
        petition.id,
        tenant_id=petition.tenant_id,
        detail={"by": by.display_name, "earlier_petition_id": str(earlier_id), "score": link.score},
    )
    if confirmed:
        await closed_matters.on_link_confirmed(db, by, petition, earlier_id)
    return await detail(db, by, petition.id)
