"""The server-side web session: opened after sign-in, resumed on every request (refreshing tokens), closed at sign-out.

The browser holds only a random 256-bit token; the database holds its SHA-256 and the user's tokens encrypted, so
a copy of the table signs no one in, and any replica (or a restarted one) resumes the same session.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.portal.persistence.repositories import WebSessionRepo
from services.portal.persistence.tables import WebSessionRow
from services.portal.service.oidc import GrantRefused, OidcClient, TokenSet
from shared.auth import Principal, TokenRejected, TokenVerifier
from shared.db.session import scoped_transaction
from shared.personal_data import PersonalDataCipher

log = logging.getLogger(__name__)

REFRESH_MARGIN_SECONDS = 60  # refresh while a page is being built, not after the API refused the token
TOUCH_INTERVAL_SECONDS = 60  # last_seen is written at most once a minute per session
_TOKENS_CONTEXT = "web_session.tokens"


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _refresh_due(row: WebSessionRow) -> bool:
    # Read from the plain column, so deciding needs no decryption (and an operator can force a refresh).
    return row.access_expires_at.timestamp() - time.time() < REFRESH_MARGIN_SECONDS


@dataclass(frozen=True, slots=True)
class SignedIn:
    """The user behind a request: who they are (from the verified access token) and the tokens to call APIs with."""

    principal: Principal
    tokens: TokenSet
    token_hash: bytes


class SessionStore:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher: PersonalDataCipher,
        oidc: OidcClient,
        verifier: TokenVerifier,
    ) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.oidc = oidc
        self.verifier = verifier

    async def open(self, db: AsyncSession, tokens: TokenSet, user_id: str) -> str:
        """A new session for a user who just signed in; returns the cookie value (never stored)."""
        token = secrets.token_urlsafe(32)
        await WebSessionRepo(db).add(
            WebSessionRow(
                token_hash=token_hash(token),
                user_id=user_id,
                tokens_enc=self._seal(tokens),
                access_expires_at=_at(tokens.access_expires_at),
                expires_at=_at(tokens.refresh_expires_at),
            )
        )
        return token

    async def resume(self, token: str) -> SignedIn | None:
        """The signed-in user, or None when the session is unknown, expired, or Keycloak ended it."""
        digest = token_hash(token)
        async with scoped_transaction(self.sessions, None) as db:
            row = await WebSessionRepo(db).get_live(digest, _at(time.time()))
            if row is None:
                return None
            due = _refresh_due(row)
            if not due:
                self._touch(row)
            tokens = self._open(row.tokens_enc)
        if due:
            tokens = await self._refresh(digest)
            if tokens is None:
                return None
        try:
            principal = await self.verifier.verify(tokens.access_token)
        except TokenRejected as rejected:
            log.info("a session's access token was refused: %s", rejected.reason)
            await self.close(token)
            return None
        return SignedIn(principal, tokens, digest)

    async def close(self, token: str) -> TokenSet | None:
        """End the session here; returns its tokens so Keycloak's session can be ended too."""
        digest = token_hash(token)
        async with scoped_transaction(self.sessions, None) as db:
            repo = WebSessionRepo(db)
            row = await repo.get_live(digest, _at(time.time()))
            await repo.remove(digest)
            return self._open(row.tokens_enc) if row else None

    async def remove_expired(self, db: AsyncSession) -> int:
        return await WebSessionRepo(db).remove_expired(_at(time.time()))

    async def _refresh(self, digest: bytes) -> TokenSet | None:
        async with scoped_transaction(self.sessions, None) as db:
            repo = WebSessionRepo(db)
            row = await repo.get_live(digest, _at(time.time()), for_update=True)
            if row is None:
                return None
            tokens = self._open(row.tokens_enc)
            if not _refresh_due(row):
                return tokens  # another request refreshed while this one waited for the lock
            try:
                tokens = await self.oidc.refresh(tokens)
            except GrantRefused:
                # Keycloak ended the session (idle, admin sign-out, disabled user): back to the login page.
                await repo.remove(digest)
                return None
            row.tokens_enc = self._seal(tokens)
            row.access_expires_at = _at(tokens.access_expires_at)
            row.expires_at = _at(tokens.refresh_expires_at)
            row.last_seen_at = _at(time.time())
            return tokens

    def _touch(self, row: WebSessionRow) -> None:
        now = time.time()
        if now - row.last_seen_at.timestamp() >= TOUCH_INTERVAL_SECONDS:
            row.last_seen_at = _at(now)

    def _seal(self, tokens: TokenSet) -> bytes:
        return self.cipher.encrypt(tokens.to_json(), _TOKENS_CONTEXT)

    def _open(self, blob: bytes) -> TokenSet:
        return TokenSet.from_json(self.cipher.decrypt(blob, _TOKENS_CONTEXT))
