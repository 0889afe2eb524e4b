"""Signing in to the portal through Keycloak: PKCE, state bound to the browser, a session stored as hashes and ciphertext."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlsplit

import asyncpg

from deploy.launcher.config import StackSettings
from tests.integration.portal.conftest import browser_like_client, keycloak_login


async def test_signed_out_visitor_is_sent_to_sign_in_and_back_to_the_page_asked_for(
    stack: StackSettings,
) -> None:
    async with browser_like_client() as client:
        answer = await client.get(f"{stack.portal_url}/?tab=1")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/auth/login?next=%2F%3Ftab%3D1"


async def test_sign_in_request_carries_pkce_s256_state_nonce_and_the_chinese_login_page(
    stack: StackSettings,
) -> None:
    async with browser_like_client() as client:
        answer = await client.get(f"{stack.portal_url}/auth/login")
    assert answer.status_code == 302
    target = urlsplit(answer.headers["location"])
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert f"{target.scheme}://{target.netloc}" == stack.keycloak_url
    assert query["client_id"] == "portal"
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43  # base64url of a SHA-256, unpadded
    assert len(query["state"]) >= 43 and len(query["nonce"]) >= 43
    assert query["ui_locales"] == "zh-CN"
    assert query["redirect_uri"] == f"{stack.portal_url}/auth/callback"
    cookie = answer.headers["set-cookie"]
    assert "xf_signin=" in cookie and "HttpOnly" in cookie and "Path=/auth" in cookie


async def test_sign_in_stores_only_the_hash_of_the_session_cookie_and_encrypted_tokens(
    stack: StackSettings, signed_in_client, superuser: asyncpg.Connection
) -> None:
    client = await signed_in_client("dajiahe.clerk")
    home = await client.get(f"{stack.portal_url}/")
    assert home.status_code == 200
    assert "大佳何镇" in home.text and "乡镇信访干部" in home.text
    cookie = client.cookies["xf_session"]
    assert len(cookie) >= 43  # 256 random bits, base64url
    row = await superuser.fetchrow(
        "SELECT token_hash, user_id, tokens_enc FROM portal.web_session WHERE token_hash = $1",
        hashlib.sha256(cookie.encode()).digest(),
    )
    assert row is not None
    stored = bytes(row["tokens_enc"])
    assert b"eyJ" not in stored, "a JWT is stored in clear"
    assert cookie.encode() not in stored
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM portal.web_session WHERE token_hash = $1", cookie.encode()
        )
        == 0
    )


async def test_callback_with_an_unknown_state_signs_no_one_in(stack: StackSettings) -> None:
    async with browser_like_client() as client:
        answer = await client.get(
            f"{stack.portal_url}/auth/callback", params={"state": "forged", "code": "x"}
        )
        assert answer.status_code == 400
        assert "登录未完成" in answer.text
        assert "xf_session" not in client.cookies


async def test_callback_carried_to_another_browser_signs_no_one_in_and_the_state_is_spent(
    stack: StackSettings,
) -> None:
    async with browser_like_client() as victim, browser_like_client() as attacker:
        start = await attacker.get(f"{stack.portal_url}/auth/login")
        callback = await keycloak_login(
            attacker, start.headers["location"], "dajiahe.clerk", stack.demo_password
        )
        # Login CSRF: the attacker's own callback URL, opened in the victim's browser (which has a sign-in
        # of its own under way, so it holds a browser cookie too, just not the one the state is bound to).
        await victim.get(f"{stack.portal_url}/auth/login")
        assert "xf_signin" in victim.cookies
        planted = await victim.get(callback)
        assert planted.status_code == 400
        assert "xf_session" not in victim.cookies
        # The state was spent by that attempt: the URL signs no one in, not even in the browser that started it.
        replay = await attacker.get(callback)
        assert replay.status_code == 400
        assert "xf_session" not in attacker.cookies


async def test_sign_in_with_an_unsafe_next_lands_on_the_home_page(stack: StackSettings) -> None:
    for unsafe in ("//evil.example", "https://evil.example/", "/\\evil.example", "evil.example"):
        async with browser_like_client() as client:
            start = await client.get(f"{stack.portal_url}/auth/login", params={"next": unsafe})
            callback = await keycloak_login(
                client, start.headers["location"], "dajiahe.clerk", stack.demo_password
            )
            done = await client.get(callback)
            assert done.headers["location"] == "/", unsafe


async def test_sign_in_returns_to_a_local_page_asked_for(stack: StackSettings) -> None:
    async with browser_like_client() as client:
        start = await client.get(f"{stack.portal_url}/auth/login", params={"next": "/?from=mail"})
        callback = await keycloak_login(
            client, start.headers["location"], "changjie.clerk", stack.demo_password
        )
        done = await client.get(callback)
        assert done.headers["location"] == "/?from=mail"
