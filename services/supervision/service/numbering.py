"""文号 of a township's documents (opinions, notices, orders): the n-th of its kind in the township's year."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from sqlalchemy import text

from services.supervision.domain.documents import document_number
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.persistence.township_repo import TownshipRepo
from shared.db.session import TenantSession


async def next_number(
    db: TenantSession, case: CaseRow, kind: str, on: date, issued_in_year: Callable[[], Awaitable[int]]
) -> str:
    """Under a transaction-scoped lock per township, kind and year: two documents issued at once must not both
    count the same n. `issued_in_year` counts the documents of this kind the township already issued that year."""
    await db.execute(
        text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"{case.tenant_id}/{kind}/{on.year}"}
    )
    township = await TownshipRepo(db).get(case.tenant_id)
    n = await issued_in_year() + 1
    return document_number(township.name if township else case.township, kind, on.year, n)
