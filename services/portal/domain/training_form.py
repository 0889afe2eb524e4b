"""The training forms as training records takes them, and its refusals laid back onto the forms and the sheet.

Anything the portal cannot read (a time, a number) goes as typed: training names the field and the reason, so
the message is the service's, at its field, in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.portal.domain.dates import CHINA

SESSION_TYPES = ("training_class", "study_meeting", "experience_exchange", "seminar")
LEVELS = ("county", "township")
STATUSES = ("present", "absent", "excused")
# The order of a sheet row's columns, as the template lays them out left to right.
SHEET_COLUMNS = ("name", "unit", "username", "status", "hours")
_PEOPLE_SEPARATORS = re.compile(r"[，,、;；\n]+")
_SHEET_FIELD = re.compile(r"^rows\.(\d+)\.(\w+)$")
_ENTRY_FIELD = re.compile(r"^entries\.\d+\.(\w+)$")


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def starts_at(text: str) -> str:
    """A datetime-local field (2026-11-20T09:00) in China Standard Time, with its offset, as training asks."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=CHINA).isoformat()
    except ValueError:
        return text


def people(text: str) -> list[str]:
    """Names as a trainer types them: 王老师、李老师 or 王老师, 李老师."""
    return [n.strip() for n in _PEOPLE_SEPARATORS.split(text) if n.strip()]


def session_body(posted: Mapping[str, str], own_township: str | None) -> dict[str, Any]:
    """The record form as SessionIn. A township trainer's session is their township's whatever was posted (the
    page offers no choice); a county trainer's is the county's or the township chosen."""
    value = {
        k: (posted.get(k) or "").strip() for k in ("session_type", "topic", "starts_at", "hours", "place")
    }
    body: dict[str, Any] = {k: v for k, v in value.items() if v}
    if "starts_at" in body:
        body["starts_at"] = starts_at(body["starts_at"])
    if "hours" in body:
        body["hours"] = _number(body["hours"])
    if own_township:
        body["level"], body["township"] = "township", own_township
    else:
        body["level"] = (posted.get("level") or "").strip() or "county"
        township = (posted.get("township") or "").strip()
        if body["level"] == "township" and township:
            body["township"] = township
    organiser = (posted.get("organiser") or "").strip()
    if organiser:
        body["organiser"] = organiser
    body["trainers"] = people(posted.get("trainers") or "")
    body["speakers"] = people(posted.get("speakers") or "")
    return body


def attendance_body(posted: Mapping[str, str]) -> dict[str, Any]:
    """The correction form as one entry of AttendanceIn; blank hours mean the whole session when present."""
    entry: dict[str, Any] = {
        "cadre_id": (posted.get("cadre_id") or "").strip(),
        "status": (posted.get("status") or "").strip(),
    }
    hours = (posted.get("hours") or "").strip()
    if hours:
        entry["hours"] = _number(hours)
    return {"entries": [entry]}


def entry_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`entries.0.hours` is the form's `hours`: the form sends one entry."""
    out = []
    for e in errors:
        field = str(e.get("field") or "")
        found = _ENTRY_FIELD.match(field)
        if found:
            message = str(e.get("message") or "")
            e = {**e, "field": found.group(1), "message": message.replace(field, found.group(1), 1)}
        out.append(e)
    return out


@dataclass(frozen=True, slots=True)
class SheetProblem:
    row: int  # the Excel row number, as in Excel's margin
    column: str  # name, unit, username, status or hours
    reason: str  # the service's message without the field's path


def sheet_problems(errors: Iterable[Mapping[str, Any]]) -> tuple[list[SheetProblem], list[str]]:
    """A refused sheet's problems by row, in the sheet's order (row, then column left to right); the rest
    (`sheet`: not a workbook, no header, too large) as messages of the whole file."""
    rows: list[SheetProblem] = []
    rest: list[str] = []
    for e in errors:
        field = str(e.get("field") or "")
        message = str(e.get("message") or e.get("reason") or "")
        found = _SHEET_FIELD.match(field)
        if found:
            reason = message[len(field) :].strip() if message.startswith(field) else message
            rows.append(SheetProblem(int(found.group(1)), found.group(2), reason))
        else:
            rest.append(message[len(field) :].strip() if field and message.startswith(field) else message)
    order = {c: i for i, c in enumerate(SHEET_COLUMNS)}
    rows.sort(key=lambda p: (p.row, order.get(p.column, len(order)), p.column))
    return rows, rest


def count(text: str | None) -> int | None:
    """A result count from the page's query (?recorded=2): a small whole number, or nothing to show."""
    return int(text) if text and text.isascii() and text.isdecimal() and len(text) <= 5 else None
