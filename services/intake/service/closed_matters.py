"""不再受理 in intake: matters supervision closed for good, and the flag they put on later petitions.

What counts as the same matter is services/intake/domain/closed_matter.py. The flag is read from the links and
closed_matter rows whenever a petition is shown, so it is right whichever came first (the closing event or the
new petition); the timeline gets an entry when a link to a closed petition is made, confirmed, or learned of.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from services.intake.domain.closed_matter import COUNTING, LinkToClosed, closed_matter_of
from services.intake.persistence.repositories import ClosedMatterRepo
from services.intake.persistence.tables import ClosedMatterRow, PetitionRow
from services.intake.service.views import ClosedForGoodView
from shared import trail
from shared.contracts.supervision import CaseClosedForGood
from shared.db.session import TenantSession
from shared.events.envelope import Envelope
from shared.trail import TrailRecord
from shared.trail.timeline import NamedActor

FLAGGED = "petition.closed_matter_flagged"


class UnknownPetition(LookupError):
    """The closing names a petition intake does not have (in the event's township): retried, then dead-lettered."""


@dataclass(frozen=True)
class _Supervision:
    """The actor of the trail entries the closing event causes: the service that sent it."""

    user_id: str = "service:supervision"
    roles: frozenset[str] = field(default_factory=frozenset)  # no user role: the timeline names the service
    tenant_id: uuid.UUID | None = None
    display_name: str = "信访督办"


SUPERVISION = _Supervision()


def _view(link: LinkToClosed | None) -> ClosedForGoodView | None:
    return ClosedForGoodView(link.earlier_petition_id, link.closed_on, link.confirmed) if link else None


async def flags(db: TenantSession, petition_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ClosedForGoodView]:
    """The flag of each petition that has one (a page of the list in one query)."""
    found: dict[uuid.UUID, list[LinkToClosed]] = defaultdict(list)
    for link, closed in await ClosedMatterRepo(db).linked_to_closed(petition_ids):
        found[link.petition_id].append(
            LinkToClosed(link.earlier_petition_id, link.decision, closed.closed_on)
        )
    views = {pid: _view(closed_matter_of(links)) for pid, links in found.items()}
    return {pid: v for pid, v in views.items() if v is not None}


async def flag_of(db: TenantSession, petition_id: uuid.UUID) -> ClosedForGoodView | None:
    return (await flags(db, [petition_id])).get(petition_id)


async def at_registration(
    db: TenantSession, by: NamedActor, petition: PetitionRow, candidate_ids: Iterable[uuid.UUID]
) -> tuple[ClosedForGoodView | None, TrailRecord | None]:
    """The new petition's flag from the matcher's suggestions, noted on its timeline when there is one."""
    closed = await ClosedMatterRepo(db).of_petitions(list(candidate_ids))
    link = closed_matter_of(LinkToClosed(pid, "suggested", c.closed_on) for pid, c in closed.items())
    if link is None:
        return None, None
    return _view(link), await _note(db, by, petition.id, petition.tenant_id, link)


async def on_link_confirmed(
    db: TenantSession, by: NamedActor, petition: PetitionRow, earlier_id: uuid.UUID
) -> None:
    """The clerk confirmed a repeat of a closed petition: the warning becomes the clerk's finding."""
    closed = (await ClosedMatterRepo(db).of_petitions([earlier_id])).get(earlier_id)
    if closed is not None:
        await _note(
            db, by, petition.id, petition.tenant_id, LinkToClosed(earlier_id, "confirmed", closed.closed_on)
        )


async def record_closed(db: TenantSession, envelope: Envelope) -> None:
    """case.closed_for_good.v1: remember the closed petition and flag the later ones already linked to it."""
    closing = envelope.payload_as(CaseClosedForGood)
    petition = await db.get(PetitionRow, closing.petition_id)
    if petition is None:
        raise UnknownPetition(str(closing.petition_id))
    repo = ClosedMatterRepo(db)
    added = await repo.add(
        ClosedMatterRow(
            petition_id=petition.id,
            tenant_id=petition.tenant_id,
            matter_id=closing.matter_id,
            case_id=closing.case_id,
            closed_on=closing.closed_on,
        )
    )
    if not added:
        return
    for link in await repo.links_to(petition.tenant_id, petition.id):
        if link.decision in COUNTING:
            flagged = LinkToClosed(petition.id, link.decision, closing.closed_on)
            await _note(db, SUPERVISION, link.petition_id, petition.tenant_id, flagged)


async def _note(
    db: TenantSession, by: NamedActor, petition_id: uuid.UUID, tenant_id: uuid.UUID, link: LinkToClosed
) -> TrailRecord:
    return await trail.record(
        db,
        by,
        FLAGGED,
        "petition",
        petition_id,
        tenant_id=tenant_id,
        detail={
            "by": by.display_name,
            "earlier_petition_id": str(link.earlier_petition_id),
            "closed_on": link.closed_on.isoformat(),
            "link": link.decision,
        },
    )
