"""Dead-lettered events, counted and listed for operators, with their replays.

One row per message of the dead-letter stream XF_DLQ, keyed by its stream sequence, so a redelivered message
changes nothing. The rows are the county's operational record (tenant_id is always the county's chain, under the
same policy as every table); the township the event was about is kept as its slug. Only what identifies the event
is kept (id, type, tenant): the message itself stays in XF_DLQ, which a replay reads back.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CREATE = [
    """CREATE TABLE dead_letter (
        dlq_seq bigint PRIMARY KEY,
        tenant_id uuid NOT NULL,
        service text NOT NULL,
        consumer text NOT NULL,
        original_subject text NOT NULL,
        original_seq bigint,
        event_id uuid,
        event_type text,
        event_tenant text,
        decodable boolean NOT NULL,
        error_type text NOT NULL,
        error_detail text NOT NULL DEFAULT '',
        deliveries integer NOT NULL,
        dead_lettered_at timestamptz NOT NULL,
        replay_of bigint,
        replayed_at timestamptz,
        replayed_by text,
        replay_msg_id text
    )""",
    "CREATE INDEX dead_letter_by_consumer ON dead_letter (service, consumer, dlq_seq DESC)",
    "CREATE INDEX dead_letter_by_type ON dead_letter (event_type, dlq_seq DESC)",
    "CREATE UNIQUE INDEX dead_letter_replay_msg ON dead_letter (replay_msg_id)",
]


def upgrade() -> None:
    for statement in [*_CREATE, *tenant_policy_sql("dead_letter")]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE dead_letter")
