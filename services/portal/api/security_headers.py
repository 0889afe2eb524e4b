"""Security headers on every response (pages, assets, errors, redirects): nothing but the portal may load or frame it."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import BeforeMessageSendHookHandler, Message, Scope

from services.portal.settings import PortalSettings

_ASSET_PREFIXES = ("/_assets/", "/static/")
# Swagger UI starts from an inline script with the schema in it and styles inline; the docs page holds no
# personal data, so it alone may run inline code — still from no other origin.
_DOCS_PREFIX = "/docs"


def content_security_policy(keycloak_url: str) -> str:
    """No inline script or style and no other origin; forms may post only here and to Keycloak (the sign-out
    form is answered with a redirect there, and Chromium applies form-action to redirects too)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action 'self' {keycloak_url.rstrip('/')}",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(settings: PortalSettings) -> BeforeMessageSendHookHandler:
    docs_policy = (
        content_security_policy(settings.keycloak.url)
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    )
    fixed = {
        "Content-Security-Policy": content_security_policy(settings.keycloak.url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    if settings.public_url.startswith("https://"):
        fixed["Strict-Transport-Security"] = "max-age=31536000"

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in fixed.items():
            headers[name] = value
        if scope.get("path", "").startswith(_DOCS_PREFIX):
            headers["Content-Security-Policy"] = docs_policy
        if not scope.get("path", "").startswith(_ASSET_PREFIXES):
            # Pages carry names and case details: no copy in a shared office computer's cache.
            headers["Cache-Control"] = "no-store"

    return add_headers
