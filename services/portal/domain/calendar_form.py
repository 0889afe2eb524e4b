"""The calendar form: a year's holidays typed one day a line ("2027-01-01 元旦", or a run of days
"2027-02-15~2027-02-21 春节"), read into the days supervision takes, and its refusals put back on their lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*[~～至]\s*(\d{4}-\d{1,2}-\d{1,2}))?(?:\s+(.*))?$")
_ENTRY_FIELD = re.compile(r"^(holidays|workdays)\.(\d+)\.(day|name)$")
MAX_RUN = 31  # no holiday of the State Council's notices is longer; a longer run is a typing mistake


@dataclass
class ReadDays:
    """The days of one textarea, and for each the line it came from (1-based), to show a refusal there."""

    days: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    bad_lines: dict[int, str] = field(default_factory=dict)  # line -> "bad_line" | "bad_range"


def read_days(text: str) -> ReadDays:
    read = ReadDays()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        found = _LINE.match(line)
        first = _date(found.group(1)) if found else None
        if first is None:
            read.bad_lines[number] = "bad_line"
            continue
        last = _date(found.group(2)) if found.group(2) else first
        if last is None or last < first or (last - first).days >= MAX_RUN:
            read.bad_lines[number] = "bad_range"
            continue
        name = (found.group(3) or "").strip()
        for offset in range((last - first).days + 1):
            read.days.append({"day": (first + timedelta(days=offset)).isoformat(), "name": name})
            read.lines.append(number)
    return read


def _date(text: str) -> date | None:
    try:
        year, month, day = (int(p) for p in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def as_text(days: Iterable[Mapping[str, object]]) -> str:
    """A year's days as the form shows them again: runs of days with one name folded into "a~b name"."""
    runs: list[tuple[date, date, str]] = []
    for d in days:
        day, name = date.fromisoformat(str(d["day"])), str(d.get("name") or "")
        if runs and runs[-1][2] == name and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day, name)
        else:
            runs.append((day, day, name))
    return "\n".join(
        f"{a.isoformat()}{'~' + b.isoformat() if b != a else ''} {name}".rstrip() for a, b, name in runs
    )


def errors_by_line(
    errors: Iterable[Mapping[str, str]],
    lines: Mapping[str, list[int]],
    labels: Mapping[str, str],
    sep: str = "",
) -> tuple[dict[str, dict[int, list[str]]], list[Mapping[str, str]]]:
    """Supervision names an entry (`holidays.3.day`); the form shows the line it came from. Returns the messages
    by textarea and line, and the errors naming no entry (the year, the request)."""
    by_line: dict[str, dict[int, list[str]]] = {}
    rest: list[Mapping[str, str]] = []
    for e in errors:
        found = _ENTRY_FIELD.match(str(e.get("field") or ""))
        entry_lines = lines.get(found.group(1), []) if found else []
        index = int(found.group(2)) if found else -1
        if not found or index >= len(entry_lines):
            rest.append(e)
            continue
        by_line.setdefault(found.group(1), {}).setdefault(entry_lines[index], []).append(
            _reason_text(str(e.get("message") or ""), str(e["field"]), labels.get(found.group(3), ""), sep)
        )
    return by_line, rest


def _reason_text(message: str, field_path: str, label: str, sep: str) -> str:
    """The entry's path comes off ("holidays.3.day不在该年度内" → "日期不在该年度内"): the line says which."""
    if not message.startswith(field_path):
        return message
    return f"{label}{sep}{message[len(field_path) :].strip()}".strip()
