"""Repositories of web sessions and pending sign-ins: queries only, no commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.portal.persistence.tables import SignInAttemptRow, WebSessionRow


class WebSessionRepo:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def add(self, row: WebSessionRow) -> WebSessionRow:
        self.db.add(row)
        await self.db.flush()
        return row

    async def get_live(
        self, token_hash: bytes, now: datetime, for_update: bool = False
    ) -> WebSessionRow | None:
        stmt = select(WebSessionRow).where(
            WebSessionRow.token_hash == token_hash, WebSessionRow.expires_at > now
        )
        if for_update:
            # Two replicas (or two tabs) refreshing the same session at once: the second waits, then sees
            # the tokens the first one stored instead of spending the refresh token again.
            stmt = stmt.with_for_update()
        return (await self.db.scalars(stmt)).one_or_none()

    async def remove(self, token_hash: bytes) -> None:
        await self.db.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    async def remove_expired(self, now: datetime) -> int:
        result = await self.db.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
        return result.rowcount or 0


class SignInAttemptRepo:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def add(self, row: SignInAttemptRow) -> None:
        self.db.add(row)
        await self.db.flush()

    async def take(self, state_hash: bytes, now: datetime) -> SignInAttemptRow | None:
        """The live attempt with this state, deleted as it is read: a state is good for one callback only."""
        stmt = (
            delete(SignInAttemptRow)
            .where(SignInAttemptRow.state_hash == state_hash, SignInAttemptRow.expires_at > now)
            .returning(SignInAttemptRow)
        )
        return (await self.db.scalars(stmt)).one_or_none()

    async def remove_expired(self, now: datetime) -> int:
        result = await self.db.execute(delete(SignInAttemptRow).where(SignInAttemptRow.expires_at <= now))
        return result.rowcount or 0
