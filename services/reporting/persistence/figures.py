"""The month's figures by GROUP BY over the facts: one row per township and, by GROUPING SETS, the county's
(township NULL). Row-level security decides which townships a caller's query sees; the county row of a township
caller's query is their township alone, so the service does not show it as the county's.

Every count is one `Count`: the fact it counts, the condition a row meets to be in it and the date that puts it
there. The month's GROUP BY and the list behind a number (`items`) are both built from that one condition, so a
list always holds what its number counts (docs/reporting.md).

`:today` is the county's date: an undecided petition, or a case without an opinion, counts as late only once its
date has passed; before that it is not yet due. `:cut` is the last day of the month that has ended (the month's
last day, or yesterday in the current month): the backlogs are what was still open at its end, and the training
coverage counts the year's attendance up to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import RowMapping, text

from shared.db.session import TenantSession

IN_MONTH = "BETWEEN :first AND :last"
_SATISFIED = "('satisfied', 'basically_satisfied')"
_OPEN_AT_CUT = "(c.closed_on IS NULL OR c.closed_on > :cut)"


@dataclass(frozen=True)
class Source:
    """A fact table (alias `f`) and what one of its rows is in a list: its kind, its id and what links it."""

    table: str
    kind: str
    id: str
    petition_id: str = "NULL::uuid"
    session_id: str = "NULL::uuid"
    hours: str = "NULL::numeric"


PETITIONS = Source("petition_fact f", "petition", "f.petition_id::text", petition_id="f.petition_id")
CASES = Source("case_fact c", "case", "c.case_id::text", petition_id="c.petition_id")
HARD_CASES = Source(
    "hard_case_fact f LEFT JOIN case_fact c ON c.case_id = f.case_id",
    "case",
    "f.case_id::text",
    petition_id="c.petition_id",
)
REPEAT_ASSIGNMENTS = Source("repeat_assignment_fact f", "case", "f.case_id::text")
DIARY = Source("diary_resolution_fact f", "diary_entry", "f.diary_entry_id::text")
SCREENING = Source("screening_item_fact f", "screening_item", "f.item_id::text")
_PRESENT = f"f.status = 'present' AND f.held_on {IN_MONTH}"
ATTENDANCE = Source(
    "attendance_fact f", "attendance", "f.attendance_id::text", session_id="f.session_id", hours="f.hours"
)
# A cadre trained in the month: one row per (township, cadre) with a present attendance, dated by the first.
CADRES = Source(
    f"(SELECT f.township, f.cadre_id, min(f.held_on) AS held_on FROM attendance_fact f WHERE {_PRESENT}"
    " GROUP BY f.township, f.cadre_id) f",
    "cadre",
    "f.cadre_id",
)

# 培训覆盖率: one row per cadre of the roster in force at the month's end (each township's latest with
# as_of_date <= :last), with the first day of the year, up to the cut, they attended a session (NULL: not yet).
# Matched by cadre id only, as training records counts a cadre's hours wherever they were recorded.
ROSTER = Source(
    "(SELECT r.township, c.cadre_id, r.as_of_date,"
    " (SELECT min(a.held_on) FROM attendance_fact a WHERE a.cadre_id = c.cadre_id AND a.status = 'present'"
    " AND a.held_on BETWEEN :year_first AND :cut) AS trained_on"
    " FROM (SELECT DISTINCT ON (township) township, as_of_date, cadre_ids FROM cadre_roster_fact"
    " WHERE as_of_date <= :last ORDER BY township, as_of DESC) r"
    " CROSS JOIN LATERAL unnest(r.cadre_ids) AS c(cadre_id)) f",
    "cadre",
    "f.cadre_id",
)

# 信息报送: the townships' reports to the county, counted in the month of their due day; the county office's own
# report (to the city) is no township's (docs/reporting.md, "Information reports").
INFORMATION_REPORTS = Source("information_report f", "information_report", "f.id::text")
_REPORT_DUE = f"f.due_on {IN_MONTH} AND f.township <> 'county'"


@dataclass(frozen=True)
class Count:
    """`where`: the rows in the number; `on`: the date that puts a row there; `total`: what the number adds up
    (a count of the rows, or for hours their sum)."""

    name: str
    source: Source
    where: str
    on: str
    total: str = "count(*)"

    @property
    def township(self) -> str:
        return "c.township" if self.source is CASES else "f.township"


def _petitions(name: str, where: str, on: str = "f.received_on") -> Count:
    return Count(name, PETITIONS, where, on)


def _cases(name: str, where: str, on: str) -> Count:
    return Count(name, CASES, where, on)


_RECEIVED = f"f.received_on {IN_MONTH}"
_ACCEPTANCE_DUE = f"f.acceptance_due_on {IN_MONTH}"
_HANDLING_DUE = f"c.handling_due_on {IN_MONTH}"
_LETTERS = f"{_RECEIVED} AND f.channel = 'letter'"

COUNTS: tuple[Count, ...] = (
    _petitions("received", _RECEIVED),
    _petitions("repeat", f"{_RECEIVED} AND f.is_repeat"),
    _petitions("collective", f"{_RECEIVED} AND f.is_collective"),
    _petitions("skip_level", f"{_RECEIVED} AND f.is_skip_level"),
    _petitions(
        "acceptance_due",
        f"{_ACCEPTANCE_DUE} AND (f.decided_on IS NOT NULL OR f.acceptance_due_on < :today)",
        "f.acceptance_due_on",
    ),
    _petitions(
        "accepted_on_time",
        f"{_ACCEPTANCE_DUE} AND f.decided_on <= f.acceptance_due_on",
        "f.acceptance_due_on",
    ),
    _petitions("letters", _LETTERS),
    _petitions("letters_instructed", f"{_LETTERS} AND f.is_instructed"),
    _cases(
        "handling_due",
        f"{_HANDLING_DUE} AND (c.opinion_on IS NOT NULL OR c.handling_due_on < :today)",
        "c.handling_due_on",
    ),
    _cases("handled_on_time", f"{_HANDLING_DUE} AND c.opinion_on <= c.handling_due_on", "c.handling_due_on"),
    _cases("rated", f"c.rated_on {IN_MONTH}", "c.rated_on"),
    _cases("satisfied", f"c.rated_on {IN_MONTH} AND c.satisfaction IN {_SATISFIED}", "c.rated_on"),
    _cases("closed", f"c.closed_on {IN_MONTH}", "c.closed_on"),
    _cases("closed_rated", f"c.closed_on {IN_MONTH} AND c.rated_on IS NOT NULL", "c.closed_on"),
    _cases(
        "overdue",
        "c.opened_on <= :cut AND c.handling_due_on <= :cut AND (c.opinion_on IS NULL OR c.opinion_on > :cut)"
        f" AND {_OPEN_AT_CUT}",
        "c.handling_due_on",
    ),
    Count("hard_cases", HARD_CASES, f"f.flagged_on <= :cut AND {_OPEN_AT_CUT}", "f.flagged_on"),
    Count("repeat_assignments", REPEAT_ASSIGNMENTS, f"f.moved_on {IN_MONTH}", "f.moved_on"),
    *(
        Count(
            f"resolved_{level}",
            DIARY,
            f"f.resolved_on {IN_MONTH} AND f.resolution_level = '{level}'",
            "f.resolved_on",
        )
        for level in ("village", "township", "county")
    ),
    Count("screened", SCREENING, f"f.recorded_on {IN_MONTH}", "f.recorded_on"),
    Count(
        "screening_controlled",
        SCREENING,
        f"f.controlled_on {IN_MONTH}",
        "f.controlled_on",
    ),
    Count("screening_resolved", SCREENING, f"f.resolved_on {IN_MONTH}", "f.resolved_on"),
    Count("training_hours", ATTENDANCE, _PRESENT, "f.held_on", total="sum(f.hours)"),
    Count("attendances", ATTENDANCE, _PRESENT, "f.held_on"),
    Count("cadres_trained", CADRES, "true", "f.held_on"),
    Count("roster", ROSTER, "true", "f.as_of_date"),
    Count("roster_trained", ROSTER, "f.trained_on IS NOT NULL", "f.trained_on"),
    Count("roster_untrained", ROSTER, "f.trained_on IS NULL", "f.as_of_date"),
    Count(
        "reports_due",
        INFORMATION_REPORTS,
        f"{_REPORT_DUE} AND (f.submitted_at IS NOT NULL OR f.due_on < :today)",
        "f.due_on",
    ),
    Count("reports_on_time", INFORMATION_REPORTS, f"{_REPORT_DUE} AND f.submitted_at < f.due_at", "f.due_on"),
)
BY_NAME = {c.name: c for c in COUNTS}

# The breakdowns of petitions received in the month; column names are spliced, so only these three.
BREAKDOWNS = ("channel", "category", "kind")
_BY = {
    column: text(f"""
