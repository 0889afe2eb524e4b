"""The dead_letter table: kept from the dead-letter stream (idempotent on its sequence), listed, counted, replayed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import text

from services.reporting.domain.dead_letter import DeadLetter, replay_of
from shared.db.session import TenantSession
from shared.tenancy import COUNTY_CHAIN

_COLUMNS = (
    "dlq_seq, service, consumer, original_subject, original_seq, event_id, event_type, event_tenant, decodable,"
    " error_type, error_detail, deliveries, dead_lettered_at"
)

# A redelivered message of the stream finds its row: nothing changes. replay_of links the dead letter of a
# replayed message that failed again to the one whose replay it was.
_KEEP = text(f"""
INSERT INTO dead_letter (tenant_id, {_COLUMNS}, replay_of)
VALUES (:tenant_id, :dlq_seq, :service, :consumer, :original_subject, :original_seq, :event_id, :event_type,
        :event_tenant, :decodable, :error_type, :error_detail, :deliveries, :dead_lettered_at, :replay_of)
ON CONFLICT (dlq_seq) DO NOTHING
""")

_READ = f"{_COLUMNS}, replay_of, replayed_at, replayed_by, replay_msg_id"


async def keep(db: TenantSession, letter: DeadLetter) -> None:
    values = asdict(letter)
    values["replay_of"] = replay_of(values.pop("msg_id"), letter.consumer)
    await db.execute(_KEEP, {**values, "tenant_id": COUNTY_CHAIN})


def _where(filters: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    for column in ("service", "consumer", "event_type"):
        if filters.get(column):
            clauses.append(f"{column} = :{column}")
            params[column] = filters[column]
    replayed = filters.get("replayed")
    if replayed is not None:
        clauses.append("replayed_at IS NOT NULL" if replayed else "replayed_at IS NULL")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


async def page(
    db: TenantSession, filters: dict[str, Any], limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    where, params = _where(filters)
    rows = await db.execute(
        text(f"SELECT {_READ} FROM dead_letter{where} ORDER BY dlq_seq DESC LIMIT :limit OFFSET :offset"),
        {**params, "limit": limit, "offset": offset},
    )
    total = await db.execute(text(f"SELECT count(*) FROM dead_letter{where}"), params)
    return [dict(r._mapping) for r in rows], total.scalar_one()


async def counts(db: TenantSession, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Per service and consumer, under the same filters as the list: how many, and how many not yet replayed."""
    where, params = _where(filters)
    rows = await db.execute(
        text(
            "SELECT service, consumer, count(*) AS total, count(*) FILTER (WHERE replayed_at IS NULL) AS waiting,"
            f" max(dead_lettered_at) AS latest FROM dead_letter{where}"
            " GROUP BY service, consumer ORDER BY service, consumer"
        ),
        params,
    )
    return [dict(r._mapping) for r in rows]


async def one(db: TenantSession, dlq_seq: int, *, for_update: bool = False) -> dict[str, Any] | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await db.execute(
        text(f"SELECT {_READ} FROM dead_letter WHERE dlq_seq = :seq{lock}"), {"seq": dlq_seq}
    )
    found = row.first()
    return dict(found._mapping) if found else None


async def replayed_by(db: TenantSession, dlq_seq: int) -> list[int]:
    """The dead letters the replay of this one ended in (it failed again)."""
    rows = await db.execute(
        text("SELECT dlq_seq FROM dead_letter WHERE replay_of = :seq ORDER BY dlq_seq"), {"seq": dlq_seq}
    )
    return list(rows.scalars())


async def mark_replayed(db: TenantSession, dlq_seq: int, at: datetime, by: str, msg_id: str) -> None:
    await db.execute(
        text(
            "UPDATE dead_letter SET replayed_at = :at, replayed_by = :by, replay_msg_id = :msg_id"
            " WHERE dlq_seq = :seq"
        ),
        {"seq": dlq_seq, "at": at, "by": by, "msg_id": msg_id},
    )
