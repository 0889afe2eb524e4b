"""信访人: sealing personal data on the way in (encrypted, hashed, masked) and the audited reveal."""

from __future__ import annotations

import uuid

from services.intake.domain.identity import (
    mask_id_number,
    mask_mobile,
    mask_name,
    normalise_id_number,
    normalise_mobile,
)
from services.intake.persistence.repositories import PetitionerRepo, PetitionRepo
from services.intake.persistence.tables import PetitionerRow
from services.intake.service.context import IntakeContext
from services.intake.service.views import PetitionerView
from shared import trail
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound


def seal(
    ctx: IntakeContext,
    petition: uuid.UUID,
    tenant: uuid.UUID,
    village: uuid.UUID | None,
    position: int,
    name: str,
    id_number: str | None,
    phone: str | None,
    is_representative: bool,
) -> PetitionerRow:
    c = ctx.cipher
    number = normalise_id_number(id_number) if id_number else None
    mobile = normalise_mobile(phone) if phone else None
    return PetitionerRow(
        id=uuid.uuid4(),
        tenant_id=tenant,
        village_id=village,
        petition_id=petition,
        position=position,
        is_representative=is_representative,
        name_enc=c.encrypt(name.strip(), "petitioner.name"),
        name_masked=mask_name(name),
        id_number_enc=c.encrypt(number, "petitioner.id_number") if number else None,
        id_number_masked=mask_id_number(number) if number else None,
        id_number_hash=c.keyed_hash("id_number", number) if number else None,
        phone_enc=c.encrypt(mobile, "petitioner.phone") if mobile else None,
        phone_masked=mask_mobile(mobile) if mobile else None,
        phone_hash=c.keyed_hash("phone", mobile) if mobile else None,
    )


def match_hashes(ctx: IntakeContext, id_numbers: list[str], phones: list[str]) -> list[str]:
    """Keyed hashes a repeat petitioner is recognised by, without decrypting anyone."""
    return [ctx.cipher.keyed_hash("id_number", normalise_id_number(n)) for n in id_numbers] + [
        ctx.cipher.keyed_hash("phone", normalise_mobile(p)) for p in phones
    ]


def masked_view(row: PetitionerRow) -> PetitionerView:
    return PetitionerView(
        id=row.id,
        name=row.name_masked,
        id_number=row.id_number_masked,
        phone=row.phone_masked,
        is_representative=row.is_representative,
    )


async def reveal(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    petition_id: uuid.UUID,
    petitioner_id: uuid.UUID,
    purpose: str,
) -> PetitionerView:
    """查看完整信息: the full name, ID number and phone, for a stated purpose; every reveal is on the trail."""
    petition = await PetitionRepo(db).load_visible(by, petition_id)
    row = await PetitionerRepo(db).get(petitioner_id)
    if row is None or row.petition_id != petition_id:
        raise NotFound()
    c = ctx.cipher
    view = PetitionerView(
        id=row.id,
        name=c.decrypt(row.name_enc, "petitioner.name"),
        id_number=c.decrypt(row.id_number_enc, "petitioner.id_number") if row.id_number_enc else None,
        phone=c.decrypt(row.phone_enc, "petitioner.phone") if row.phone_enc else None,
        is_representative=row.is_representative,
        masked=False,
    )
    await trail.record(
        db,
        by,
        "petitioner.revealed",
        "petition",
        petition_id,
        tenant_id=petition.tenant_id,
        detail={"petitioner_id": str(petitioner_id), "purpose": purpose, "by": by.display_name},
    )
    return view
