"""Repeat candidates for a draft (the portal asks as the clerk types): nothing is stored, nothing published."""

from __future__ import annotations

from services.intake.domain import identity
from services.intake.service import petitioners, places, repeats
from services.intake.service.context import IntakeContext
from services.intake.service.inputs import DraftIn
from services.intake.service.views import RepeatCandidateView
from shared.auth import Principal
from shared.db.session import TenantSession


async def repeat_candidates(
    db: TenantSession, by: Principal, ctx: IntakeContext, draft: DraftIn
) -> list[RepeatCandidateView]:
    place = await places.resolve(db, by, draft.township, draft.village)
    # Only well-formed numbers are matched; the form itself reports the malformed ones at registration.
    numbers = [n for n in draft.id_numbers if identity.id_number_problem(n, ctx.today()) is None]
    phones = [p for p in draft.phones if identity.mobile_problem(p) is None]
    found = await repeats.find(
        db,
        ctx.matcher,
        ctx.rules.repeat_window_days,
        place.township.tenant_id,
        draft.content,
        place.village,
        draft.category,
        petitioners.match_hashes(ctx, numbers, phones),
        ctx.today(),
    )
    return [c.view() for c in found.repeats]
