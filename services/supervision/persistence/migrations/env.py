"""Alembic environment of the supervision schema."""

from shared.db.migrations import run_env

run_env(None)
