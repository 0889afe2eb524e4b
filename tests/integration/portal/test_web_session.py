"""The session's life: token refresh near expiry, Keycloak ending the session, sign-out here and at Keycloak."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import asyncpg
from keycloak import KeycloakOpenID

from deploy.launcher.config import StackSettings
from shared.personal_data import PersonalDataCipher
from tests.integration.portal.conftest import csrf_token_of


def digest(cookie: str) -> bytes:
    return hashlib.sha256(cookie.encode()).digest()


async def force_refresh_due(superuser: asyncpg.Connection, cookie: str) -> None:
    await superuser.execute(
        "UPDATE portal.web_session SET access_expires_at = now() WHERE token_hash = $1", digest(cookie)
    )


async def test_access_token_near_expiry_is_refreshed_on_the_next_page(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    cookie = client.cookies["xf_session"]
    before = await superuser.fetchval(
        "SELECT tokens_enc FROM portal.web_session WHERE token_hash = $1", digest(cookie)
    )
    await force_refresh_due(superuser, cookie)
    page = await client.get(f"{stack.portal_url}/")
    assert page.status_code == 200 and "大佳何镇" in page.text
    after = await superuser.fetchrow(
        "SELECT tokens_enc, access_expires_at > now() + interval '2 minutes' AS fresh FROM portal.web_session"
        " WHERE token_hash = $1",
        digest(cookie),
    )
    assert after["fresh"], "the access token's expiry did not move forward"
    assert after["tokens_enc"] != before


async def test_session_ended_at_keycloak_sends_the_user_back_to_sign_in(
    stack: StackSettings, stack_secrets: dict[str, str], signed_in_client, superuser: asyncpg.Connection
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    cookie = client.cookies["xf_session"]
    sealed = await superuser.fetchval(
        "SELECT tokens_enc FROM portal.web_session WHERE token_hash = $1", digest(cookie)
    )
    tokens = PersonalDataCipher(stack_secrets["portal_session_key"]).decrypt(sealed, "web_session.tokens")
    refresh_token = json.loads(tokens)["refresh_token"]
    # Keycloak ends this one session (as an idle timeout or an admin would), so its refresh token dies.
    portal_client = KeycloakOpenID(
        server_url=stack.keycloak_url,
        realm_name="xinfang",
        client_id="portal",
        client_secret_key=stack_secrets["portal_client"],
    )
    await portal_client.a_logout(refresh_token)
    await force_refresh_due(superuser, cookie)
    page = await client.get(f"{stack.portal_url}/")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/auth/login")
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM portal.web_session WHERE token_hash = $1", digest(cookie)
        )
        == 0
    )


async def test_sign_out_ends_the_portal_session_and_sends_the_browser_to_keycloak_end_session(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    cookie = client.cookies["xf_session"]
    home = await client.get(f"{stack.portal_url}/")
    answer = await client.post(
        f"{stack.portal_url}/auth/logout", data={"_csrf_token": csrf_token_of(home.text)}
    )
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert answer.headers["location"].startswith(
        f"{stack.keycloak_url}/realms/xinfang/protocol/openid-connect/logout"
    )
    assert query["post_logout_redirect_uri"] == f"{stack.portal_url}/"
    assert query["id_token_hint"].count(".") == 2
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM portal.web_session WHERE token_hash = $1", digest(cookie)
        )
        == 0
    )
    # The old cookie, if a copy was kept, opens nothing.
    client.cookies.set("xf_session", cookie, domain="localhost")
    again = await client.get(f"{stack.portal_url}/")
    assert again.status_code == 303
