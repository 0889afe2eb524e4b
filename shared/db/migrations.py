"""Alembic per service schema: the owner role migrates, the version table lives in the service's schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

from shared.db.engine import make_engine
from shared.db.rls import scope_key_sql
from shared.settings import DatabaseSettings


def alembic_config(migrations_dir: Path, db: DatabaseSettings) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.attributes["db_settings"] = db
    return cfg


def upgrade(migrations_dir: Path, db: DatabaseSettings, revision: str = "head") -> None:
    command.upgrade(alembic_config(migrations_dir, db), revision)


def _store_scope_key(conn: Connection, db: DatabaseSettings) -> None:
    """Every run, so a rotated key takes effect; skipped below the signed-scope revision (no key table yet)."""
    key = db.scope_key.get_secret_value()
    if key and conn.execute(text("SELECT to_regclass('scope_key')")).scalar_one() is not None:
        for statement in scope_key_sql(db.schema_name, key):
            conn.execute(text(statement))


def run_env(metadata: MetaData | None) -> None:
    """Body of every service's migrations/env.py (online mode only: we always migrate a live database)."""
    db: DatabaseSettings = context.config.attributes["db_settings"]

    def migrate(conn: Connection) -> None:
        conn.execute(text(f'SET search_path TO "{db.schema_name}"'))
        context.configure(
            connection=conn,
            target_metadata=metadata,
            version_table_schema=db.schema_name,
            include_schemas=False,
        )
        with context.begin_transaction():
            context.run_migrations()
        _store_scope_key(conn, db)

    async def run() -> None:
        engine = make_engine(db, application_name=f"migrate-{db.schema_name}", as_owner=True)
        async with engine.connect() as conn:
            await conn.run_sync(migrate)
            await conn.commit()
        await engine.dispose()

    asyncio.run(run())
