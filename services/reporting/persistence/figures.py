"""The month's figures by GROUP BY over the facts: one row per township and, by GROUPING SETS, the county's
(township NULL). Row-level security decides which townships a caller's query sees; the county row of a township
caller's query is their township alone, so the service does not show it as the county's.

Definitions: docs/reporting.md. `:today` is the county's date: an undecided petition, or a case without an opinion,
counts as late only once its date has passed; before that it is not yet due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, text

from shared.db.session import TenantSession

IN_MONTH = "BETWEEN :first AND :last"
_SATISFIED = "('satisfied', 'basically_satisfied')"

_PETITIONS = text(f"""
SELECT township,
    count(*) FILTER (WHERE received_on {IN_MONTH}) AS received,
    count(*) FILTER (WHERE received_on {IN_MONTH} AND is_repeat) AS repeat,
    count(*) FILTER (WHERE received_on {IN_MONTH} AND is_collective) AS collective,
    count(*) FILTER (WHERE received_on {IN_MONTH} AND is_skip_level) AS skip_level,
    count(*) FILTER (WHERE acceptance_due_on {IN_MONTH}
                       AND (decided_on IS NOT NULL OR acceptance_due_on < :today)) AS acceptance_due,
    count(*) FILTER (WHERE acceptance_due_on {IN_MONTH} AND decided_on <= acceptance_due_on) AS accepted_on_time
FROM petition_fact
WHERE received_on {IN_MONTH} OR acceptance_due_on {IN_MONTH}
GROUP BY GROUPING SETS ((township), ())
""")

_CASES = text(f"""
SELECT township,
    count(*) FILTER (WHERE handling_due_on {IN_MONTH}
                       AND (opinion_on IS NOT NULL OR handling_due_on < :today)) AS handling_due,
    count(*) FILTER (WHERE handling_due_on {IN_MONTH} AND opinion_on <= handling_due_on) AS handled_on_time,
    count(*) FILTER (WHERE rated_on {IN_MONTH}) AS rated,
    count(*) FILTER (WHERE rated_on {IN_MONTH} AND satisfaction IN {_SATISFIED}) AS satisfied,
    count(*) FILTER (WHERE closed_on {IN_MONTH}) AS closed,
    count(*) FILTER (WHERE closed_on {IN_MONTH} AND rated_on IS NOT NULL) AS closed_rated
FROM case_fact
WHERE handling_due_on {IN_MONTH} OR rated_on {IN_MONTH} OR closed_on {IN_MONTH}
GROUP BY GROUPING SETS ((township), ())
""")

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


def _window(first: date, last: date, today: date) -> dict[str, Any]:
    return {"first": first, "last": last, "today": today}


async def petition_counts(db: TenantSession, first: date, last: date, today: date) -> Sequence[RowMapping]:
    return (await db.execute(_PETITIONS, _window(first, last, today))).mappings().all()


async def case_counts(db: TenantSession, first: date, last: date, today: date) -> Sequence[RowMapping]:
    return (await db.execute(_CASES, _window(first, last, today))).mappings().all()


async def breakdown(db: TenantSession, column: str, first: date, last: date) -> Sequence[RowMapping]:
    return (await db.execute(_BY[column], {"first": first, "last": last})).mappings().all()
