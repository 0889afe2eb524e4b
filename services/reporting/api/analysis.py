"""/analyses/{month}.pdf and .xlsx: the monthly situation analysis (月度信访形势分析) on demand; /analyses: the ones the
worker generated, and each of them by id (docs/reporting.md)."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Request, Response, get
from litestar.params import FromQuery, Parameter

from services.reporting.domain.figures import Month
from services.reporting.service import analysis
from services.reporting.service.analysis import AnalysisList
from shared.abilities import reporting as can
from shared.abilities import requires
from shared.auth import CurrentPrincipal
from shared.clock import Clock
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.no_store import NO_CACHE, NO_STORE
from shared.paging import PageNumber, PageSize

READERS = requires(can.READ_FIGURES)
CLOCK = Clock()  # the county's date: what "past due" is measured against, as the figures
DocumentName = Annotated[str, Parameter(description="月份与格式：YYYY-MM.pdf 或 YYYY-MM.xlsx")]
BINARY = {"media_types": list(analysis.KINDS.values())}


def _county_name(request: Request) -> str:
    return request.app.state["runtime"].settings.county.name


def _answer(document: analysis.Document) -> Response[bytes]:
    disposition = "inline" if document.media_type == analysis.KINDS["pdf"] else "attachment"
    return Response(
        document.content,
        media_type=document.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{document.filename}"'},
    )


@get(
    "/analyses/{document:str}", guards=[READERS], cache_control=NO_STORE, response_headers=NO_CACHE, opt=BINARY,
    summary="The month's analysis as PDF or .xlsx (月度信访形势分析), from the figures as they are now",
)  # fmt: skip
async def on_demand(
    request: Request, db: Db, principal: CurrentPrincipal, document: DocumentName,
    township: SlugQuery = None,
) -> Response[bytes]:  # fmt: skip
    month, kind = analysis.parse_document(document)
    found = await analysis.on_demand(db, principal, month, kind, township, _county_name(request), CLOCK)
    return _answer(found)


@get("/analyses", guards=[READERS], summary="The analyses the worker generated, newest month first")
async def generated(
    db: Db, month: FromQuery[str | None] = None, page: PageNumber = 1, page_size: PageSize = 50
) -> AnalysisList:
    return await analysis.listed(db, Month.parse(month) if month else None, page, page_size)


@get(
    "/analyses/generated/{analysis_id:uuid}", guards=[READERS], cache_control=NO_STORE,
    response_headers=NO_CACHE, opt=BINARY, summary="One generated analysis, as it was stored",
)  # fmt: skip
async def generated_one(db: Db, analysis_id: uuid.UUID) -> Response[bytes]:
    return _answer(await analysis.stored(db, analysis_id))


ROUTES = [on_demand, generated, generated_one]
