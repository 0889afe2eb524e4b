"""Dates as Chinese offices write them (2026年11月25日), and their English form, always in China Standard Time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _as_local(value: date | datetime | str) -> date | datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(CHINA)
    return value


def chinese_date(value: date | datetime | str | None) -> str:
    """2026年11月25日 (no leading zeros, as in official documents); empty for no date."""
    if value is None or value == "":
        return ""
    d = _as_local(value)
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_datetime(value: datetime | str | None) -> str:
    """2026年11月25日 14:05 in China Standard Time."""
    if value is None or value == "":
        return ""
    d = _as_local(value)
    if not isinstance(d, datetime):
        return chinese_date(d)
    return f"{chinese_date(d)} {d.hour:02d}:{d.minute:02d}"


def english_date(value: date | datetime | str | None) -> str:
    """25 Nov 2026."""
    if value is None or value == "":
        return ""
    d = _as_local(value)
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def english_month(month: int) -> str:
    """11 → Nov."""
    return _EN_MONTHS[month - 1]


def month_label(value: str | None, language: str = "zh") -> str:
    """A month written 2026-11 as the page's language reads it: 2026年11月, or Nov 2026; anything else as it is."""
    if not value:
        return ""
    try:
        year, month = (int(part) for part in str(value).split("-"))
    except ValueError:
        return str(value)
    if not 1 <= month <= 12:
        return str(value)
    return f"{english_month(month)} {year}" if language == "en" else f"{year}年{month}月"
