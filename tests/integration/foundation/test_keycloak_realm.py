"""The realm the launcher imports: a real token for every demo user, and a Chinese login page."""

from __future__ import annotations

import httpx
import pytest
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakError

from deploy.launcher.config import StackSettings

ALL_ROLES = {
    "village-liaison",
    "township-clerk",
    "township-leader",
    "county-officer",
    "county-leader",
    "trainer",
    "auditor",
    "county-admin",
}


def _attr(user: dict, name: str) -> str | None:
    values = user.get("attributes", {}).get(name)
    return values[0] if values else None


def test_demo_users_cover_every_role_in_three_townships(realm_users: list[dict]) -> None:
    roles = {r for u in realm_users for r in u["realmRoles"]}
    assert roles >= ALL_ROLES
    townships_with_liaison = {
        _attr(u, "township") for u in realm_users if "village-liaison" in u["realmRoles"]
    }
    assert len(townships_with_liaison - {"county"}) >= 3


async def test_every_demo_user_gets_a_token_with_roles_and_township_claims(
    keycloak_cli: KeycloakOpenID, stack: StackSettings, realm_users: list[dict]
) -> None:
    for user in realm_users:
        if user["username"].startswith("service-account-"):
            continue
        token = await keycloak_cli.a_token(user["username"], stack.demo_password)
        claims = await keycloak_cli.a_decode_token(token["access_token"], validate=True)
        assert claims["iss"] == f"{stack.keycloak_url}/realms/xinfang"
        assert "xinfang-api" in ([claims["aud"]] if isinstance(claims["aud"], str) else claims["aud"])
        assert set(user["realmRoles"]) <= set(claims["realm_access"]["roles"]), user["username"]
        assert claims["township"] == _attr(user, "township"), user["username"]
        assert claims.get("village") == _attr(user, "village"), user["username"]


async def test_wrong_password_is_refused(keycloak_cli: KeycloakOpenID) -> None:
    with pytest.raises(KeycloakError) as refused:
        await keycloak_cli.a_token("county.leader", "not-the-password")
    assert refused.value.response_code in (400, 401)
    assert b"invalid_grant" in refused.value.response_body


def _login_page(stack: StackSettings, headers: dict[str, str]) -> str:
    params = {
        "client_id": "portal",
        "response_type": "code",
        "scope": "openid",
        "redirect_uri": f"{stack.portal_url}/auth/callback",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    r = httpx.get(
        f"{stack.keycloak_url}/realms/xinfang/protocol/openid-connect/auth",
        params=params,
        headers=headers,
        timeout=10,
    )
    assert r.status_code == 200
    return r.text


def test_login_page_speaks_chinese_by_default(stack: StackSettings) -> None:
    page = _login_page(stack, {})
    assert 'lang="zh-CN"' in page
    assert "登录" in page and "用户名" in page


def test_login_page_offers_english(stack: StackSettings) -> None:
    page = _login_page(stack, {"Accept-Language": "en"})
    assert 'lang="en"' in page
    assert "Sign in" in page
