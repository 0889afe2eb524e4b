"""An HTTP client that signs in to the stack's portal the way a browser does: through Keycloak's login form."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from deploy.launcher.config import StackSettings

_FORM_ACTION = re.compile(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', re.S)
_CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


def browser_like_client() -> httpx.AsyncClient:
    client = httpx.AsyncClient(timeout=30, follow_redirects=False)

    async def keep_secure_cookies_on_localhost(_: httpx.Response) -> None:
        # Keycloak marks its cookies Secure; Chromium sends them to http://localhost, the stdlib jar does not
        # (and httpx copies the jar per request, so a cookie policy would be lost): drop the flag on arrival.
        for cookie in client.cookies.jar:
            cookie.secure = False

    client.event_hooks["response"] = [keep_secure_cookies_on_localhost]
    return client


async def keycloak_login(
    client: httpx.AsyncClient, authorization_url: str, username: str, password: str
) -> str:
    """Fill Keycloak's login form; returns the portal callback URL Keycloak redirects to."""
    page = await client.get(authorization_url, follow_redirects=True)
    page.raise_for_status()
    action = _FORM_ACTION.search(page.text)
    assert action, "Keycloak's login form was not found"
    answer = await client.post(
        html.unescape(action.group(1)), data={"username": username, "password": password}
    )
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["location"]


def csrf_token_of(page_html: str) -> str:
    found = _CSRF_FIELD.search(page_html)
    assert found, "the page carries no CSRF field"
    return found.group(1)


@pytest.fixture
async def signed_in_client(
    stack: StackSettings,
) -> AsyncIterator[Callable[[str], Awaitable[httpx.AsyncClient]]]:
    opened: list[httpx.AsyncClient] = []

    async def sign_in(username: str) -> httpx.AsyncClient:
        client = browser_like_client()
        opened.append(client)
        start = await client.get(f"{stack.portal_url}/auth/login")
        callback = await keycloak_login(client, start.headers["location"], username, stack.demo_password)
        done = await client.get(callback)
        assert done.status_code in (302, 303), done.text[:500]
        assert "xf_session" in client.cookies
        return client

    yield sign_in
    for c in opened:
        await c.aclose()
