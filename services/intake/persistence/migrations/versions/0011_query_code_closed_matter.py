"""The acceptance's query code (查询码, encrypted), and matters closed for good after re-examination (不再受理).

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from shared.db.rls import tenant_policy_sql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for decisions other than 受理, and for acceptances decided before codes were printed.
    op.execute("ALTER TABLE acceptance ADD COLUMN query_code_enc bytea")
    # One row per petition whose case supervision closed for good (case.closed_for_good.v1).
    op.execute("""CREATE TABLE closed_matter (
        petition_id uuid PRIMARY KEY REFERENCES petition (id),
        tenant_id uuid NOT NULL REFERENCES township (tenant_id),
        matter_id uuid NOT NULL,
        case_id uuid NOT NULL,
        closed_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
    )""")
    for statement in tenant_policy_sql("closed_matter"):
        op.execute(statement)
    # The closing event looks for the later petitions linked to the closed one.
    op.execute("CREATE INDEX repeat_link_earlier ON repeat_link (tenant_id, earlier_petition_id)")


def downgrade() -> None:
    op.execute("DROP INDEX repeat_link_earlier")
    op.execute("DROP TABLE closed_matter")
    op.execute("ALTER TABLE acceptance DROP COLUMN query_code_enc")
