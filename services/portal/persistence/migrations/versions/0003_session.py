"""Server-side web sessions and pending sign-ins of the portal; not tenant-owned (see the module docstring of tables).

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""CREATE TABLE web_session (
        token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
        user_id text NOT NULL,
        tokens_enc bytea NOT NULL,
        access_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute("CREATE INDEX web_session_expires ON web_session (expires_at)")
    op.execute("CREATE INDEX web_session_user ON web_session (user_id)")
    op.execute("""CREATE TABLE sign_in_attempt (
        state_hash bytea PRIMARY KEY CHECK (length(state_hash) = 32),
        browser_hash bytea NOT NULL CHECK (length(browser_hash) = 32),
        nonce text NOT NULL,
        code_verifier_enc bytea NOT NULL,
        next_path text NOT NULL,
        expires_at timestamptz NOT NULL
    )""")
    op.execute("CREATE INDEX sign_in_attempt_expires ON sign_in_attempt (expires_at)")


def downgrade() -> None:
    op.execute("DROP TABLE sign_in_attempt")
    op.execute("DROP TABLE web_session")