SELECT township, {column} AS value, count(*) AS n
FROM petition_fact
WHERE received_on {IN_MONTH}
GROUP BY GROUPING SETS ((township, {column}), ({column}))
""")
    for column in BREAKDOWNS
}


def breakdown_count(column: str) -> Count:
    """The petitions of one value of a breakdown (`:key`), for the list behind it."""
    return _petitions(f"by_{column}", f"{_RECEIVED} AND f.{column} = :key")


def _month_query(counts: Sequence[Count]) -> Any:
    township = counts[0].township
    columns = ",\n    ".join(f"coalesce({c.total} FILTER (WHERE {c.where}), 0) AS {c.name}" for c in counts)
    anywhere = " OR ".join(f"({c.where})" for c in counts)
    return text(f"""
SELECT {township} AS township,
    {columns}
FROM {counts[0].source.table}
WHERE {anywhere}
GROUP BY GROUPING SETS (({township}), ())
""")


def _by_source() -> list[Any]:
    grouped: dict[Source, list[Count]] = defaultdict(list)
    for c in COUNTS:
        grouped[c.source].append(c)
    return [_month_query(counts) for counts in grouped.values()]


_MONTH_QUERIES = _by_source()


def last_ended_day(last: date, today: date) -> date:
    return min(last, today - timedelta(days=1))


def _window(first: date, last: date, today: date) -> dict[str, Any]:
    """`year_first`: January 1 of the month's year, where the coverage's year to date begins."""
    cut = last_ended_day(last, today)
    return {"first": first, "last": last, "today": today, "cut": cut, "year_first": date(first.year, 1, 1)}


async def month_counts(db: TenantSession, first: date, last: date, today: date) -> list[RowMapping]:
    """Every count of the month, one query per fact table: rows of (township | None, count name → value)."""
    rows: list[RowMapping] = []
    for query in _MONTH_QUERIES:
        rows.extend((await db.execute(query, _window(first, last, today))).mappings().all())
    return rows


async def breakdown(db: TenantSession, column: str, first: date, last: date) -> Sequence[RowMapping]:
    return (await db.execute(_BY[column], {"first": first, "last": last})).mappings().all()


def _items_where(count: Count, township: str | None) -> str:
    return f"({count.where})" + (f" AND {count.township} = :township" if township else "")


async def items(
    db: TenantSession, count: Count, first: date, last: date, today: date, *,
    township: str | None, key: str | None, limit: int, offset: int,
) -> tuple[Sequence[RowMapping], int]:  # fmt: skip
    """One page of the rows behind a number, by the date that counts them and then id, and how many there are."""
    s = count.source
    where = _items_where(count, township)
    params = {
        **_window(first, last, today),
        "township": township,
        "key": key,
        "limit": limit,
        "offset": offset,
    }
    page = text(f"""
SELECT '{s.kind}' AS kind, {s.id} AS id, {count.township} AS township, {count.on} AS counted_on,
       {s.petition_id} AS petition_id, {s.session_id} AS session_id, {s.hours} AS hours
FROM {s.table}
WHERE {where}
ORDER BY counted_on, id
LIMIT :limit OFFSET :offset
""")
    total = text(f"SELECT count(*) FROM {s.table} WHERE {where}")
    rows = (await db.execute(page, params)).mappings().all()
    return rows, (await db.execute(total, params)).scalar_one()
