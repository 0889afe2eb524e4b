"""Transactional outbox: an event row committed in the same transaction as the state change it announces.

Tables (created by each service's migration, as the schema owner):

- `outbox`: one row per event; the relay publishes unrelayed rows and sets `relayed_at`. Relayed rows are
  kept for replay until `OutboxRelay.purge_relayed` removes those older than the retention. A row the relay
  could not publish is set aside (`set_aside_at`, `set_aside_reason`; added by each service's
  `00NN_outbox_set_aside` migration) and kept until an operator deals with it: see shared/events/relay.py.
- `processed_event`: (consumer, event_id) of every event a durable consumer has applied, written in the
  same transaction as the handler's effect, so a redelivered event changes nothing.

Both are under row-level security like every tenant-owned table (shared/db/rls.py): a request inserts
outbox rows only for its own tenant (county scope: any tenant, or NULL for county-level events), and the
relay, a system process that reads every tenant's rows, runs its transactions with scope "county". The
same policy binds processed_event: the consumer runner sets the event's own tenant (or county) scope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db.rls import tenant_policy_sql
from shared.db.session import DataScope, scoped_transaction
from shared.events.envelope import SUBJECT_ROOT, Envelope
from shared.telemetry.propagation import current_traceparent

OUTBOX = "outbox"
PROCESSED_EVENT = "processed_event"
NOTIFY_PREFIX = "xf_outbox_"


def notify_channel(schema: str) -> str:
    """The channel a service's outbox announces new rows on (LISTENed to by its relay)."""
    return f"{NOTIFY_PREFIX}{schema}"


def outbox_migration_sql(schema: str) -> list[str]:
    outbox, processed = f'"{schema}".{OUTBOX}', f'"{schema}".{PROCESSED_EVENT}'
    return [
        f"""CREATE TABLE {outbox} (
            id uuid PRIMARY KEY,
            tenant_id uuid,
            subject text NOT NULL,
            type text NOT NULL,
            envelope jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            relayed_at timestamptz,
            attempts integer NOT NULL DEFAULT 0
        )""",
        # Partial index: the relay's "oldest unrelayed first" scan stays small however much history is kept.
        f"CREATE INDEX outbox_unrelayed ON {outbox} (created_at, id) WHERE relayed_at IS NULL",
        f"CREATE INDEX outbox_relayed_at ON {outbox} (relayed_at) WHERE relayed_at IS NOT NULL",
        *tenant_policy_sql(outbox),
        f"""CREATE TABLE {processed} (
            consumer text NOT NULL,
            event_id uuid NOT NULL,
            tenant_id uuid,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        )""",
        *tenant_policy_sql(processed),
    ]


async def put(db: AsyncSession, envelope: Envelope, root: str = SUBJECT_ROOT) -> Envelope:
    """Add the event to the caller's transaction (never commits): it is published only if that commits.

    The table is found on the session's search_path (the service's schema). The active span's traceparent
    is captured now, so the relay's publish span joins the trace of the request that caused the event.
    """
    if envelope.traceparent is None:
        envelope.traceparent = current_traceparent()
    # The notification is delivered at commit (once per transaction, however many rows): the relay wakes then
    # instead of at its next poll. One statement, so the event costs no extra round trip.
    await db.execute(
        text(
            f"WITH added AS (INSERT INTO {OUTBOX} (id, tenant_id, subject, type, envelope)"
            " VALUES (:id, :tenant_id, :subject, :type, CAST(:envelope AS jsonb)) RETURNING id)"
            f" SELECT pg_notify('{NOTIFY_PREFIX}' || current_schema(), '') FROM added"
        ),
        {
            "id": envelope.id,
            "tenant_id": envelope.tenant_id,
            "subject": envelope.nats_subject(root),
            "type": envelope.type,
            "envelope": envelope.to_json().decode(),
        },
    )
    return envelope


def outbox_set_aside_sql(schema: str) -> list[str]:
    """The dead-letter state of the outbox (shared/events/relay.py): a row the relay gave up on stays, with why."""
    outbox = f'"{schema}".{OUTBOX}'
    return [
        f"ALTER TABLE {outbox} ADD COLUMN set_aside_at timestamptz, ADD COLUMN set_aside_reason text",
        f'DROP INDEX "{schema}".outbox_unrelayed',
        # A set-aside row is no longer queued: the relay's scan must not wade through the evidence.
        f"CREATE INDEX outbox_unrelayed ON {outbox} (created_at, id)"
        " WHERE relayed_at IS NULL AND set_aside_at IS NULL",
        f"CREATE INDEX outbox_set_aside ON {outbox} (set_aside_at) WHERE set_aside_at IS NOT NULL",
    ]


def outbox_set_aside_undo_sql(schema: str) -> list[str]:
    outbox = f'"{schema}".{OUTBOX}'
    return [
        f'DROP INDEX "{schema}".outbox_set_aside',
        f'DROP INDEX "{schema}".outbox_unrelayed',
        f"CREATE INDEX outbox_unrelayed ON {outbox} (created_at, id) WHERE relayed_at IS NULL",
        f"ALTER TABLE {outbox} DROP COLUMN set_aside_at, DROP COLUMN set_aside_reason",
    ]


async def count_set_aside(db: AsyncSession) -> int:
    """Rows the relay set aside (never published): each one waits for an operator."""
    return (
        await db.execute(text(f"SELECT count(*) FROM {OUTBOX} WHERE set_aside_at IS NOT NULL"))
    ).scalar_one()


def set_aside_note(sessions: async_sessionmaker[AsyncSession]) -> Callable[[], Awaitable[str]]:
    """The readiness note of a service's outbox: "ok", or how many rows were set aside."""

    async def note() -> str:
        # The outbox holds every tenant's rows: only the county scope counts them all.
        async with scoped_transaction(sessions, DataScope.county()) as db:
            count = await count_set_aside(db)
        return "ok" if count == 0 else f"{count} set aside"

    return note
