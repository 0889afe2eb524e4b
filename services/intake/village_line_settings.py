"""Rules of the village line (民情日记, 不稳定因素排查, 应急求助): county-configurable, sensible defaults.

The lead composes these into IntakeSettings as `village_line`, so they read from
XF_INTAKE_VILLAGE_LINE__* like the other intake rules.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field, model_validator

CODE = r"^[a-z][a-z0-9-]{1,30}$"


class HolidayPeriod(BaseModel):
    """A period of intensified screening (重大节日、敏感节点): a holiday run of the county's calendar, or one set here."""

    code: str = Field(pattern=CODE, description="Stable code, e.g. two-sessions")
    label: str = Field(description="What the register is called, e.g. 全国两会")
    starts_on: date = Field(description="First day of the period; the register is due on this day")
    ends_on: date = Field(description="Last day of the period")

    @model_validator(mode="after")
    def _ordered(self) -> HolidayPeriod:
        if self.ends_on < self.starts_on:
            raise ValueError(f"{self.code}: ends_on is before starts_on")
        return self

    @property
    def period(self) -> str:
        """The register's period id: the year it ends in and the code, e.g. 2026-spring-festival (a 元旦 that
        starts on 30 December belongs to the new year, as its notice does)."""
        return f"{self.ends_on.year}-{self.code}"


# The public holidays come from the county's calendar (supervision's, entered from the State Council's notice);
# these name the ones that have a register before them, by the name the notice gives them.
SCREENED_HOLIDAYS = {
    "元旦": "new-year",
    "春节": "spring-festival",
    "清明节": "qingming",
    "劳动节": "labour-day",
    "国庆节": "national-day",
}


def _p(code: str, label: str, starts: str, ends: str) -> HolidayPeriod:
    return HolidayPeriod(
        code=code, label=label, starts_on=date.fromisoformat(starts), ends_on=date.fromisoformat(ends)
    )


# 两会 is no public holiday, so no calendar has it: approximate dates a county corrects when they are announced.
OTHER_PERIODS: tuple[HolidayPeriod, ...] = (
    _p("two-sessions", "全国两会", "2026-03-03", "2026-03-12"),
    _p("two-sessions", "全国两会", "2027-03-03", "2027-03-12"),
)


class VillageLineRules(BaseModel):
    """Deadlines of the sentiment diary, the screening registers and emergency help."""

    screening_due_day: int = Field(
        5,
        ge=1,
        le=28,
        description="The monthly screening register (不稳定因素排查) is due by this day of the following month",
    )
    screened_holidays: dict[str, str] = Field(
        default_factory=lambda: dict(SCREENED_HOLIDAYS),
        description="Public holidays of the county's calendar with a screening register before them: the name the"
        " notice gives (春节) → the period code (spring-festival)",
    )
    other_periods: list[HolidayPeriod] = Field(
        default_factory=lambda: list(OTHER_PERIODS),
        description="Sensitive periods that are no public holiday (全国两会), each with its own register",
    )
    emergency_response_hours: int = Field(
        24,
        ge=1,
        le=168,
        description="Hours from receipt within which an emergency request (应急求助) is answered",
    )
    emergency_resolution_hours: int = Field(
        72, ge=1, le=720, description="Hours from receipt within which an emergency request is resolved"
    )

    @model_validator(mode="after")
    def _unique_periods(self) -> VillageLineRules:
        periods = [h.period for h in self.other_periods]
        if len(periods) != len(set(periods)):
            raise ValueError("two screening periods share one period id (year + code)")
        codes = list(self.screened_holidays.values())
        if len(codes) != len(set(codes)) or not all(re.match(CODE, c) for c in codes):
            raise ValueError("screened_holidays: each holiday needs its own code of lower-case letters and -")
        if clash := set(codes) & {h.code for h in self.other_periods}:
            raise ValueError(f"other_periods reuse the code of a screened holiday: {sorted(clash)}")
        if self.emergency_resolution_hours < self.emergency_response_hours:
            raise ValueError("emergency_resolution_hours is shorter than emergency_response_hours")
        return self
