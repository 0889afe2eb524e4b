"""The monthly situation analysis: the figures of `service/figures.py` for the month and the twelve before it,
assembled by `domain/analysis.py`, rendered as PDF and .xlsx; on demand for the caller, and by the worker once a
month for the county and each township, stored.

The worker's task reads the clock it is handed: on the county's first day of a month (or the first round after,
should the worker have been down then) it generates the previous month's set, once, however many workers run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.reporting.domain.analysis import TREND_MONTHS, Analysis, AnalysisInput, assemble
from services.reporting.domain.figures import Month
from services.reporting.persistence import analysis as sql
from services.reporting.service import figures
from services.reporting.service.analysis_pdf import render_pdf
from services.reporting.service.analysis_xlsx import render_xlsx
from shared.auth import Principal
from shared.clock import Clock
from shared.db.session import DataScope, TenantSession, scoped_transaction, session_factory
from shared.errors import NotFound, RuleViolation
from shared.paging import offset
from shared.tenancy import Scope

log = logging.getLogger(__name__)
KINDS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHECK_SECONDS = 600.0  # how often the worker looks whether a month's set is due: the first day has 144 looks


class AnalysisRow(msgspec.Struct, frozen=True):
    """One stored document; `township` null: the county's."""

    id: uuid.UUID
    month: str
    township: str | None
    kind: str
    size: int
    generated_at: datetime


class AnalysisList(msgspec.Struct, frozen=True):
    items: list[AnalysisRow]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class Document:
    content: bytes
    media_type: str
    filename: str


def _months_before(month: Month, n: int) -> Month:
    index = month.year * 12 + month.month - 1 - n
    return Month(index // 12, index % 12 + 1)


class _Months:
    """month_figures of each month asked for, read once: a township's analysis and the county's share them."""

    def __init__(self, db: TenantSession, today: date) -> None:
        self.db, self.today = db, today
        self._read: dict[Month, dict[str | None, Any]] = {}

    async def of(self, month: Month) -> dict[str | None, Any]:
        if month not in self._read:
            self._read[month] = await figures.month_figures(self.db, month, self.today)
        return self._read[month]

    async def one(self, month: Month, township: str | None) -> dict[str, Any]:
        found = (await self.of(month)).get(township) or figures._empty(month, township)
        return msgspec.to_builtins(found)


async def _input(months: _Months, month: Month, township: str | None, place: str) -> AnalysisInput:
    span = [_months_before(month, n) for n in range(TREND_MONTHS - 1, -1, -1)]
    trend = [await months.one(m, township) for m in span]
    last_year = await months.one(_months_before(month, 12), township)
    townships: list[Mapping[str, Any]] = []
    if township is None:
        now = await months.of(month)
        townships = [msgspec.to_builtins(now[t]) for t in sorted(t for t in now if t is not None)]
    return AnalysisInput(month, place, trend[-1], trend, last_year, townships)


def _place(county: str, township: str | None) -> str:
    # Reporting knows townships by slug only (no event names them): the slug follows the county's name.
    return f"{county}{township}" if township else (county or "全县")


def _render(analysis: Analysis, kind: str, at: datetime) -> bytes:
    return render_pdf(analysis, at) if kind == "pdf" else render_xlsx(analysis, at)


def parse_document(name: str) -> tuple[Month, str]:
    """ "2003-03.pdf" → (2003-03, pdf); a month not YYYY-MM is 422 naming `month`, another suffix `format`."""
    stem, dot, kind = name.rpartition(".")
    if not dot or kind not in KINDS:
        raise RuleViolation("format", "invalid_value")
    return Month.parse(stem), kind


def visible_township(by: Principal, township: str | None) -> str | None:
    """As the figures' trend: a township's caller gets their own township; another township is 404."""
    if by.scope is Scope.county:
        return township
    if township not in (None, by.township):
        raise NotFound()
    return by.township


async def on_demand(
    db: TenantSession, by: Principal, month: Month, kind: str, township: str | None, county: str, clock: Clock
) -> Document:
    """The analysis from the figures as they are now (the stored one is the month's as of its generation)."""
    township = visible_township(by, township)
    analysis = assemble(
        await _input(_Months(db, clock.today()), month, township, _place(county, township)), township is None
    )
    content = await asyncio.to_thread(_render, analysis, kind, clock.now())
    return Document(content, KINDS[kind], _filename(month, township, kind))


def _filename(month: Month, township: str | None, kind: str) -> str:
    return f"analysis-{month}-{township or 'county'}.{kind}"


async def listed(db: TenantSession, month: Month | None, page: int, page_size: int) -> AnalysisList:
    rows, total = await sql.listed(db, month.first if month else None, page_size, offset(page, page_size))
    return AnalysisList([_row(r) for r in rows], total, page, page_size)


def _row(r: Mapping[str, Any]) -> AnalysisRow:
    return AnalysisRow(
        r["id"], str(Month.of(r["month"])), r["township"], r["kind"], r["size"], r["generated_at"]
    )


async def stored(db: TenantSession, analysis_id: uuid.UUID) -> Document:
    found = await sql.content(db, analysis_id)
    if found is None:
        raise NotFound()
    month = Month.of(found["month"])
    return Document(
        bytes(found["content"]), KINDS[found["kind"]], _filename(month, found["township"], found["kind"])
    )


# -- the worker's monthly set ------------------------------------------------------------------------------
async def generate_due(sessions: async_sessionmaker[AsyncSession], county: str, clock: Clock) -> int:
    """The previous month's set if it is not stored yet; returns how many documents this call stored (0 when the
    set was there, or another worker holds the month). One transaction: the set is stored whole or not at all."""
    today = clock.today()
    month = _months_before(Month.of(today), 1)
    async with scoped_transaction(sessions, DataScope.county()) as db:
        if not await sql.lock_month(db, month.first) or await sql.county_set_stored(db, month.first):
            return 0
        months = _Months(db, today)
        townships = sorted(t for t in await months.of(month) if t is not None)
        at = clock.now()
        stored_count = 0
        # The county's last: its rows are what county_set_stored looks for.
        for township in [*townships, None]:
            analysis = assemble(
                await _input(months, month, township, _place(county, township)), township is None
            )
            for kind in KINDS:
                content = await asyncio.to_thread(_render, analysis, kind, at)
                await sql.store(db, month.first, township, kind, content, at)
                stored_count += 1
    log.info("monthly analysis of %s stored: %d documents", month, stored_count)
    return stored_count


def monthly_task(county: str, clock: Clock | None = None):  # noqa: ANN201 - a WorkerTask
    clock = clock or Clock()

    async def monthly_analysis(engine: AsyncEngine, stop: asyncio.Event) -> None:
        sessions = session_factory(engine)
        while not stop.is_set():
            try:
                await generate_due(sessions, county, clock)
            except Exception:  # a failed round is tried again at the next look, the worker keeps running
                log.exception("monthly analysis not generated this round")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), CHECK_SECONDS)

    return monthly_analysis
