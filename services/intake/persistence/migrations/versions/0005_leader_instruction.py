"""Leader instructions (领导阅批) on petitions, letters above all.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

from shared.db.rls import tenant_policy_sql, village_policy_sql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE TABLE leader_instruction (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        village_id uuid,
        petition_id uuid NOT NULL REFERENCES petition (id),
        leader_id text NOT NULL,
        leader_name text NOT NULL,
        leader_role text NOT NULL,
        text text NOT NULL,
        instructed_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute("CREATE INDEX leader_instruction_petition ON leader_instruction (petition_id, instructed_at)")
    for statement in [*tenant_policy_sql("leader_instruction"), *village_policy_sql("leader_instruction")]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE leader_instruction")
