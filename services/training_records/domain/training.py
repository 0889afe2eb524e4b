"""Training sessions and the hours they credit: the types, who may record where, and what counts as trained.

Definitions (docs/training.md): a cadre's hours in a year are the hours credited for sessions held that year; the
requirement is the largest of their petition roles' yearly hours; a cadre is covered (覆盖) with any hours and up
to standard (达标) with the requirement met. A cadre who left during the year keeps their hours in the record but
no longer counts as owing any.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from shared.auth.roles import Role

TENTH = Decimal("0.1")


class SessionType(StrEnum):
    training_class = "training_class"  # 培训班
    study_meeting = "study_meeting"  # 业务学习分析会
    experience_exchange = "experience_exchange"  # 经验交流
    seminar = "seminar"  # 研讨会


SESSION_TYPE_ZH = {
    SessionType.training_class: "培训班",
    SessionType.study_meeting: "业务学习分析会",
    SessionType.experience_exchange: "经验交流",
    SessionType.seminar: "研讨会",
}


class Level(StrEnum):
    county = "county"  # 县级组织
    township = "township"  # 乡镇组织


def credited_hours_problem(status: str, hours: Decimal, session_hours: Decimal) -> str | None:
    """出席: more than none and no more than the session lasted (partial when they left early); 缺席 / 请假: none."""
    if status == "present":
        return None if Decimal(0) < hours <= session_hours else "hours_out_of_range"
    return None if hours == 0 else "hours_out_of_range"


def requirement(roles: Iterable[str], yearly_hours: Mapping[Role, Decimal]) -> Decimal:
    return max((yearly_hours.get(Role(r), Decimal(0)) for r in roles if r in set(Role)), default=Decimal(0))


@dataclass(frozen=True)
class CadreYear:
    """One cadre's year: what they owe, what they did."""

    user_id: str
    full_name: str
    township: str
    required: Decimal
    hours: Decimal
    still_serving: bool  # False: left during the year (kept in history, owes nothing)

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), self.required - self.hours) if self.still_serving else Decimal(0)

    @property
    def behind(self) -> bool:
        return self.missing > 0


@dataclass(frozen=True)
class Coverage:
    """A township's (or the county's) year: the cadres who still serve, covered and up to standard."""

    cadres: int
    covered: int
    up_to_standard: int
    hours: Decimal

    @property
    def coverage_rate(self) -> float | None:
        return round(self.covered / self.cadres, 4) if self.cadres else None

    @property
    def standard_rate(self) -> float | None:
        return round(self.up_to_standard / self.cadres, 4) if self.cadres else None


def coverage_of(years: Iterable[CadreYear]) -> Coverage:
    serving = [y for y in years if y.still_serving]
    return Coverage(
        cadres=len(serving),
        covered=sum(1 for y in serving if y.hours > 0),
        up_to_standard=sum(1 for y in serving if not y.behind),
        hours=sum((y.hours for y in serving), Decimal(0)),
    )
