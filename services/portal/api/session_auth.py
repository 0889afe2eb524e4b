"""Who is behind a request: the web session named by the xf_session cookie, or no one (request.user is None)."""

from __future__ import annotations

import logging
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.authentication import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp

from services.portal.api.cookies import SESSION_COOKIE
from services.portal.domain.messages import Language
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn
from shared.auth.roles import Role

log = logging.getLogger(__name__)

# Probes and static files need no session (and must not cost a database read each).
STATIC_PATHS = ("^/health", "^/_assets", "^/static")
# The petitioner's query page is for people without an account: no session is looked up, none is offered.
PUBLIC_PATHS = ("^/query(/|$)",)
UNAUTHENTICATED_PATHS = STATIC_PATHS + PUBLIC_PATHS


class SignInRequired(Exception):
    """The page needs a signed-in user; rendered as a redirect to the sign-in, back to this page afterwards."""


class WebSessionMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, context: PortalContext) -> None:
        super().__init__(app, exclude=list(UNAUTHENTICATED_PATHS))
        self.context = context

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = connection.cookies.get(SESSION_COOKIE)
        user = await self.context.store.resume(token) if token else None
        if user is not None:
            await self._learn_township_name(user)
        return AuthenticationResult(user=user, auth=None)

    async def _learn_township_name(self, user: SignedIn) -> None:
        """The header names the user's township; the first of its users to come by asks intake, once."""
        places = self.context.places
        if places.knows(user.principal.township):
            return
        try:
            places.remember(await self.context.intake.get(user, Language.zh, "/townships"))
        except Exception as exc:
            log.warning("township names unavailable: %s", type(exc).__name__)


def web_session_middleware(context: PortalContext) -> DefineMiddleware:
    return DefineMiddleware(WebSessionMiddleware, context=context)


def signed_in(connection: ASGIConnection[Any, SignedIn | None, Any, Any], _: BaseRouteHandler) -> None:
    """Guard of every page: no session, no page."""
    if connection.user is None:
        raise SignInRequired()


def holding(roles: frozenset[Role]):  # noqa: ANN201 - a Litestar guard
    """Guard of a page the menu shows to `roles` only (domain/menu.py): the same roles, so the two agree."""

    def guard(connection: ASGIConnection[Any, SignedIn | None, Any, Any], handler: BaseRouteHandler) -> None:
        signed_in(connection, handler)
        if roles.isdisjoint(connection.user.principal.roles):
            raise PermissionDeniedException()

    return guard
