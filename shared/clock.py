"""The clock every rule is handed: the county's date and the current instant, from one object tests can move.

Dates are the county's (Asia/Shanghai): between 16:00 and 24:00 UTC the machine's own date is still yesterday in
China, and a deadline or a "not in the future" rule must not depend on where the server runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Clock:
    tz: ZoneInfo = field(default=CHINA)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()


@dataclass(frozen=True)
class FixedClock(Clock):
    """A clock that reads one instant: tests move it instead of waiting."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.at
