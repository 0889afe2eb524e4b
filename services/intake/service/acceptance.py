"""受理: accept, not accept (with the reason) or forward to the competent body, within the acceptance deadline."""

from __future__ import annotations

import uuid
from datetime import timedelta

from services.intake.domain.petition import DECISION_STATUS, AcceptanceDecision, can_decide
from services.intake.events import announce
from services.intake.persistence.repositories import (
    AcceptanceRepo,
    DirectoryRepo,
    PetitionerRepo,
    PetitionRepo,
)
from services.intake.persistence.tables import AcceptanceRow, PetitionRow, TownshipRow
from services.intake.service.context import IntakeContext
from services.intake.service.inputs import DecisionIn
from services.intake.service.notice_pdf import DecisionNotice, render_notice
from services.intake.service.petition_views import detail
from services.intake.service.views import PetitionDetail
from shared import trail
from shared.auth import Principal
from shared.contracts.intake import PetitionDecided
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation, StateConflict
from shared.query_code import new_query_code, query_code_digest

# Associated data of the query code's ciphertext: it decrypts in this column only.
QUERY_CODE_CONTEXT = "acceptance.query_code"

_DOC_MARK = {
    AcceptanceDecision.accepted: "受",
    AcceptanceDecision.not_accepted: "不受",
    AcceptanceDecision.forwarded: "转",
}


async def decide(
    db: TenantSession, by: Principal, ctx: IntakeContext, petition_id: uuid.UUID, data: DecisionIn
) -> PetitionDetail:
    petition = await PetitionRepo(db).load_visible(by, petition_id, for_update=True)
    if not can_decide(petition.status):
        raise StateConflict("the acceptance of this petition has already been decided")
    _check(data)
    township = await DirectoryRepo(db).township(petition.tenant_id)
    today = ctx.today()
    number = await _document_number(db, township, data.decision, today.year)
    on_time = today <= petition.acceptance_due_on
    accepted = data.decision is AcceptanceDecision.accepted
    # 查询码: only an accepted matter is followed; the code itself lives encrypted here and on the notice.
    code = new_query_code() if accepted else None
    db.add(
        AcceptanceRow(
            petition_id=petition.id,
            tenant_id=petition.tenant_id,
            village_id=petition.village_id,
            decision=data.decision,
            reason=data.reason,
            forwarded_to=data.forwarded_to,
            decided_by=by.user_id,
            decided_by_name=by.display_name,
            decided_on=today,
            on_time=on_time,
            document_number=number,
            query_code_enc=ctx.cipher.encrypt(code, QUERY_CODE_CONTEXT) if code else None,
        )
    )
    petition.status = DECISION_STATUS[data.decision]
    handling_due = today + timedelta(days=ctx.rules.handling_days) if accepted else None
    payload = PetitionDecided(
        petition.id,
        data.decision,
        today,
        on_time,
        data.forwarded_to,
        handling_due,
        category=petition.category,
        kind=petition.kind,
        village=await _village_slug(db, petition),
        people_count=petition.people_count,
        is_collective=petition.is_collective,
        query_code_digest=query_code_digest(code) if code else None,
        document_number=number,
    )
    await announce(db, by, petition.tenant_id, petition.id, payload, f"petition.{data.decision}.v1")
    await trail.record(
        db,
        by,
        f"petition.{data.decision}",
        "petition",
        petition.id,
        tenant_id=petition.tenant_id,
        detail={"by": by.display_name, "document_number": number, "on_time": on_time},
    )
    return await detail(db, by, petition.id)


async def _village_slug(db: TenantSession, petition: PetitionRow) -> str | None:
    if petition.village_id is None:
        return None
    village = (await DirectoryRepo(db).villages([petition.village_id])).get(petition.village_id)
    return village.slug if village else None


def _check(data: DecisionIn) -> None:
    if data.decision is AcceptanceDecision.not_accepted and not (data.reason or "").strip():
        raise RuleViolation("reason", "required")
    if data.decision is AcceptanceDecision.forwarded and not (data.forwarded_to or "").strip():
        raise RuleViolation("forwarded_to", "required")


async def _document_number(
    db: TenantSession, township: TownshipRow, decision: AcceptanceDecision, year: int
) -> str:
    """文号, e.g. 大佳何信受〔2026〕3号: numbered per township and year."""
    n = await AcceptanceRepo(db).count_in_year(township.tenant_id, year) + 1
    short = township.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    return f"{short}信{_DOC_MARK[decision]}〔{year}〕{n}号"


async def notice_pdf(db: TenantSession, by: Principal, ctx: IntakeContext, petition_id: uuid.UUID) -> bytes:
    """The decision notice to the petitioner (告知书); naming the petitioner is an unmasked read, so audited."""
    petition = await PetitionRepo(db).load_visible(by, petition_id)
    acceptance = await AcceptanceRepo(db).get(petition_id)
    if acceptance is None:
        raise NotFound()
    township = await DirectoryRepo(db).township(petition.tenant_id)
    name = await _addressee(db, ctx, petition)
    await trail.record(
        db,
        by,
        "petitioner.revealed",
        "petition",
        petition.id,
        tenant_id=petition.tenant_id,
        detail={"purpose": "decision notice", "by": by.display_name},
    )
    return render_notice(
        DecisionNotice(
            decision=acceptance.decision,
            office=ctx.county.office_of(township.name),
            document_number=acceptance.document_number,
            petitioner_name=name,
            received_on=petition.received_on,
            content=petition.content,
            decided_on=acceptance.decided_on,
            reason=acceptance.reason,
            forwarded_to=acceptance.forwarded_to,
            handling_days=ctx.rules.handling_days,
            query_code=_query_code(ctx, acceptance),
        )
    )


def _query_code(ctx: IntakeContext, acceptance: AcceptanceRow) -> str | None:
    """The code printed at the decision, so a reprinted notice shows the same one."""
    if acceptance.query_code_enc is None:
        return None
    return ctx.cipher.decrypt(acceptance.query_code_enc, QUERY_CODE_CONTEXT)


async def _addressee(db: TenantSession, ctx: IntakeContext, petition: PetitionRow) -> str:
    people = await PetitionerRepo(db).of_petition(petition.id)
    first = next((p for p in people if p.is_representative), people[0])
    name = ctx.cipher.decrypt(first.name_enc, "petitioner.name")
    return f"{name}等{len(people)}人" if len(people) > 1 else name
