"""What the figures API answers (every field in its OpenAPI document)."""

from __future__ import annotations

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
