"""What the figures API answers (every field in its OpenAPI document)."""

from __future__ import annotations

import uuid
from datetime import date

import msgspec


class RateView(msgspec.Struct, frozen=True):
    """`rate` is numerator ÷ denominator in [0, 1] to four places; null when the denominator is 0."""

    numerator: int
    denominator: int
    rate: float | None


class ThreePetitionsView(msgspec.Struct, frozen=True):
    """三类信访: repeat (重复访), collective (集体访), skip-level (越级访), of the petitions received in the month."""

    repeat: int
    collective: int
    skip_level: int


class RatesView(msgspec.Struct, frozen=True):
    timely_acceptance: RateView  # 及时受理率
    on_time_completion: RateView  # 按期办结率
    satisfaction: RateView  # 群众满意率
    participation: RateView  # 参评率
    instruction_rate: (
        RateView  # 领导阅批率: letters received in the month that a leader instructed ÷ letters received
    )
    information_reports_on_time: (
        RateView  # 信息报送及时率: reports due in the month submitted before due ÷ due
    )


class BacklogView(msgspec.Struct, frozen=True):
    """At the end of the month (yesterday in the current month): `overdue` cases past their handling deadline with
    no opinion (超期未办结), `hard_cases` flagged hard cases not closed (疑难积案)."""

    overdue: int
    hard_cases: int


class ResolutionLevelsView(msgspec.Struct, frozen=True):
    """化解层级 of the diary entries resolved in the month (小事不出村，大事不出镇)."""

    village: int
    township: int
    county: int


class ScreeningView(msgspec.Struct, frozen=True):
    """不稳定因素排查: items recorded in the month, and items whose latest status, set in the month, is 稳控 or 化解."""

    screened: int
    controlled: int
    resolved: int


class TrainingView(msgspec.Struct, frozen=True):
    """Hours credited (出席) in sessions held in the month, how many attendances, how many distinct cadres; and
    培训覆盖率 (`coverage`): of the serving cadres on the roster in force at the month's end, those with a present
    attendance from January 1 to the month's cut (year to date)."""

    hours: float
    attendances: int
    cadres_trained: int
    coverage: RateView


class FiguresView(msgspec.Struct, frozen=True):
    """One month of one township, or of the county when `township` is null."""

    month: str
    township: str | None
    petitions: int
    by_channel: dict[str, int]
    by_category: dict[str, int]
    by_kind: dict[str, int]
    three_petitions: ThreePetitionsView
    rates: RatesView
    backlog: BacklogView
    repeat_assignments: int  # 重复交办: moves in the month that repeat an earlier assignment to the same unit
    resolution_levels: ResolutionLevelsView
    screening: ScreeningView
    training: TrainingView


class OverviewView(msgspec.Struct, frozen=True):
    """`county`: null for a township's caller, who sees only their own township."""

    month: str
    county: FiguresView | None
    townships: list[FiguresView]


class RankedView(msgspec.Struct, frozen=True):
    """`rank`: null for a township without the rate this month (nothing was due)."""

    rank: int | None
    township: str
    numerator: int
    denominator: int
    rate: float | None


class SpreadView(msgspec.Struct, frozen=True):
    """极差: the highest rate minus the lowest, among the townships that have the rate."""

    highest: str | None
    lowest: str | None
    value: float | None


class RankingView(msgspec.Struct, frozen=True):
    month: str
    by: str
    townships: list[RankedView]
    spread: SpreadView


class TrendView(msgspec.Struct, frozen=True):
    """`township` null: the county's trend."""

    township: str | None
    months: list[FiguresView]


class ItemView(msgspec.Struct, frozen=True):
    """One petition, case, diary entry, screening item, attendance or cadre behind a number, with what links it to
    its own service's page: `kind` and `id` (a cadre's id is their user id), a case's `petition_id`, an
    attendance's `session_id` and `hours`. `on`: the date that puts it in the number."""

    kind: str
    id: str
    township: str
    on: date
    petition_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    hours: float | None = None


class ItemsView(msgspec.Struct, frozen=True):
    """The list behind one number, one page of it; `total` is the whole list's length (for `training_hours` the
    attendances, whose hours add up to the number)."""

    figure: str
    key: str | None
    month: str
    township: str | None
    items: list[ItemView]
    total: int
    page: int
    page_size: int
