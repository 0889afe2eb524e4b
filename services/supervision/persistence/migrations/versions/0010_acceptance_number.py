"""A case keeps its acceptance notice's 文号, which its later documents quote as the matter's reference.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE case_file ADD COLUMN acceptance_number text CHECK (length(acceptance_number) <= 100)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE case_file DROP COLUMN acceptance_number")
