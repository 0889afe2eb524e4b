"""When a matter came in or was recorded: a date in the window a petition office works in, checked once here."""

from __future__ import annotations

from datetime import date, datetime

from shared.errors import register_reasons

# Nothing in a township's register predates the system's paper ledgers being digitised; year 1 is a typo.
EARLIEST = date(2000, 1, 1)

register_reasons(
    {
        "too_early": ("早于2000年1月1日", "is earlier than 2000-01-01"),
        "in_future": ("不能晚于今天", "cannot be later than today"),
    }
)


def record_date_problem(value: date, today: date) -> str | None:
    """The reason a received or recorded date is refused, or None; `today` is the service's clock."""
    if value < EARLIEST:
        return "too_early"
    if value > today:
        return "in_future"
    return None


def record_time_problem(value: datetime, now: datetime) -> str | None:
    """As record_date_problem, for a moment with its time zone."""
    if value.date() < EARLIEST:
        return "too_early"
    if value > now:
        return "in_future"
    return None
