"""A case's notices as the printable documents handed to the petitioner (处理/复查/复核意见书, 延长办理期限告知书).

Supervision holds no petitioner's name, so printing one is no unmasked read: the name is written in by hand.
"""

from __future__ import annotations

import uuid

from services.supervision.persistence.case_repo import CaseRepo, NoticeRepo
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.persistence.township_repo import TownshipRepo
from services.supervision.service.context import SupervisionContext
from services.supervision.service.opinion_pdf import CaseDocument, render_case_document
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound
from shared.trail.timeline import record_row

# The window the document tells the petitioner of: 复查 after an opinion, 复核 after a review.
_NEXT_DAYS = {"opinion": "review_request_days", "review": "reexamination_request_days"}


def petition_number(case: CaseRow) -> str:
    """The matter's reference on paper: the acceptance notice's 文号 the petitioner holds (the first block of the
    petition's id for a case opened before events carried it)."""
    return case.acceptance_number or str(case.petition_id)[:8].upper()


async def notice_pdf(
    db: TenantSession, by: Principal, ctx: SupervisionContext, case_id: uuid.UUID, notice_id: uuid.UUID
) -> tuple[str, bytes]:
    case = await CaseRepo(db).load_visible(by, case_id)
    notice = await NoticeRepo(db).get(notice_id)
    if notice is None or notice.case_id != case.id:
        raise NotFound()
    township = await TownshipRepo(db).get(case.tenant_id)
    document = CaseDocument(
        kind=notice.kind,  # type: ignore[arg-type]
        office=ctx.county.office_of(township.name if township else case.township),
        document_number=notice.document_number,
        petition_number=petition_number(case),
        accepted_on=case.accepted_on,
        issued_on=notice.issued_on,
        text=notice.text,
        review_days=getattr(ctx.rules, _NEXT_DAYS.get(notice.kind, "review_request_days")),
        extension_days=notice.extension_days,
        new_due_on=notice.new_due_on,
    )
    await record_row(db, by, "case.document_printed", "case", case, document_number=notice.document_number)
    return notice.document_number, render_case_document(document)
