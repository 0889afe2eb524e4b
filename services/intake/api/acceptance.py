"""/petitions/{id}/acceptance: decide acceptance and print the notice."""

from __future__ import annotations

import uuid

from litestar import Response, get, post
from litestar.params import FromPath, JSONBody

from services.intake.api.deps import Intake
from services.intake.service import acceptance
from services.intake.service.inputs import DecisionIn
from services.intake.service.views import PetitionDetail
from shared.abilities import intake as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.db.request import Db

DECIDERS = requires(can.DECIDE_ACCEPTANCE)


@post(
    "/petitions/{petition_id:uuid}/acceptance",
    guards=[DECIDERS],
    status_code=200,
    summary="Decide acceptance: accepted, not accepted or forwarded (受理 / 不予受理 / 转送)",
)
async def decide_acceptance(
    petition_id: FromPath[uuid.UUID],
    data: JSONBody[DecisionIn],
    principal: CurrentPrincipal,
    db: Db,
    intake: Intake,
) -> PetitionDetail:
    return await acceptance.decide(db, principal, intake, petition_id, data)


@get(
    "/petitions/{petition_id:uuid}/acceptance/notice.pdf",
    guards=[DECIDERS],
    summary="The decision notice to the petitioner as a printable PDF (告知书)",
    opt={"media_types": ["application/pdf"]},  # documented by shared.openapi
)
async def decision_notice(
    petition_id: FromPath[uuid.UUID], principal: CurrentPrincipal, db: Db, intake: Intake
) -> Response[bytes]:
    pdf = await acceptance.notice_pdf(db, principal, intake, petition_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="notice-{petition_id}.pdf"'},
    )


ROUTES = [decide_acceptance, decision_notice]
