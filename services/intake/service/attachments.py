"""附件: scanned letters and photos, type checked by content, stored in the database with their checksum.

Stored in PostgreSQL (bytea) rather than on a disk beside it: one backup, one transaction, one RLS policy.
Uploaded first, then bound to the petition it is registered with.
"""

from __future__ import annotations

import uuid

from services.intake.persistence.repositories import AttachmentRepo, PetitionRepo
from services.intake.persistence.tables import AttachmentRow
from services.intake.service import places
from services.intake.service.context import IntakeContext
from services.intake.service.views import AttachmentView
from shared.attachment_rules import check_attachment
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound

FIELD = "file"


async def upload(
    db: TenantSession,
    by: Principal,
    ctx: IntakeContext,
    township: str | None,
    filename: str,
    declared_type: str | None,
    data: bytes,
) -> AttachmentView:
    facts = check_attachment(filename, declared_type, data, ctx.rules.max_attachment_bytes, field=FIELD)
    place = await places.resolve(db, by, township, None)
    row = AttachmentRow(
        id=uuid.uuid4(),
        tenant_id=place.township.tenant_id,
        # A liaison's upload belongs to their village from the start: the village policy admits no other row.
        village_id=place.village.id if place.village else None,
        petition_id=None,
        filename=facts.filename,
        media_type=facts.media_type,
        size=facts.size,
        sha256=facts.sha256,
        data=data,
        uploaded_by=by.user_id,
    )
    db.add(row)
    await db.flush()
    return AttachmentView(row.id, row.filename, row.media_type, row.size, row.sha256)


async def download(
    db: TenantSession, by: Principal, petition_id: uuid.UUID, attachment_id: uuid.UUID
) -> AttachmentRow:
    await PetitionRepo(db).load_visible(by, petition_id)
    row = await AttachmentRepo(db).get_with_data(attachment_id)
    if row is None or row.petition_id != petition_id:
        raise NotFound()
    return row
