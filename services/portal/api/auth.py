"""Sign-in, its callback and sign-out: /auth/login, /auth/callback, /auth/logout."""

from __future__ import annotations

import logging
from typing import Annotated, Any, TypeAlias

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_400_BAD_REQUEST

from services.portal.api.cookies import (
    BROWSER_COOKIE,
    SESSION_COOKIE,
    browser_cookie,
    expired,
    session_cookie,
)
from services.portal.api.frame import language_of, messages_for
from services.portal.domain.messages import Language
from services.portal.domain.next_path import local_path
from services.portal.service.context import PortalContext
from services.portal.service.sign_in import SignInFailed
from services.portal.service.web_sessions import SignedIn

log = logging.getLogger(__name__)
Portal: TypeAlias = NamedDependency[PortalContext]


@get("/auth/login", summary="Start signing in at Keycloak")
async def login(
    request: Request[SignedIn | None, Any, Any],
    portal: Portal,
    next_path: Annotated[str | None, QueryParameter(name="next")] = None,
) -> Redirect:
    target = local_path(next_path)
    if request.user is not None:
        return Redirect(target)
    language = language_of(request)
    ui_locales = "en" if language is Language.en else portal.settings.oidc.ui_locales
    start = await portal.sign_in.begin(request.cookies.get(BROWSER_COOKIE), target, ui_locales)
    return Redirect(start.authorization_url, cookies=[browser_cookie(portal.settings, start.browser_token)])


@get("/auth/callback", summary="Keycloak sends the browser back here with a code")
async def callback(
    request: Request,
    portal: Portal,
    oauth_state: Annotated[str | None, QueryParameter(name="state")] = None,
    code: FromQuery[str | None] = None,
    error: FromQuery[str | None] = None,
) -> Response:
    if error or not oauth_state or not code:
        log.info("sign-in callback without a code: %s", error or "missing parameters")
        return _sign_in_failed(request)
    try:
        done = await portal.sign_in.finish(request.cookies.get(BROWSER_COOKIE), oauth_state, code)
    except SignInFailed as failed:
        log.info("sign-in refused: %s", failed)
        return _sign_in_failed(request)
    return Redirect(
        done.next_path,
        cookies=[
            session_cookie(portal.settings, done.session_token),
            expired(portal.settings, BROWSER_COOKIE, "/auth"),
        ],
    )


@post("/auth/logout", summary="Sign out here and at Keycloak", status_code=HTTP_303_SEE_OTHER)
async def logout(request: Request, portal: Portal) -> Redirect:
    # A POST with the CSRF token: a link or an image on another site cannot sign the user out.
    home = f"{portal.settings.public_url.rstrip('/')}/"
    url = await portal.sign_in.sign_out(request.cookies.get(SESSION_COOKIE), home)
    return Redirect(url, status_code=HTTP_303_SEE_OTHER, cookies=[expired(portal.settings, SESSION_COOKIE)])


def _sign_in_failed(request: Request) -> Template:
    t = messages_for(request)
    return Template(
        template_name="sign_in_failed.html",
        context={"t": t, "lang": t.language.value},
        status_code=HTTP_400_BAD_REQUEST,
    )


ROUTES = [login, callback, logout]
