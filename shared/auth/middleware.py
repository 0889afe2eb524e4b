"""Litestar wiring: every request but health and docs carries a verified bearer token; handlers receive the Principal."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, TypeAlias

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException
from litestar.middleware import DefineMiddleware
from litestar.middleware.authentication import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from shared.auth.principal import Principal, TokenRejected
from shared.auth.tokens import KeysUnavailable, TokenVerifier

log = logging.getLogger(__name__)

# Probes, the docs page and its assets are public; everything else needs a token.
PUBLIC_PATHS = ("^/health", "^/docs", "^/_assets")

# What a handler declares (`principal: CurrentPrincipal`); Litestar 2.23+ warns on a bare `principal: Principal`.
CurrentPrincipal: TypeAlias = NamedDependency[Principal]


class BearerAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    """Puts the caller's Principal on `request.user`, or answers 401 (rendered by shared.errors as a problem)."""

    def __init__(self, app: ASGIApp, verifier: TokenVerifier, exclude: Sequence[str] = PUBLIC_PATHS) -> None:
        super().__init__(app, exclude=list(exclude))
        self.verifier = verifier

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        scheme, _, token = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            # RFC 6750 §3: no credentials at all gets the bare challenge, without an error code.
            raise NotAuthorizedException(
                detail="a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
            )
        try:
            principal = await self.verifier.verify(token.strip())
        except TokenRejected as rejected:
            # The reason only: the token itself must never reach a log.
            log.info("bearer token refused on %s: %s", connection.scope.get("path"), rejected.reason)
            raise NotAuthorizedException(
                detail=rejected.reason, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            ) from None
        except KeysUnavailable:
            raise ServiceUnavailableException(detail="the sign-in service cannot be reached") from None
        return AuthenticationResult(user=principal, auth=None)


def auth_middleware(verifier: TokenVerifier, exclude: Sequence[str] = PUBLIC_PATHS) -> DefineMiddleware:
    return DefineMiddleware(BearerAuthenticationMiddleware, verifier=verifier, exclude=exclude)


def provide_principal(request: Request[Principal, Any, Any]) -> Principal:
    return request.user


def principal_dependencies() -> dict[str, Provide]:
    """`principal: CurrentPrincipal` in any handler signature receives the verified caller."""
    return {"principal": Provide(provide_principal, sync_to_thread=False)}
