"""Alembic environment of the training_records schema."""

from shared.db.migrations import run_env

run_env(None)
