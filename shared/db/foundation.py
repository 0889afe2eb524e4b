"""The migration steps every service schema takes, each one call in the service's own alembic revision.

A revision file then holds only its ids and `upgrade, downgrade = <step>("<service>")`: the trail, the outbox and
its processed-event ledger, the signed scope of row-level security, and set-aside outbox rows are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from alembic import op

from shared.db.rls import signed_scope_migration_sql, unsigned_scope_migration_sql
from shared.events.outbox import outbox_migration_sql, outbox_set_aside_sql, outbox_set_aside_undo_sql
from shared.trail import downgrade_sql as trail_downgrade_sql
from shared.trail import migration_sql as trail_migration_sql

Step = tuple[Callable[[], None], Callable[[], None]]


def _step(up: Callable[[], Iterable[str]], down: Callable[[], Iterable[str]]) -> Step:
    def upgrade() -> None:
        for statement in up():
            op.execute(statement)

    def downgrade() -> None:
        for statement in down():
            op.execute(statement)

    return upgrade, downgrade


def trail(service: str) -> Step:
    """全程留痕: append-only, hash-chained per tenant; the app role may only insert and read."""
    return _step(lambda: trail_migration_sql(service, f"xf_{service}"), lambda: trail_downgrade_sql(service))


def outbox(service: str) -> Step:
    """The transactional outbox and the processed-event ledger."""
    return _step(
        lambda: outbox_migration_sql(service),
        lambda: [f'DROP TABLE IF EXISTS "{service}".processed_event', f'DROP TABLE IF EXISTS "{service}".outbox'],
    )


def signed_scope(service: str) -> Step:
    """Row-level security trusts only a scope the service signed (docs/signed-scope.md)."""
    return _step(lambda: signed_scope_migration_sql(service), lambda: unsigned_scope_migration_sql(service))


def outbox_set_aside(service: str) -> Step:
    """Outbox rows that cannot be published are set aside with their reason (docs/messaging.md)."""
    return _step(lambda: outbox_set_aside_sql(service), lambda: outbox_set_aside_undo_sql(service))
