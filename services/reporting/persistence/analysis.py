"""The stored monthly analyses: written once per (month, township, kind), read back by id, listed newest first.

Row-level security keeps a township's caller to their own township's documents; the county's (township NULL)
carry the county chain's tenant id, which only county scopes see.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import RowMapping, text

from shared.db.session import TenantSession
from shared.tenancy import COUNTY_CHAIN, tenant_id_for

_INSERT = text("""
INSERT INTO monthly_analysis (id, tenant_id, month, township, kind, content, generated_at)
VALUES (:id, :tenant_id, :month, :township, :kind, :content, :generated_at)
ON CONFLICT (month, township, kind) DO NOTHING
""")
_STORED = text("SELECT count(*) FROM monthly_analysis WHERE month = :month AND township IS NULL")
# Two workers may reach the same month at once: the one that gets the lock generates, the other skips the work
# (the unique key would keep one set anyway; the lock only saves the second the rendering).
_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtext('reporting.monthly_analysis'), :key)")
_COLUMNS = "id, month, township, kind, octet_length(content) AS size, generated_at"


def tenant_of(township: str | None) -> uuid.UUID:
    return COUNTY_CHAIN if township is None else tenant_id_for(township)


async def lock_month(db: TenantSession, month: date) -> bool:
    return bool((await db.execute(_LOCK, {"key": month.year * 12 + month.month})).scalar_one())


async def county_set_stored(db: TenantSession, month: date) -> bool:
    """The county's documents are written last, in the same transaction as the townships': their presence means
    the whole set is there."""
    return (await db.execute(_STORED, {"month": month})).scalar_one() > 0


async def store(
    db: TenantSession, month: date, township: str | None, kind: str, content: bytes, generated_at: datetime
) -> None:
    await db.execute(_INSERT, {
        "id": uuid.uuid4(), "tenant_id": tenant_of(township), "month": month, "township": township,
        "kind": kind, "content": content, "generated_at": generated_at,
    })  # fmt: skip


async def listed(
    db: TenantSession, month: date | None, limit: int, offset: int
) -> tuple[Sequence[RowMapping], int]:
    where = "WHERE month = :month" if month else ""
    params = {"month": month, "limit": limit, "offset": offset}
    rows = await db.execute(
        text(f"""SELECT {_COLUMNS} FROM monthly_analysis {where}
ORDER BY month DESC, township NULLS FIRST, kind LIMIT :limit OFFSET :offset"""),
        params,
    )
    total = await db.execute(text(f"SELECT count(*) FROM monthly_analysis {where}"), params)
    return rows.mappings().all(), total.scalar_one()


async def content(db: TenantSession, analysis_id: uuid.UUID) -> RowMapping | None:
    found = await db.execute(
        text(f"SELECT {_COLUMNS}, content FROM monthly_analysis WHERE id = :id"), {"id": analysis_id}
    )
    return found.mappings().first()
