"""Rules of the village line (民情日记, 不稳定因素排查, 应急求助): county-configurable, sensible defaults.

The lead composes these into IntakeSettings as `village_line`, so they read from
XF_INTAKE_VILLAGE_LINE__* like the other intake rules.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, model_validator


class HolidayPeriod(BaseModel):
    """A period of intensified screening before a major holiday or political event (重大节日、敏感节点)."""

    code: str = Field(pattern=r"^[a-z][a-z0-9-]{1,30}$", description="Stable code, e.g. spring-festival")
    label: str = Field(description="What the register is called, e.g. 春节")
    starts_on: date = Field(description="First day of the period; the holiday register is due on this day")
    ends_on: date = Field(description="Last day of the period")

    @model_validator(mode="after")
    def _ordered(self) -> HolidayPeriod:
        if self.ends_on < self.starts_on:
            raise ValueError(f"{self.code}: ends_on is before starts_on")
        return self

    @property
    def period(self) -> str:
        """The register's period id: the start year and the code, e.g. 2026-spring-festival."""
        return f"{self.starts_on.year}-{self.code}"


def _p(code: str, label: str, starts: str, ends: str) -> HolidayPeriod:
    return HolidayPeriod(
        code=code, label=label, starts_on=date.fromisoformat(starts), ends_on=date.fromisoformat(ends)
    )


# 2026 from the State Council's holiday notice; 2027 provisional (lunar dates known, official days not yet
# published) and 两会 approximate: a county corrects them in its settings when the notice comes out.
DEFAULT_HOLIDAYS: tuple[HolidayPeriod, ...] = (
    _p("new-year", "元旦", "2026-01-01", "2026-01-03"),
    _p("spring-festival", "春节", "2026-02-15", "2026-02-23"),
    _p("two-sessions", "全国两会", "2026-03-03", "2026-03-12"),
    _p("qingming", "清明节", "2026-04-04", "2026-04-06"),
    _p("labour-day", "劳动节", "2026-05-01", "2026-05-05"),
    _p("national-day", "国庆节", "2026-10-01", "2026-10-07"),
    _p("new-year", "元旦", "2027-01-01", "2027-01-03"),
    _p("spring-festival", "春节", "2027-02-05", "2027-02-11"),
    _p("two-sessions", "全国两会", "2027-03-03", "2027-03-12"),
    _p("qingming", "清明节", "2027-04-03", "2027-04-05"),
    _p("labour-day", "劳动节", "2027-05-01", "2027-05-05"),
    _p("national-day", "国庆节", "2027-10-01", "2027-10-07"),
)


class VillageLineRules(BaseModel):
    """Deadlines of the sentiment diary, the screening registers and emergency help."""

    screening_due_day: int = Field(
        5,
        ge=1,
        le=28,
        description="The monthly screening register (不稳定因素排查) is due by this day of the following month",
    )
    holidays: list[HolidayPeriod] = Field(
        default_factory=lambda: list(DEFAULT_HOLIDAYS),
        description="Periods of intensified screening before major holidays and 两会, each with its own register",
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
        periods = [h.period for h in self.holidays]
        if len(periods) != len(set(periods)):
            raise ValueError("two holiday periods share one period id (year + code)")
        if self.emergency_resolution_hours < self.emergency_response_hours:
            raise ValueError("emergency_resolution_hours is shorter than emergency_response_hours")
        return self
