"""The county's oversight of a case, as pure rules: supervision orders (督办单) and their reply date, on-site
supervision photos (现场督办), follow-up reports of long-running matters (续报) and hard cases (疑难积案).
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from services.supervision.domain.case import CaseStage
from shared.errors import RuleViolation, StateConflict, register_reasons

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 9
# What a photo's content starts with: the file's name and declared type say nothing a renamed .exe cannot.
_PHOTO_MAGIC = (("image/jpeg", b"\xff\xd8\xff"), ("image/png", b"\x89PNG\r\n\x1a\n"))

register_reasons(
    {
        "not_after_today": ("应晚于今天", "must be after today"),
        "in_future": ("不能晚于今天", "must not be in the future"),
        "empty_file": ("文件为空", "is an empty file"),
        "photo_too_large": ("照片超过5MB", "is larger than 5 MB"),
        "not_a_photo": ("仅限JPEG、PNG照片", "must be a JPEG or PNG photo"),
        "too_many_photos": ("每次督办最多9张照片", "at most 9 photos per on-site supervision"),
        "unknown_unit": (
            "不是该乡镇或本县的责任单位",
            "is not a responsible unit of this township or county",
        ),
        "not_your_township": ("不是本乡镇", "is not your township"),
    }
)


def reply_due_on(today: date, given: date | None, default_days: int) -> date:
    """督办单 reply date: the county's own, or `order_reply_days` from today; never today or earlier."""
    due = given or today + timedelta(days=default_days)
    if due <= today:
        raise RuleViolation("reply_due_on", "not_after_today")
    return due


def reply_is_late(due_on: date, replied_on: date) -> bool:
    return replied_on > due_on


def order_is_late(due_on: date, replied_on: date | None, today: date) -> bool:
    """Late: replied after the date, or still unanswered past it."""
    return reply_is_late(due_on, replied_on if replied_on is not None else today)


def not_in_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise RuleViolation(field, "in_future")


def photo_media_type(content: bytes, field: str = "file") -> str:
    """JPEG or PNG by its first bytes, at most 5 MB; anything else is refused naming the upload's field."""
    if not content:
        raise RuleViolation(field, "empty_file")
    if len(content) > MAX_PHOTO_BYTES:
        raise RuleViolation(field, "photo_too_large")
    for media_type, magic in _PHOTO_MAGIC:
        if content.startswith(magic):
            return media_type
    raise RuleViolation(field, "not_a_photo")


def check_photo_room(already: int, field: str = "file") -> None:
    if already >= MAX_PHOTOS:
        raise RuleViolation(field, "too_many_photos")


class HardCaseRule(enum.StrEnum):
    age = "age"  # open longer than hard_case_age_days
    repeat = "repeat"  # the matter has hard_case_repeat_count cases or more
    collective = "collective"  # 集体访


def age_days(accepted_on: date, today: date) -> int:
    return (today - accepted_on).days


def rule_for(
    accepted_on: date, today: date, matter_cases: int, is_collective: bool, max_age: int, repeat_count: int
) -> HardCaseRule | None:
    """The first rule (in the order the county lists them) that makes an open case a hard case, if any."""
    if age_days(accepted_on, today) > max_age:
        return HardCaseRule.age
    if matter_cases >= repeat_count:
        return HardCaseRule.repeat
    if is_collective:
        return HardCaseRule.collective
    return None


def month_of(day: date) -> str:
    """A progress note's month, "2026-03": one note per hard case and month."""
    return f"{day.year:04d}-{day.month:02d}"


def note_missing(last_month: str | None, today: date) -> bool:
    return last_month != month_of(today)


def needs_follow_up(stage: CaseStage, extended: bool, hard: bool) -> bool:
    """续报: a case still in handling that was extended or is a hard case reports its progress periodically."""
    return stage is CaseStage.handling and (extended or hard)


def ensure_reportable(stage: CaseStage) -> None:
    if stage is not CaseStage.handling:
        raise StateConflict("only a case still in handling reports its progress")
