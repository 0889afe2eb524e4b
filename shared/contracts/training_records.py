"""Events training records publishes: what reporting counts (sessions held, hours credited, attendance corrected,
the serving cadres of each township).

Cadres travel by their Keycloak user id, never by name.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import msgspec


class TrainingSessionRecorded(msgspec.Struct, frozen=True):
    event_type = "training_session.recorded.v1"
    session_id: uuid.UUID
    session_type: str
    level: str  # county / township: who organised it
    township: str | None
    held_on: date
    hours: Decimal


class AttendanceChanged(msgspec.Struct, frozen=True):
    """出勤: a cadre's attendance of one session, first recorded or corrected (with what it was)."""

    event_types = ("attendance.recorded.v1", "attendance.corrected.v1")
    attendance_id: uuid.UUID
    session_id: uuid.UUID
    cadre_id: str
    township: str | None  # the cadre's township; None for county staff
    status: str
    hours: Decimal
    held_on: date
    previous_status: str | None = None
    previous_hours: Decimal | None = None


class CadreRosterChanged(msgspec.Struct, frozen=True):
    """在岗信访干部名单: the serving petition cadres of one township (or of the county office, township "county"),
    whole, each time a staff sync finds the set changed; the latest by `as_of` is the roster in force."""

    event_type = "cadre_roster.changed.v1"
    township: str  # the township's slug, or "county" for the county office's own staff
    cadre_ids: tuple[str, ...]  # Keycloak user ids, sorted; empty once the last one has left
    as_of: datetime  # the instant the sync read Keycloak
    as_of_date: date  # its date in the county (Asia/Shanghai)
