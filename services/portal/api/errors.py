"""Error pages for people, not programs: a short message in the user's language, never a stack trace."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar.types import ExceptionHandlersMap

from services.portal.api.frame import messages_for
from services.portal.api.session_auth import SignInRequired
from services.portal.service.apis import ApiError, ApiForbidden, ApiNotFound, ApiSignInExpired, ApiUnavailable
from services.portal.service.oidc import IdentityProviderDown
from shared.auth import KeysUnavailable
from shared.errors import AppError, NotFound

log = logging.getLogger(__name__)
_KNOWN = (403, 404, 500, 503)


def error_page(request: Request, status: int, kind: str | None = None) -> Template:
    t = messages_for(request)
    kind = kind or (str(status) if status in _KNOWN else "other")
    return Template(
        template_name="error.html",
        context={
            "t": t,
            "lang": t.language.value,
            "status": status,
            "title": t(f"error.title.{kind}"),
            "text": t(f"error.text.{kind}"),
        },
        status_code=status,
        media_type=MediaType.HTML,
    )


def _on_sign_in_required(request: Request, _: SignInRequired) -> Response:
    query = request.scope.get("query_string", b"").decode("latin-1")
    here = f"{request.url.path}?{query}" if query and request.method == "GET" else request.url.path
    target = f"/auth/login?{urlencode({'next': here if request.method == 'GET' else '/'})}"
    if request.headers.get("hx-request"):
        # htmx would swap the login page into a fragment; ask it to navigate the whole window instead.
        return Response(content="", status_code=401, headers={"HX-Redirect": target})
    return Redirect(target, status_code=HTTP_303_SEE_OTHER)


def _on_http(request: Request, exc: HTTPException) -> Response:
    if exc.status_code >= 500:
        log.error("HTTP %s on %s %s: %s", exc.status_code, request.method, request.url.path, exc.detail)
    return error_page(request, exc.status_code)


def _on_app_error(request: Request, exc: AppError) -> Response:
    return error_page(request, 404 if isinstance(exc, NotFound) else exc.status)


def _on_provider_down(request: Request, exc: Exception) -> Response:
    log.warning("the sign-in service is unavailable: %s", type(exc).__name__)
    return error_page(request, 503)


def _on_api_error(request: Request, exc: ApiError) -> Response:
    """A service's refusal that no page handled itself; intake's 404 reads 未找到, like intake says it."""
    if isinstance(exc, ApiSignInExpired):
        return _on_sign_in_required(request, SignInRequired())
    if isinstance(exc, ApiNotFound):
        return error_page(request, 404, "api404")
    if isinstance(exc, ApiForbidden):
        return error_page(request, 403)
    if isinstance(exc, ApiUnavailable) or exc.status >= 500:
        return error_page(request, 503)
    return error_page(request, exc.status)


def _on_unexpected(request: Request, exc: Exception) -> Response:
    # The page shows no trace and no SQL; the log keeps the class and the route for the operator.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
    return error_page(request, 500)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    SignInRequired: _on_sign_in_required,
    NotFoundException: _on_http,
    HTTPException: _on_http,
    AppError: _on_app_error,
    ApiError: _on_api_error,
    IdentityProviderDown: _on_provider_down,
    KeysUnavailable: _on_provider_down,
    Exception: _on_unexpected,
}
