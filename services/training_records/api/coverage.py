"""/training-coverage, /training-behind: the county's and townships' year; /my-training: a cadre's own hours and
certificate; /cadres/{id}/certificate.pdf for trainers and the county."""

from __future__ import annotations

from typing import Annotated

from litestar import Response, get
from litestar.params import FromPath, QueryParameter

from services.training_records.api.deps import Training
from services.training_records.service import certificates, coverage
from services.training_records.service.io import CadreYearView, CoverageView, MyYearView
from shared.abilities import requires
from shared.abilities import training_records as can
from shared.auth import CurrentPrincipal
from shared.db.request import Db
from shared.fields import SlugQuery
from shared.no_store import NO_CACHE, NO_STORE

# Inside the Annotated: `Annotated[int, ...] | None` would drop the bounds, and a year 47506479259637 reach datetime.
Year = Annotated[int | None, QueryParameter(ge=2000, le=2100)]
UserId = Annotated[str, FromPath]


def _year(ctx: Training, year: int | None) -> int:
    return year if year is not None else ctx.today().year


@get("/training-coverage", guards=[requires(can.READ_COVERAGE)], summary="Coverage by township (培训覆盖率)")
async def township_coverage(
    db: Db, principal: CurrentPrincipal, training: Training, year: Year = None
) -> CoverageView:
    return await coverage.coverage(db, principal, training, _year(training, year))


@get(
    "/training-behind", guards=[requires(can.READ_COVERAGE)], summary="Who is behind, with the hours missing"
)
async def who_is_behind(
    db: Db, principal: CurrentPrincipal, training: Training, year: Year = None,
    township: SlugQuery = None,
) -> list[CadreYearView]:  # fmt: skip
    return await coverage.behind(db, principal, training, _year(training, year), township)


@get(
    "/my-training", guards=[requires(can.OWN_HOURS)], opt={"not_found": True},
    summary="My hours this year (本人学时); 404 until the cadre list has me",
)  # fmt: skip
async def my_training(
    db: Db, principal: CurrentPrincipal, training: Training, year: Year = None
) -> MyYearView:
    return await certificates.year_of(db, principal, training, principal.user_id, _year(training, year))


@get("/cadres/{user_id:str}/training", guards=[requires(can.READ_COVERAGE)], summary="One cadre's year")
async def cadre_training(
    user_id: UserId, db: Db, principal: CurrentPrincipal, training: Training, year: Year = None
) -> MyYearView:
    return await certificates.year_of(db, principal, training, user_id, _year(training, year))


async def _pdf(
    db: Db, principal: CurrentPrincipal, training: Training, user_id: str, year: int | None
) -> Response[bytes]:
    _, pdf = await certificates.certificate(db, principal, training, user_id, _year(training, year))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{year}-certificate.pdf"'},
    )


@get(
    "/my-training/certificate.pdf", guards=[requires(can.OWN_HOURS)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="My attendance certificate for a year (培训学时证明)",
    opt={"media_types": ["application/pdf"], "not_found": True},
)  # fmt: skip
async def my_certificate(
    db: Db, principal: CurrentPrincipal, training: Training, year: Year = None
) -> Response[bytes]:
    return await _pdf(db, principal, training, principal.user_id, year)


@get(
    "/cadres/{user_id:str}/certificate.pdf", guards=[requires(can.PRINT_CERTIFICATES)], cache_control=NO_STORE,
    response_headers=NO_CACHE, summary="A cadre's attendance certificate for a year", opt={"media_types": ["application/pdf"]},
)  # fmt: skip
async def cadre_certificate(
    user_id: UserId, db: Db, principal: CurrentPrincipal, training: Training, year: Year = None
) -> Response[bytes]:
    return await _pdf(db, principal, training, user_id, year)


ROUTES = [township_coverage, who_is_behind, my_training, cadre_training, my_certificate, cadre_certificate]
