"""The county overview, the township ranking and the trend, from the month's GROUP BY over the facts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from services.reporting.domain.figures import (
    Month,
    Rate,
    RateName,
    listed,
    rank_townships,
    spread,
    trend_span,
)
from services.reporting.persistence import figures as sql
from services.reporting.service.io import (
    BacklogView,
    FiguresView,
    ItemsView,
    ItemView,
    OverviewView,
    RankedView,
    RankingView,
    RatesView,
    RateView,
    ResolutionLevelsView,
    ScreeningView,
    SpreadView,
    ThreePetitionsView,
    TrainingView,
    TrendView,
)
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound
from shared.paging import offset
from shared.tenancy import Scope

COUNTY = None  # the key of the county-wide row (GROUPING SETS' empty set)


@dataclass
class _Tally:
    counts: dict[str, Any] = field(default_factory=lambda: defaultdict(int))
    by: dict[str, dict[str, int]] = field(default_factory=lambda: {c: {} for c in sql.BREAKDOWNS})

    def rate(self, numerator: str, denominator: str) -> RateView:
        r = Rate(self.counts[numerator], self.counts[denominator])
        return RateView(r.numerator, r.denominator, r.value)

    def view(self, month: Month, township: str | None) -> FiguresView:
        c = self.counts
        return FiguresView(
            month=str(month),
            township=township,
            petitions=c["received"],
            by_channel=dict(sorted(self.by["channel"].items())),
            by_category=dict(sorted(self.by["category"].items())),
            by_kind=dict(sorted(self.by["kind"].items())),
            three_petitions=ThreePetitionsView(c["repeat"], c["collective"], c["skip_level"]),
            rates=RatesView(
                timely_acceptance=self.rate("accepted_on_time", "acceptance_due"),
                on_time_completion=self.rate("handled_on_time", "handling_due"),
                satisfaction=self.rate("satisfied", "rated"),
                participation=self.rate("closed_rated", "closed"),
                instruction_rate=self.rate("letters_instructed", "letters"),
                information_reports_on_time=self.rate("reports_on_time", "reports_due"),
            ),
            backlog=BacklogView(c["overdue"], c["hard_cases"]),
            repeat_assignments=c["repeat_assignments"],
            resolution_levels=ResolutionLevelsView(
                c["resolved_village"], c["resolved_township"], c["resolved_county"]
            ),
            screening=ScreeningView(c["screened"], c["screening_controlled"], c["screening_resolved"]),
            training=TrainingView(
                float(round(c["training_hours"], 1)),
                c["attendances"],
                c["cadres_trained"],
                self.rate("roster_trained", "roster"),
            ),
        )


async def month_figures(db: TenantSession, month: Month, today: date) -> dict[str | None, FiguresView]:
    """Every township the caller sees that has a fact in the month, and the county row (key None)."""
    first, last = month.first, month.last
    tallies: dict[str | None, _Tally] = defaultdict(_Tally)
    for row in await sql.month_counts(db, first, last, today):
        tallies[row["township"]].counts.update({k: v for k, v in row.items() if k != "township"})
    for column in sql.BREAKDOWNS:
        for row in await sql.breakdown(db, column, first, last):
            tallies[row["township"]].by[column][row["value"] or ""] = row["n"]
    tallies.setdefault(COUNTY, _Tally())
    return {township: tally.view(month, township) for township, tally in tallies.items()}


def _empty(month: Month, township: str | None) -> FiguresView:
    return _Tally().view(month, township)


def _townships(figures: Mapping[str | None, FiguresView]) -> list[FiguresView]:
    return [figures[t] for t in sorted(t for t in figures if t is not COUNTY)]


def _own(by: Principal, month: Month, figures: Mapping[str | None, FiguresView]) -> FiguresView:
    return figures.get(by.township) or _empty(month, by.township)


async def overview(db: TenantSession, by: Principal, month: Month, today: date) -> OverviewView:
    figures = await month_figures(db, month, today)
    if by.scope is Scope.county:
        return OverviewView(str(month), figures[COUNTY], _townships(figures))
    return OverviewView(str(month), None, [_own(by, month, figures)])


async def ranking(db: TenantSession, by: Principal, month: Month, rate: RateName, today: date) -> RankingView:
    figures = _townships(await month_figures(db, month, today))
    if by.scope is not Scope.county and not figures:
        figures = [_empty(month, by.township)]
    rates = []
    for f in figures:
        r: RateView = getattr(f.rates, rate)
        rates.append((f.township or "", Rate(r.numerator, r.denominator)))
    ranked = rank_townships(rates)
    s = spread(ranked)
    return RankingView(
        str(month),
        str(rate),
        [RankedView(r.rank, r.township, r.rate.numerator, r.rate.denominator, r.rate.value) for r in ranked],
        SpreadView(s.highest, s.lowest, s.value),
    )


def _visible_township(by: Principal, township: str | None) -> str | None:
    """A township's caller reads their own township; another township is 404, as its objects are."""
    if by.scope is Scope.county:
        return township
    if township not in (None, by.township):
        raise NotFound()
    return by.township


async def items(
    db: TenantSession, by: Principal, figure: str, key: str | None, month: Month, township: str | None,
    today: date, page: int, page_size: int,
) -> ItemsView:  # fmt: skip
    """The list behind one number of the overview: the same condition as the number, a page of it."""
    what = listed(figure, key)
    count = sql.breakdown_count(what.column) if what.column else sql.BY_NAME[what.count or ""]
    township = _visible_township(by, township)
    rows, total = await sql.items(
        db, count, month.first, month.last, today, township=township, key=key, limit=page_size,
        offset=offset(page, page_size),
    )  # fmt: skip
    return ItemsView(figure, key, str(month), township, [_item(r) for r in rows], total, page, page_size)


def _item(row: Any) -> ItemView:
    hours = row["hours"]
    return ItemView(
        row["kind"], row["id"], row["township"], row["counted_on"], row["petition_id"], row["session_id"],
        None if hours is None else float(hours),
    )  # fmt: skip


async def trend(
    db: TenantSession, by: Principal, first: Month, last: Month, township: str | None, today: date
) -> TrendView:
    """A township's caller gets their own township's trend; another township's is 404, as its objects are."""
    span = trend_span(first, last)
    township = _visible_township(by, township)
    months = []
    for month in span:
        figures = await month_figures(db, month, today)
        months.append(figures.get(township) or _empty(month, township))
    return TrendView(township, months)
