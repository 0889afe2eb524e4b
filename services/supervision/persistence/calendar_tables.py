"""The county's calendar: one per deployment, so its tables carry no tenant_id and no row-level security."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from services.supervision.persistence.tables import Base
from shared.state_council_calendar import HOLIDAY, WORKDAY

__all__ = ["HOLIDAY", "WORKDAY", "CalendarDayRow", "CalendarYearRow"]


class CalendarDayRow(Base):
    """A day off on a weekday (holiday) or a make-up working day on a weekend (workday); ordinary days have no row."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint(f"kind IN ('{HOLIDAY}','{WORKDAY}')", name="calendar_day_kind_check"),)
    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)


class CalendarYearRow(Base):
    """A year is known only through this row: a year with no day recorded would look the same as a missing one."""

    __tablename__ = "calendar_year"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str | None] = mapped_column(Text)
    entered_at: Mapped[datetime | None] = mapped_column(server_default=func.now())
