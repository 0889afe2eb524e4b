"""登记: record a petition from any channel, with the three petitions (三访) decided at registration."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.intake.domain import identity
from services.intake.domain.petition import (
    PetitionStatus,
    acceptance_due_on,
    is_collective,
    is_skip_level,
)
from services.intake.events import announce
from services.intake.persistence.repositories import AttachmentRepo, PetitionRepo
from services.intake.persistence.tables import PetitionRow, RepeatLinkRow
from services.intake.service import closed_matters, petitioners, places, repeats
from services.intake.service.context import IntakeContext
from services.intake.service.inputs import PetitionIn
from services.intake.service.petition_views import assemble
from services.intake.service.views import PetitionDetail
from shared import idempotency, trail
from shared.auth import Principal
from shared.contracts.intake import PetitionRegistered
from shared.db.session import TenantSession
from shared.errors import RuleViolation, Violations, register_reasons
from shared.events.envelope import uuid7
from shared.record_dates import record_date_problem

register_reasons(
    {
        "invalid_birth_date": ("出生日期不正确", "has an impossible birth date"),
        "invalid_mobile": ("不是有效的手机号码", "is not a valid mainland mobile number"),
        "in_future": ("不能晚于今天", "cannot be later than today"),
        "fewer_than_petitioners": ("不能少于登记的信访人数", "cannot be fewer than the petitioners listed"),
        "unknown_attachment": ("附件不存在或已被使用", "is not an uploaded, unused attachment"),
    }
)


@dataclass(frozen=True)
class Registered:
    status_code: int
    petition: PetitionDetail | None = None
    replay: idempotency.Replay | None = None


async def register(
    db: TenantSession, by: Principal, ctx: IntakeContext, data: PetitionIn, idempotency_key: str | None = None
) -> Registered:
    place = await places.resolve(db, by, data.township, data.village)
    tenant = place.township.tenant_id
    if idempotency_key:
        replay = await idempotency.begin(db, tenant, by.user_id, idempotency_key, data)
        if replay:
            return Registered(replay.status_code, replay=replay)
    _check(ctx, data)
    attachments = await AttachmentRepo(db).staged(data.attachment_ids, tenant)
    if len(attachments) != len(set(data.attachment_ids)):
        raise RuleViolation("attachment_ids", "unknown_attachment")

    petition_id = uuid7()
    village_id = place.village.id if place.village else None
    today = ctx.today()
    people = max(data.people_count or 0, len(data.petitioners))
    hashes = petitioners.match_hashes(
        ctx,
        [p.id_number for p in data.petitioners if p.id_number],
        [p.phone for p in data.petitioners if p.phone],
    )
    found = await repeats.find(
        db,
        ctx.matcher,
        ctx.rules.repeat_window_days,
        tenant,
        data.content,
        place.village,
        data.category,
        hashes,
        today,
    )
    row = PetitionRepo(db).add(
        PetitionRow(
            id=petition_id,
            tenant_id=tenant,
            village_id=village_id,
            channel=data.channel,
            category=data.category,
            kind=data.kind,
            content=data.content.strip(),
            received_on=data.received_on,
            registered_at=ctx.now(),
            registered_by=by.user_id,
            registration_level=place.level,
            status=PetitionStatus.awaiting_acceptance,
            acceptance_due_on=acceptance_due_on(today, ctx.rules.acceptance_days),
            people_count=people,
            is_collective=is_collective(people, ctx.rules.collective_threshold),
            is_skip_level=is_skip_level(place.level, found.township_has_handled),
            is_repeat_suspected=bool(found.repeats),
            features=found.features,
        )
    )
    await db.flush()
    sealed = [
        petitioners.seal(
            ctx, petition_id, tenant, village_id, i, p.name, p.id_number, p.phone, p.is_representative
        )
        for i, p in enumerate(data.petitioners)
    ]
    db.add_all(sealed)
    for c in found.repeats:
        db.add(
            RepeatLinkRow(
                id=uuid.uuid4(),
                tenant_id=tenant,
                petition_id=petition_id,
                earlier_petition_id=c.petition_id,
                score=c.score,
                reasons=c.reasons,
            )
        )
    for a in attachments:
        a.petition_id, a.village_id = petition_id, village_id
    await PetitionRepo(db).add_tokens(tenant, petition_id, found.tokens)
    await _publish(db, by, place, row)
    entry = await trail.record(
        db,
        by,
        "petition.registered",
        "petition",
        petition_id,
        tenant_id=tenant,
        detail={"by": by.display_name, "channel": data.channel, "level": place.level},
    )
    # 不再受理 is a warning for the clerk, never a refusal: the petition is registered either way.
    closed, flagged = await closed_matters.at_registration(
        db, by, row, (c.petition_id for c in found.repeats)
    )
    # Built from the rows in hand rather than read back: the same shape GET /petitions/{id} answers with.
    view = assemble(
        row,
        place.township,
        place.village,
        sealed,
        sorted(attachments, key=lambda a: a.uploaded_at),
        [c.view() for c in found.repeats],
        None,
        [],
        [entry, flagged] if flagged else [entry],
        closed_for_good=closed,
    )
    if idempotency_key:
        await idempotency.finish(db, tenant, by.user_id, idempotency_key, 201, view)
    return Registered(201, petition=view)


def _check(ctx: IntakeContext, data: PetitionIn) -> None:
    """Every broken rule at once, each named by its field, so the clerk corrects the form in one pass."""
    found = Violations()
    found.required("content", data.content)
    found.add("received_on", record_date_problem(data.received_on, ctx.today()))
    if data.people_count is not None and data.people_count < len(data.petitioners):
        found.add("people_count", "fewer_than_petitioners")
    for i, p in enumerate(data.petitioners):
        found.required(f"petitioners.{i}.name", p.name)
        if p.id_number:
            found.add(f"petitioners.{i}.id_number", identity.id_number_problem(p.id_number, ctx.today()))
        if p.phone:
            found.add(f"petitioners.{i}.phone", identity.mobile_problem(p.phone))
    found.raise_any()


async def _publish(db: TenantSession, by: Principal, place: places.Place, row: PetitionRow) -> None:
    payload = PetitionRegistered(
        petition_id=row.id,
        channel=row.channel,
        category=row.category,
        kind=row.kind,
        village=place.village.slug if place.village else None,
        received_on=row.received_on,
        acceptance_due_on=row.acceptance_due_on,
        people_count=row.people_count,
        is_collective=row.is_collective,
        is_skip_level=row.is_skip_level,
        is_repeat_suspected=row.is_repeat_suspected,
        registration_level=row.registration_level,
    )
    await announce(db, by, row.tenant_id, row.id, payload)
