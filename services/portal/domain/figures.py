"""The figures home page's own rules: who lands on it, which month it shows, how a rate reads, and the charts'
data — the same numbers the tables under them show, with labels in the reader's language.

Reporting computes every figure (docs/reporting.md); the page only formats what reporting answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.portal.domain.dates import english_month
from services.portal.domain.messages import Messages
from services.portal.domain.vocabulary import CHOICES
from shared.abilities import reporting as can
from shared.auth.roles import Role

# The home page of the county office and the leaders (issue 12): the others keep their greeting and duties.
# A township clerk or an auditor may read figures too, but their home is their work, not the county's state.
FIGURES_HOME_ROLES = frozenset({Role.county_officer, Role.county_leader, Role.township_leader}) & frozenset(
    can.READ_FIGURES.roles
)
RATES = ("timely_acceptance", "on_time_completion", "satisfaction", "participation")
DEFAULT_RATE = RATES[0]
TREND_MONTHS = 12
MONTHS_OFFERED = 24
NONE = "—"  # a rate with nothing due: never 0 % or 100 %
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the months reporting accepts


def lands_on_figures(roles: Iterable[Role | str]) -> bool:
    return not FIGURES_HOME_ROLES.isdisjoint(roles)


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """ "2026-11" → Month(2026, 11); None for anything reporting would refuse."""
        found = _MONTH.fullmatch(text.strip())
        if found is None or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
            return None
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def last_before(cls, today: date) -> Month:
        """The last month: the whole month before today's, the one whose figures are complete."""
        return cls(today.year, today.month).plus(-1)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_label(month: Month, t: Messages) -> str:
    """2026年11月 / Nov 2026."""
    return t("figures.of_month", year=month.year, month=month.month, month_en=english_month(month.month))


def trend_window(month: Month) -> tuple[Month, Month]:
    """The twelve months ending with the one shown."""
    return month.plus(1 - TREND_MONTHS), month


def months_offered(shown: Month, latest: Month) -> list[Month]:
    """The month selector: the recent months, newest first, and the one shown if it is not among them."""
    offered = [latest.plus(-i) for i in range(MONTHS_OFFERED)]
    return offered if shown in offered else sorted({*offered, shown}, reverse=True)


def percent(rate: float | None) -> str:
    """0.6667 → "66.7%"; None (nothing due) → "—"."""
    return NONE if rate is None else f"{rate * 100:.1f}%"


def percent_value(rate: float | None) -> float | None:
    """The chart's number for a rate: percent to one place, None left as a gap in the line."""
    return None if rate is None else round(rate * 100, 1)


def spread_text(spread: Mapping[str, Any], names: Mapping[str, str], t: Messages) -> str | None:
    """极差 as percentage points with the highest and the lowest township; None when no township has the rate."""
    if spread.get("value") is None:
        return None
    points = t("figures.points", value=f"{spread['value'] * 100:.1f}")
    return t(
        "figures.spread_text",
        value=points,
        highest=names.get(spread["highest"], spread["highest"]),
        lowest=names.get(spread["lowest"], spread["lowest"]),
    )


@dataclass(frozen=True, slots=True)
class Tile:
    key: str  # one of RATES
    label: str
    value: str  # "66.7%" or "—"
    parts: str  # "4 / 6"
    legend: str  # what the two numbers count


def _tile(key: str, rate: Mapping[str, Any], t: Messages) -> Tile:
    return Tile(
        key,
        t(f"rate.{key}"),
        percent(rate["rate"]),
        t("figures.parts", numerator=rate["numerator"], denominator=rate["denominator"]),
        t(f"rate_parts.{key}"),
    )


def rate_tiles(rates: Mapping[str, Mapping[str, Any]], t: Messages) -> list[Tile]:
    return [_tile(key, rates[key], t) for key in RATES]


def coverage_tile(training: Mapping[str, Any], t: Messages) -> Tile:
    """培训覆盖率: reporting's training figure, read like the four rates ("—" when no roster is known)."""
    return _tile("coverage", training["coverage"], t)


def training_bars(training: Mapping[str, Any], t: Messages) -> list[Bar]:
    """The month's training numbers, in the analysis's order; hours to one decimal as reporting gives them."""
    keys = ("training_hours", "attendances", "cadres_trained")
    values = (training["hours"], training["attendances"], training["cadres_trained"])
    return [Bar(k, t(f"figures.{k}"), v) for k, v in zip(keys, values, strict=True)]


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    label: str
    value: int | float  # a count; training hours to one decimal


def channel_bars(by_channel: Mapping[str, int], t: Messages) -> list[Bar]:
    """Every channel, in the forms' order, zeros included (a channel nobody used is a figure too); a channel a
    later intake adds comes after them under its own name."""
    known = CHOICES["channel"]
    extra = sorted(k for k in by_channel if k not in known)
    return [Bar(k, t.label("channel", k), int(by_channel.get(k, 0))) for k in (*known, *extra)]


def three_petition_bars(three: Mapping[str, int], t: Messages) -> list[Bar]:
    return [Bar(k, t.label("three", k), int(three.get(k, 0))) for k in CHOICES["three"]]


@dataclass(frozen=True, slots=True)
class TrendPoint:
    month: str  # "2026-11"
    label: str  # 2026年11月
    petitions: int
    timely: str  # "66.7%" or "—"
    timely_value: float | None


def trend_points(months: Iterable[Mapping[str, Any]], t: Messages) -> list[TrendPoint]:
    points = []
    for m in months:
        month = Month.parse(m["month"])
        timely = m["rates"]["timely_acceptance"]["rate"]
        label = month_label(month, t) if month else m["month"]
        points.append(TrendPoint(m["month"], label, m["petitions"], percent(timely), percent_value(timely)))
    return points


def chart_data(channels: list[Bar], three: list[Bar], trend: list[TrendPoint], t: Messages) -> dict[str, Any]:
    """What static/figures.js draws, by the chart box's data-chart name: labels already in the reader's language,
    so the script formats nothing."""
    return {
        "channel": {
            "kind": "bar",
            "name": t("figures.count"),
            "labels": [b.label for b in channels],
            "values": [b.value for b in channels],
        },
        "three": {
            "kind": "bar",
            "name": t("figures.count"),
            "labels": [b.label for b in three],
            "values": [b.value for b in three],
        },
        "trend": {
            "kind": "trend",
            "labels": [p.label for p in trend],
            "petitions": {"name": t("figures.petitions"), "values": [p.petitions for p in trend]},
            "timely": {"name": t("rate.timely_acceptance"), "values": [p.timely_value for p in trend]},
        },
    }
