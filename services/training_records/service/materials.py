"""培训材料: the slides, handouts and photos of a session, accepted by their content and size, kept with it.

The same file added twice to one session is kept once (its digest is unique per session), so a retried upload
does not act twice.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from services.training_records.persistence.tables import SessionMaterialRow
from services.training_records.service import sessions
from services.training_records.service.attendance import writable
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import SessionView
from shared import trail
from shared.attachment_rules import ALLOWED_KINDS, OFFICE_KINDS, check_attachment
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound
from shared.events.envelope import uuid7
from shared.tenancy import COUNTY_CHAIN

MATERIAL_KINDS = (*ALLOWED_KINDS, *OFFICE_KINDS)
FIELD = "file"


async def add(
    db: TenantSession, by: Principal, ctx: TrainingContext, session_id: uuid.UUID, filename: str,
    declared_type: str | None, content: bytes,
) -> SessionView:  # fmt: skip
    session = await writable(db, by, ctx, session_id, held=False)
    facts = check_attachment(
        filename, declared_type, content, ctx.rules.max_material_bytes, field=FIELD, kinds=MATERIAL_KINDS,
        not_allowed="material_type_not_allowed",
    )  # fmt: skip
    row = {
        "id": uuid7(), "session_id": session.id, "tenant_id": session.tenant_id, "filename": facts.filename,
        "media_type": facts.media_type, "size_bytes": facts.size, "sha256": facts.sha256, "content": content,
        "added_by": by.display_name,
    }  # fmt: skip
    added = await db.execute(
        insert(SessionMaterialRow).values(row).on_conflict_do_nothing().returning(SessionMaterialRow.id)
    )
    if added.scalar_one_or_none() is not None:
        await trail.record(
            db, by, "training.material_added", sessions.OBJECT, session.id, tenant_id=session.tenant_id or COUNTY_CHAIN,
            detail={"material": str(row["id"]), "media_type": facts.media_type, "size": facts.size, "sha256": facts.sha256},
        )  # fmt: skip
    return await sessions.one(db, session.id)


async def download(db: TenantSession, session_id: uuid.UUID, material_id: uuid.UUID) -> SessionMaterialRow:
    await sessions.load(db, session_id)
    row = (
        await db.execute(
            select(SessionMaterialRow)
            .where(SessionMaterialRow.id == material_id, SessionMaterialRow.session_id == session_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound()
    await db.refresh(row, ["content"])
    return row
