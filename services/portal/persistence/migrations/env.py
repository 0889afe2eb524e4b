"""Alembic environment of the portal schema."""

from shared.db.migrations import run_env

run_env(None)
