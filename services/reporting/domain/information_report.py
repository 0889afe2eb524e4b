"""The rules of upward information reports (信访信息报送): what kind a report is, when it is due, whether it was on
time, and the draft text assembled from the facts (docs/reporting.md, "Information reports").

A report is due at an instant (`due_at`) and counted in the month of its due day (`due_on`, the county's date): a
regular report of November is due by the end of 5 December, so it is December's figure, as a petition's timely
acceptance is the figure of the month it falls due in.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.reporting.domain.figures import Month
from services.reporting.information_report_settings import InformationReportCalendar
from shared.clock import CHINA
from shared.errors import RuleViolation, StateConflict, register_reasons

TITLE_MAX = 100
BODY_MAX = 10000
COUNTY = "county"  # the township column of the county office's own reports (to the city)

register_reasons(
    {
        "period_in_future": ("所报月份尚未开始", "the month has not begun"),
        "not_collective": ("该信访事项不是集体访", "the petition is not a collective petition"),
        "unknown_source": ("未找到该事项", "no such matter is known"),
        "period_not_for_major_matter": ("重大事项信息不按月份报送", "a major matter has no period"),
        "source_not_for_regular": ("定期信息不针对单个事项", "a regular report has no source matter"),
        "nothing_to_change": ("未提交任何修改", "nothing to change"),
    }
)


class ReportKind(enum.StrEnum):
    regular = "regular"  # 定期信息: one per township (or the county office) per month
    major_matter = "major_matter"  # 重大事项 / 紧急信息: one per matter


class SourceKind(enum.StrEnum):
    collective_petition = "collective_petition"  # 集体访: petition.registered.v1 with is_collective
    emergency = "emergency"  # 紧急求助: emergency.requested.v1


class Status(enum.StrEnum):
    """`draft`: not submitted and not yet due; `overdue`: not submitted and past due; `on_time` / `late`:
    submitted before / after it was due."""

    draft = "draft"
    overdue = "overdue"
    on_time = "on_time"
    late = "late"


@dataclass(frozen=True)
class Due:
    at: datetime  # the instant it is due: submitted before it is on time
    on: date  # the county's date of the last moment it is due: the month it is counted in


def regular_due(period: Month, calendar: InformationReportCalendar) -> Due:
    """By the end of the Nth day after the month: 2026-11 with N = 5 is due by 2026-12-05 24:00 China time."""
    day = period.last + timedelta(days=calendar.regular_due_day)
    return Due(datetime.combine(day + timedelta(days=1), time(), CHINA), day)


def major_matter_hours(source: SourceKind, calendar: InformationReportCalendar) -> int:
    return calendar.emergency_hours if source is SourceKind.emergency else calendar.major_matter_hours


def major_matter_due(source: SourceKind, raised_at: datetime, calendar: InformationReportCalendar) -> Due:
    at = raised_at + timedelta(hours=major_matter_hours(source, calendar))
    # A limit of exactly midnight belongs to the day that ends there, not the one that starts.
    return Due(at, (at - timedelta(microseconds=1)).astimezone(CHINA).date())


def is_on_time(due_at: datetime, submitted_at: datetime) -> bool:
    return submitted_at < due_at


def status(due_at: datetime, submitted_at: datetime | None, now: datetime) -> Status:
    if submitted_at is not None:
        return Status.on_time if is_on_time(due_at, submitted_at) else Status.late
    return Status.draft if now < due_at else Status.overdue


def draftable_period(period: Month, today: date) -> Month:
    """A month may be reported on from its first day (a township may write early); one not begun is 422."""
    if period.first > today:
        raise RuleViolation("period", "period_in_future")
    return period


def ensure_editable(submitted_at: datetime | None) -> None:
    """A submitted report is frozen: what the superior received is what the record keeps."""
    if submitted_at is not None:
        raise StateConflict("already_submitted")


# -- the draft's text, assembled from the facts; the user edits it before submitting ---------------------------


@dataclass(frozen=True)
class ScreeningCounts:
    recorded: int
    controlled: int
    resolved: int


def _month_zh(period: Month) -> str:
    return f"{period.year}年{period.month}月"


def regular_title(period: Month, township: str) -> str:
    who = "全县" if township == COUNTY else ""
    return f"{who}{_month_zh(period)}信访信息（定期）"


def regular_body(
    period: Month,
    township: str,
    counts: Mapping[str, ScreeningCounts],
    collective: int,
    emergencies: int,
) -> str:
    """The month's screening registers (排查、稳控、化解) and major matters, township by township for the county."""
    total = ScreeningCounts(
        *(sum(getattr(c, f) for c in counts.values()) for f in ScreeningCounts.__dataclass_fields__)
    )
    who = "全县" if township == COUNTY else "本乡镇（街道）"
    lines = [
        f"{_month_zh(period)}，{who}排查登记不稳定因素{total.recorded}件，稳控{total.controlled}件，"
        f"化解{total.resolved}件；发生集体访{collective}件，紧急求助{emergencies}起。",
    ]
    if township == COUNTY:
        lines += [
            f"{slug}：排查{c.recorded}件，稳控{c.controlled}件，化解{c.resolved}件。"
            for slug, c in sorted(counts.items())
        ]
    lines.append("（以上为系统根据排查台账生成的草稿，请核实补充后报送。）")
    return "\n".join(lines)


def major_matter_title(source: SourceKind, raised_on: date) -> str:
    what = "紧急信息" if source is SourceKind.emergency else "重大事项信息（集体访）"
    return f"{what}：{raised_on.year}年{raised_on.month}月{raised_on.day}日"


def major_matter_body(source: SourceKind, raised_at: datetime, people: int | None, hours: int) -> str:
    local = raised_at.astimezone(CHINA)
    when = f"{local.year}年{local.month}月{local.day}日{local.hour:02d}时{local.minute:02d}分"
    what = "接到紧急求助" if source is SourceKind.emergency else "登记集体访一件"
    many = f"，涉及{people}人" if people else ""
    return (
        f"{when}，{what}{many}。\n"
        f"按信访信息报送制度，应于{hours}小时内向上级报告。请补充事由、处置情况和下一步措施后报送。"
    )
