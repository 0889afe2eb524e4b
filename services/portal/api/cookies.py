"""The portal's cookies: names and attributes in one place, so every handler sets them alike."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from litestar.datastructures import Cookie

from services.portal.settings import PortalSettings

SESSION_COOKIE = "xf_session"
BROWSER_COOKIE = "xf_signin"  # binds a pending sign-in to the browser that started it
LANGUAGE_COOKIE = "xf_lang"
CSRF_COOKIE = "xf_csrf"
CSRF_HEADER = "x-csrftoken"
_YEAR = 365 * 24 * 3600


def session_cookie(settings: PortalSettings, token: str) -> Cookie:
    # No Max-Age: the cookie ends with the browser; the server-side row decides how long it is good for.
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )


def browser_cookie(settings: PortalSettings, token: str) -> Cookie:
    # Lax, not Strict: the callback is a top-level navigation coming back from Keycloak's site.
    return Cookie(
        key=BROWSER_COOKIE,
        value=token,
        path="/auth",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=3600,
    )


def language_cookie(settings: PortalSettings, language: str) -> Cookie:
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=language,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        max_age=_YEAR,
    )


def expired(settings: PortalSettings, key: str, path: str = "/") -> Cookie:
    return Cookie(
        key=key, value="", path=path, max_age=0, httponly=True, samesite="lax", secure=settings.cookie_secure
    )


def csrf_secret(settings: PortalSettings) -> str:
    """The CSRF signing key, derived from the session key: every replica accepts the others' tokens."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"xinfang-portal", info=b"csrf").derive(
        settings.session_key.get_secret_value().encode()
    )
    return key.hex()
