"""Reading petitions: the list with its filters and the detail with its timeline; personal data masked."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from services.intake.domain.petition import PetitionStatus
from services.intake.persistence.repositories import (
    AcceptanceRepo,
    AttachmentRepo,
    DirectoryRepo,
    InstructionRepo,
    PetitionerRepo,
    PetitionFilter,
    PetitionRepo,
    RepeatLinkRepo,
)
from services.intake.persistence.tables import (
    AcceptanceRow,
    AttachmentRow,
    LeaderInstructionRow,
    PetitionerRow,
    PetitionRow,
    TownshipRow,
    VillageRow,
)
from services.intake.service import closed_matters
from services.intake.service.inputs import PetitionQuery
from services.intake.service.petitioners import masked_view
from services.intake.service.places import list_place
from services.intake.service.summaries import summary_of
from services.intake.service.views import (
    AcceptanceView,
    AttachmentView,
    ClosedForGoodView,
    InstructionView,
    PetitionDetail,
    PetitionPage,
    PetitionSummary,
    RepeatCandidateView,
)
from shared import trail
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.paging import offset
from shared.trail import TrailRecord
from shared.trail.timeline import timeline_of

DUE_SOON_DAYS = 3


async def detail(db: TenantSession, by: Principal, petition_id: uuid.UUID) -> PetitionDetail:
    row = await PetitionRepo(db).load_visible(by, petition_id)
    directory = DirectoryRepo(db)
    village = (await directory.villages([row.village_id])).get(row.village_id) if row.village_id else None
    return assemble(
        row,
        await directory.township(row.tenant_id),
        village,
        await PetitionerRepo(db).of_petition(petition_id),
        await AttachmentRepo(db).of_petition(petition_id),
        await _candidates(db, petition_id),
        await AcceptanceRepo(db).get(petition_id),
        await InstructionRepo(db).of_petition(petition_id),
        await trail.history(db, "petition", petition_id),
        closed_for_good=await closed_matters.flag_of(db, petition_id),
    )


def assemble(
    row: PetitionRow,
    township: TownshipRow,
    village: VillageRow | None,
    petitioner_rows: Sequence[PetitionerRow],
    attachment_rows: Sequence[AttachmentRow],
    candidates: list[RepeatCandidateView],
    acceptance: AcceptanceRow | None,
    instruction_rows: Sequence[LeaderInstructionRow],
    history: Sequence[TrailRecord],
    closed_for_good: ClosedForGoodView | None = None,
) -> PetitionDetail:
    """One shape for a petition whether it was just registered (rows in hand) or read back."""
    return PetitionDetail(
        id=row.id,
        township=township.slug,
        township_name=township.name,
        village=village.slug if village else None,
        village_name=village.name if village else None,
        channel=row.channel,
        category=row.category,
        kind=row.kind,
        content=row.content,
        received_on=row.received_on,
        registered_at=row.registered_at,
        registered_by=row.registered_by,
        registration_level=row.registration_level,
        status=row.status,
        acceptance_due_on=row.acceptance_due_on,
        people_count=row.people_count,
        is_collective=row.is_collective,
        is_skip_level=row.is_skip_level,
        is_repeat_suspected=row.is_repeat_suspected,
        is_repeat=row.is_repeat,
        petitioners=[masked_view(p) for p in petitioner_rows],
        attachments=[
            AttachmentView(a.id, a.filename, a.media_type, a.size, a.sha256) for a in attachment_rows
        ],
        repeat_candidates=candidates,
        acceptance=_acceptance(acceptance),
        instructions=[
            InstructionView(i.id, i.leader_name, i.text, i.instructed_at) for i in instruction_rows
        ],
        timeline=timeline_of(history),
        closed_for_good=closed_for_good,
    )


async def _candidates(db: TenantSession, petition_id: uuid.UUID) -> list[RepeatCandidateView]:
    links = await RepeatLinkRepo(db).of_petition(petition_id)
    earlier = {r.id: r for r in await PetitionRepo(db).many([link.earlier_petition_id for link in links])}
    views = []
    for link in links:
        e = earlier.get(link.earlier_petition_id)
        views.append(
            RepeatCandidateView(
                link.earlier_petition_id,
                link.score,
                link.reasons,
                link.decision,
                e.received_on if e else None,
                summary_of(e) if e else None,
            )
        )
    return views


def _acceptance(row) -> AcceptanceView | None:  # noqa: ANN001 - AcceptanceRow or None
    if row is None:
        return None
    return AcceptanceView(
        row.decision,
        row.reason,
        row.forwarded_to,
        row.decided_by_name,
        row.decided_on,
        row.on_time,
        row.document_number,
    )


async def page(db: TenantSession, by: Principal, q: PetitionQuery, today: date) -> PetitionPage:
    """信访件列表: filters narrow what the caller's scope already allows; they never widen it."""
    tenant_id, village_id = await list_place(db, by, q.township, q.village)
    status, due_from, due_to = q.status, None, None
    if q.acceptance:
        # 待办: still awaiting a decision, and past its deadline or close to it.
        status = PetitionStatus.awaiting_acceptance
        due_from, due_to = (
            (None, today - timedelta(days=1))
            if q.acceptance == "overdue"
            else (today, today + timedelta(days=DUE_SOON_DAYS))
        )
    f = PetitionFilter(
        tenant_id,
        village_id,
        q.channel,
        q.category,
        status,
        q.received_from,
        q.received_to,
        q.three,
        q.text,
        due_from,
        due_to,
    )
    page_number, page_size = q.page, q.page_size
    rows, total = await PetitionRepo(db).list(f, offset(page_number, page_size), page_size)
    directory = DirectoryRepo(db)
    slugs = await _township_slugs(directory, {r.tenant_id for r in rows})
    villages = await directory.villages([r.village_id for r in rows if r.village_id])
    closed = await closed_matters.flags(db, [r.id for r in rows])
    items = [
        PetitionSummary(
            id=r.id,
            township=slugs[r.tenant_id],
            village=villages[r.village_id].slug if r.village_id else None,
            channel=r.channel,
            category=r.category,
            kind=r.kind,
            summary=summary_of(r),
            received_on=r.received_on,
            status=r.status,
            acceptance_due_on=r.acceptance_due_on,
            people_count=r.people_count,
            is_collective=r.is_collective,
            is_skip_level=r.is_skip_level,
            is_repeat_suspected=r.is_repeat_suspected,
            is_repeat=r.is_repeat,
            closed_for_good=closed.get(r.id),
        )
        for r in rows
    ]
    return PetitionPage(items, total, page_number, page_size)


async def _township_slugs(directory: DirectoryRepo, tenant_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {t: (await directory.township(t)).slug for t in tenant_ids}
