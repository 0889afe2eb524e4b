"""The rules behind the figures, kept apart from the SQL so that docs/reporting.md and the tests read the same.

A month is the county's calendar month; a rate is a numerator over a denominator and is None, never 0 or 100 %,
when nothing was due; a township ranking puts the townships without a rate last and leaves them out of the spread.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from shared.errors import RuleViolation

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
MAX_TREND_MONTHS = 36  # three years: what the county compares, and a bound on one request's work


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str | None, field: str = "month") -> Month:
        found = _MONTH.fullmatch(text or "")
        if found is None or not 2000 <= int(found[1]) <= 2100:
            raise RuleViolation(field, "invalid_format" if text else "required")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months(first: Month, last: Month) -> Iterator[Month]:
    m = first
    while m <= last:
        yield m
        m = m.next()


def trend_span(first: Month, last: Month) -> list[Month]:
    if last < first:
        raise RuleViolation("to", "before_from")
    span = list(months(first, last))
    if len(span) > MAX_TREND_MONTHS:
        raise RuleViolation("to", "too_large")
    return span


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """A share in [0, 1], rounded to four places (0.9167 is 91.67 %); None when nothing was due."""
        return None if self.denominator == 0 else round(self.numerator / self.denominator, 4)


class RateName(enum.StrEnum):
    timely_acceptance = "timely_acceptance"  # 及时受理率
    on_time_completion = "on_time_completion"  # 按期办结率
    satisfaction = "satisfaction"  # 群众满意率
    participation = "participation"  # 参评率
    instruction_rate = "instruction_rate"  # 领导阅批率 (letters)
    information_reports_on_time = "information_reports_on_time"  # 信息报送及时率


class Verdict(enum.StrEnum):
    satisfied = "satisfied"  # 满意
    basically_satisfied = "basically_satisfied"  # 基本满意
    dissatisfied = "dissatisfied"  # 不满意


SATISFIED = (Verdict.satisfied, Verdict.basically_satisfied)

# A case only moves forward through these (supervision's CaseStage), so the furthest stage seen is its stage
# whatever order its events arrive in.
STAGE_ORDER = (
    "handling",
    "opinion_issued",
    "in_review",
    "review_answered",
    "in_reexamination",
    "closed",
    "closed_for_good",
)
CLOSED_STAGES = frozenset({"closed", "closed_for_good"})


def stage_rank(stage: str) -> int:
    """Unknown stages (a later version's) rank below every known one, so they never hide a known stage."""
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    township: str
    rate: Rate


@dataclass(frozen=True)
class Spread:
    """max − min of the townships that have the rate; None when fewer than one has it."""

    highest: str | None
    lowest: str | None
    value: float | None


def rank_townships(rates: Sequence[tuple[str, Rate]]) -> list[Ranked]:
    """Highest rate first; equal rates share a rank (1, 2, 2, 4); townships without a rate come last, unranked,
    by name."""
    with_rate = sorted((t for t in rates if t[1].value is not None), key=lambda t: (-t[1].value, t[0]))  # type: ignore[operator]
    without = sorted((t for t in rates if t[1].value is None), key=lambda t: t[0])
    ranked: list[Ranked] = []
    for i, (township, rate) in enumerate(with_rate):
        same = ranked and ranked[-1].rate.value == rate.value
        ranked.append(Ranked(ranked[-1].rank if same else i + 1, township, rate))
    return ranked + [Ranked(None, township, rate) for township, rate in without]


def spread(ranked: Sequence[Ranked]) -> Spread:
    having = [r for r in ranked if r.rate.value is not None]
    if not having:
        return Spread(None, None, None)
    top, bottom = having[0], having[-1]
    return Spread(top.township, bottom.township, round(top.rate.value - bottom.rate.value, 4))  # type: ignore[operator]


# The list behind each number of the overview: figure → key → the count it lists. A rate's two numbers are its
# keys `numerator` and `denominator`; a breakdown's key is the value counted (`by_channel`, key `letter`).
# `training_hours` lists the attendances whose hours add up to it; `coverage` also lists the roster's cadres not yet
# trained (`untrained`: denominator − numerator), who the township still has to train.
_RATES = {
    "timely_acceptance": ("accepted_on_time", "acceptance_due"),
    "on_time_completion": ("handled_on_time", "handling_due"),
    "satisfaction": ("satisfied", "rated"),
    "participation": ("closed_rated", "closed"),
    "instruction_rate": ("letters_instructed", "letters"),
    "information_reports_on_time": ("reports_on_time", "reports_due"),
}
FIGURES: dict[str, dict[str | None, str]] = {
    "petitions": {None: "received"},
    "repeat": {None: "repeat"},
    "collective": {None: "collective"},
    "skip_level": {None: "skip_level"},
    **{rate: {"numerator": n, "denominator": d} for rate, (n, d) in _RATES.items()},
    "overdue_backlog": {None: "overdue"},
    "hard_case_backlog": {None: "hard_cases"},
    "repeat_assignments": {None: "repeat_assignments"},
    "resolution_levels": {level: f"resolved_{level}" for level in ("village", "township", "county")},
    "screened": {None: "screened"},
    "screening_controlled": {None: "screening_controlled"},
    "screening_resolved": {None: "screening_resolved"},
    "training_hours": {None: "attendances"},
    "attendances": {None: "attendances"},
    "cadres_trained": {None: "cadres_trained"},
    # 培训覆盖率: the roster's cadres trained this year (numerator), the roster (denominator), and the rest.
    "coverage": {"numerator": "roster_trained", "denominator": "roster", "untrained": "roster_untrained"},
}
BREAKDOWN_FIGURES = {"by_channel": "channel", "by_category": "category", "by_kind": "kind"}


@dataclass(frozen=True)
class Listed:
    """What `GET /figures/{figure}/items` lists: one count, or one value of a breakdown (`column`)."""

    count: str | None
    column: str | None = None


def listed(figure: str, key: str | None) -> Listed:
    """The count behind (figure, key), or a 422 naming `figure` or `key`."""
    if figure in BREAKDOWN_FIGURES:
        if not key:
            raise RuleViolation("key", "required")
        return Listed(None, BREAKDOWN_FIGURES[figure])
    keys = FIGURES.get(figure)
    if keys is None:
        raise RuleViolation("figure", "invalid_value")
    if key not in keys:
        raise RuleViolation("key", "required" if not key else "invalid_value")
    return Listed(keys[key])
