"""Signing in through Keycloak (authorization code + PKCE S256) and out again, as use cases of the portal.

A pending sign-in is kept server-side under the SHA-256 of its `state`, bound to the browser that started it
(the hash of a random cookie), so a callback URL carried to another browser signs no one in there.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.portal.domain.next_path import local_path
from services.portal.persistence.repositories import SignInAttemptRepo
from services.portal.persistence.tables import SignInAttemptRow
from services.portal.service.oidc import GrantRefused, OidcClient
from services.portal.service.web_sessions import SessionStore, token_hash
from shared.auth import TokenRejected
from shared.db.session import scoped_transaction
from shared.personal_data import PersonalDataCipher

log = logging.getLogger(__name__)

ATTEMPT_SECONDS = 600  # time to type a password on Keycloak's page
_VERIFIER_CONTEXT = "sign_in_attempt.code_verifier"


class SignInFailed(Exception):
    """The callback cannot sign anyone in (unknown or expired state, another browser, refused code or token)."""


@dataclass(frozen=True, slots=True)
class SignInStart:
    authorization_url: str
    browser_token: str  # the cookie that binds the attempt to this browser (kept if the browser had one)


@dataclass(frozen=True, slots=True)
class SignInDone:
    session_token: str
    next_path: str


class SignInFlow:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher: PersonalDataCipher,
        oidc: OidcClient,
        store: SessionStore,
    ) -> None:
        self.sessions = sessions
        self.cipher = cipher
        self.oidc = oidc
        self.store = store

    async def begin(self, browser_token: str | None, next_path: str | None, ui_locales: str) -> SignInStart:
        """登录: remember state, nonce and PKCE verifier, and send the browser to Keycloak's login page."""
        browser_token = browser_token or secrets.token_urlsafe(32)
        state, nonce, verifier = (
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(64),
        )
        url = await self.oidc.authorization_url(state, nonce, verifier, ui_locales)
        async with scoped_transaction(self.sessions, None) as db:
            repo = SignInAttemptRepo(db)
            await repo.remove_expired(_now())
            await repo.add(
                SignInAttemptRow(
                    state_hash=token_hash(state),
                    browser_hash=token_hash(browser_token),
                    nonce=nonce,
                    code_verifier_enc=self.cipher.encrypt(verifier, _VERIFIER_CONTEXT),
                    next_path=local_path(next_path),
                    expires_at=datetime.fromtimestamp(time.time() + ATTEMPT_SECONDS, UTC),
                )
            )
        return SignInStart(url, browser_token)

    async def finish(self, browser_token: str | None, state: str, code: str) -> SignInDone:
        """The callback: check state and browser, exchange the code, verify both tokens, open the session."""
        async with scoped_transaction(self.sessions, None) as db:
            # Taken (deleted) in its own transaction: a state is spent even when what follows fails.
            attempt = await SignInAttemptRepo(db).take(token_hash(state), _now())
        if attempt is None or browser_token is None:
            raise SignInFailed("unknown or expired sign-in state")
        if not secrets.compare_digest(attempt.browser_hash, token_hash(browser_token)):
            raise SignInFailed("the sign-in was started in another browser")
        verifier = self.cipher.decrypt(attempt.code_verifier_enc, _VERIFIER_CONTEXT)
        try:
            tokens = await self.oidc.exchange_code(code, verifier)
            claims = await self.oidc.id_token_claims(tokens.id_token, attempt.nonce)
            principal = await self.store.verifier.verify(tokens.access_token)
        except (GrantRefused, TokenRejected) as exc:
            raise SignInFailed(str(exc)) from exc
        if claims.get("sub") != principal.user_id:
            raise SignInFailed("the id token and the access token name different users")
        async with scoped_transaction(self.sessions, None) as db:
            await self.store.remove_expired(db)
            session_token = await self.store.open(db, tokens, principal.user_id)
        log.info("user %s signed in", principal.user_id)
        return SignInDone(session_token, attempt.next_path)

    async def sign_out(self, session_token: str | None, post_logout_redirect_uri: str) -> str:
        """退出: end the portal session, then send the browser to Keycloak to end its session there too."""
        tokens = await self.store.close(session_token) if session_token else None
        return await self.oidc.end_session_url(tokens.id_token if tokens else "", post_logout_redirect_uri)


def _now() -> datetime:
    return datetime.now(UTC)
