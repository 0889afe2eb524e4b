"""Access tokens against the real realm: real ones are accepted, every kind of forged or misplaced one is refused.

Each refusal is shown twice: TokenVerifier.verify names the reason, and a Litestar app guarded by the
middleware answers 401 with a problem body and a Bearer challenge.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from jwcrypto.common import base64url_decode, base64url_encode, json_encode
from jwcrypto.jwk import JWK
from jwcrypto.jwt import JWT
from keycloak import KeycloakAdmin, KeycloakOpenID
from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from deploy.launcher.config import StackSettings
from shared.auth import (
    CurrentPrincipal,
    KeysUnavailable,
    Role,
    TokenRejected,
    TokenVerifier,
    auth_middleware,
    principal_dependencies,
    requires_role,
)
from shared.errors import EXCEPTION_HANDLERS
from shared.settings import KeycloakSettings
from shared.tenancy import Scope, tenant_id_for, village_id_for


class Clock:
    """Real time plus an offset the test moves forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance_to(self, instant: float) -> None:
        self.offset = instant - time.time()


@pytest.fixture(scope="module")
def realm(stack: StackSettings) -> KeycloakSettings:
    return KeycloakSettings(url=stack.keycloak_url, realm="xinfang", audience="xinfang-api")


@pytest.fixture(scope="module")
def master_admin(stack: StackSettings, stack_secrets: dict[str, str]) -> KeycloakAdmin:
    return KeycloakAdmin(
        server_url=stack.keycloak_url,
        username="admin",
        password=stack_secrets["keycloak_admin"],
        realm_name="xinfang",
        user_realm_name="master",
    )


@pytest.fixture
def token_of(keycloak_cli: KeycloakOpenID, stack: StackSettings) -> Callable[[str], Awaitable[str]]:
    async def fetch(username: str) -> str:
        return (await keycloak_cli.a_token(username, stack.demo_password))["access_token"]

    return fetch


def _parts(token: str) -> tuple[dict, dict]:
    header, payload, _ = token.split(".")
    return json.loads(base64url_decode(header)), json.loads(base64url_decode(payload))


def _unsigned(header: dict, claims: dict) -> str:
    return f"{base64url_encode(json_encode(header))}.{base64url_encode(json_encode(claims))}."


def _signed(header: dict, claims: dict, key: JWK) -> str:
    token = JWT(header=header, claims=claims)
    token.make_signed_token(key)
    return token.serialize()


def _app(verifier: TokenVerifier) -> Litestar:
    @get("/whoami")
    async def whoami(principal: CurrentPrincipal) -> dict[str, str | None]:
        return {
            "user": principal.username,
            "scope": principal.scope,
            "tenant_id": str(principal.tenant_id) if principal.tenant_id else None,
        }

    @get("/registrations", guards=[requires_role(Role.township_clerk)])
    async def registrations() -> dict[str, str]:
        return {"ok": "yes"}

    @get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(
        route_handlers=[whoami, registrations, live],
        middleware=[auth_middleware(verifier)],
        dependencies=principal_dependencies(),
        exception_handlers=EXCEPTION_HANDLERS,
    )


async def _get(verifier: TokenVerifier, path: str, token: str | None, **headers: str) -> httpx.Response:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with AsyncTestClient(app=_app(verifier)) as client:
        return await client.get(path, headers=headers)


async def _refused(verifier: TokenVerifier, token: str, reason: str) -> None:
    with pytest.raises(TokenRejected) as rejected:
        await verifier.verify(token)
    assert reason in rejected.value.reason
    answer = await _get(verifier, "/whoami", token, **{"Accept-Language": "en"})
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": rejected.value.reason,
    }
    assert token not in answer.text


# -- accepted -----------------------------------------------------------------------------------------


async def test_real_liaison_token_gives_roles_township_village_and_scope(realm, token_of) -> None:
    principal = await TokenVerifier(realm).verify(await token_of("dajiahe.liaison"))
    assert principal.username == "dajiahe.liaison"
    assert principal.display_name == "张永杰"
    assert principal.roles == {Role.village_liaison}
    assert principal.township == "dajiahe" and principal.village == "zhangjiaxi"
    assert principal.tenant_id == tenant_id_for("dajiahe")
    assert principal.village_id == village_id_for("dajiahe", "zhangjiaxi")
    assert principal.scope is Scope.village


async def test_real_county_officer_token_sees_every_township(realm, token_of) -> None:
    principal = await TokenVerifier(realm).verify(await token_of("county.officer"))
    assert principal.scope is Scope.county and principal.tenant_id is None
    assert principal.sees_tenant(tenant_id_for("xidian"))


async def test_real_token_reaches_the_handler_as_its_principal(realm, token_of) -> None:
    answer = await _get(TokenVerifier(realm), "/whoami", await token_of("xidian.clerk"))
    assert answer.status_code == 200
    assert answer.json() == {
        "user": "xidian.clerk",
        "scope": "township",
        "tenant_id": str(tenant_id_for("xidian")),
    }


async def test_health_needs_no_token(realm) -> None:
    answer = await _get(TokenVerifier(realm), "/health/live", None)
    assert answer.status_code == 200


# -- refused over HTTP before any token is looked at --------------------------------------------------


async def test_request_without_token_is_401_with_a_bare_bearer_challenge(realm) -> None:
    answer = await _get(TokenVerifier(realm), "/whoami", None)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    body = answer.json()
    assert body["status"] == 401 and body["type"] == "about:blank"
    assert body["title"] == "未登录或登录已失效"  # Chinese unless the caller asks for English


async def test_clerk_route_refuses_a_liaison_with_403(realm, token_of) -> None:
    verifier = TokenVerifier(realm)
    refused = await _get(verifier, "/registrations", await token_of("dajiahe.liaison"))
    assert refused.status_code == 403
    assert refused.json()["status"] == 403 and "township-clerk" in refused.json()["detail"]
    allowed = await _get(verifier, "/registrations", await token_of("dajiahe.clerk"))
    assert allowed.status_code == 200


# -- forged -------------------------------------------------------------------------------------------


async def test_token_signed_by_another_key_under_the_realms_kid_is_refused(realm, token_of) -> None:
    header, claims = _parts(await token_of("dajiahe.clerk"))
    forged = _signed(header, claims, JWK.generate(kty="RSA", size=2048))
    await _refused(TokenVerifier(realm), forged, "signature")


async def test_unsigned_token_with_alg_none_is_refused(realm, token_of) -> None:
    header, claims = _parts(await token_of("dajiahe.clerk"))
    await _refused(TokenVerifier(realm), _unsigned({**header, "alg": "none"}, claims), "algorithm")


async def test_hs256_token_keyed_with_the_realms_public_key_is_refused(realm, token_of) -> None:
    header, claims = _parts(await token_of("dajiahe.clerk"))
    async with httpx.AsyncClient(timeout=10) as client:
        jwks = (await client.get(f"{realm.url}/realms/xinfang/protocol/openid-connect/certs")).json()
    public = JWK(**next(k for k in jwks["keys"] if k["kid"] == header["kid"]))
    secret = JWK(kty="oct", k=base64url_encode(public.export_to_pem()))
    forged = _signed({**header, "alg": "HS256"}, claims, secret)
    await _refused(TokenVerifier(realm), forged, "algorithm")


async def test_token_with_a_kid_the_realm_never_published_is_refused(realm, token_of) -> None:
    header, claims = _parts(await token_of("dajiahe.clerk"))
    forged = _signed({**header, "kid": "made-up"}, claims, JWK.generate(kty="RSA", size=2048))
    await _refused(TokenVerifier(realm), forged, "does not publish")


async def test_token_with_tampered_claims_is_refused(realm, token_of) -> None:
    token = await token_of("dajiahe.clerk")
    header_b64, _, signature = token.split(".")
    _, claims = _parts(token)
    tampered = f"{header_b64}.{base64url_encode(json_encode({**claims, 'township': 'changjie'}))}.{signature}"
    await _refused(TokenVerifier(realm), tampered, "signature")


# -- real tokens, wrong place or time -----------------------------------------------------------------


async def test_real_token_is_refused_past_expiry_and_leeway(realm, token_of) -> None:
    token = await token_of("dajiahe.clerk")
    _, claims = _parts(token)
    clock = Clock()
    verifier = TokenVerifier(realm, now=clock)
    clock.advance_to(claims["exp"] + 29)  # inside the 30 s leeway for clock skew
    assert (await verifier.verify(token)).username == "dajiahe.clerk"
    clock.advance_to(claims["exp"] + 31)
    await _refused(verifier, token, "expired")


async def test_real_token_is_refused_by_an_api_of_another_audience(realm, token_of) -> None:
    other = realm.model_copy(update={"audience": "other-api"})
    await _refused(TokenVerifier(other), await token_of("dajiahe.clerk"), "not meant for this API")


async def test_real_token_is_refused_when_the_issuer_differs(realm, token_of) -> None:
    # Same server reached by another name: the keys match, the issuer does not.
    elsewhere = realm.model_copy(update={"url": realm.url.replace("localhost", "127.0.0.1")})
    await _refused(TokenVerifier(elsewhere), await token_of("dajiahe.clerk"), "another issuer")


@pytest.fixture
async def user_without_township(master_admin: KeycloakAdmin, stack: StackSettings) -> AsyncIterator[str]:
    username = f"test-no-township-{uuid.uuid4().hex[:8]}"
    user_id = await master_admin.a_create_user(
        {
            "username": username,
            "enabled": True,
            "firstName": "无",
            "lastName": "乡",
            "credentials": [{"type": "password", "value": stack.demo_password, "temporary": False}],
        }
    )
    try:
        await master_admin.a_assign_realm_roles(
            user_id, [await master_admin.a_get_realm_role("township-clerk")]
        )
        yield username
    finally:
        await master_admin.a_delete_user(user_id)


async def test_real_token_without_township_claim_is_refused(realm, token_of, user_without_township) -> None:
    token = await token_of(user_without_township)
    assert "township" not in _parts(token)[1]
    await _refused(TokenVerifier(realm), token, "township")


# -- the key cache ------------------------------------------------------------------------------------


async def test_unknown_kids_fetch_the_keys_at_most_once_per_interval(realm, token_of) -> None:
    header, claims = _parts(await token_of("dajiahe.clerk"))
    clock = Clock()
    verifier = TokenVerifier(realm, now=clock, refresh_interval=10)
    await verifier.verify(await token_of("dajiahe.clerk"))
    assert verifier.jwks_fetches == 1
    key = JWK.generate(kty="RSA", size=2048)
    for attempt in range(3):
        with pytest.raises(TokenRejected):
            await verifier.verify(_signed({**header, "kid": f"unknown-{attempt}"}, claims, key))
    assert verifier.jwks_fetches == 1  # within 10 s of the last fetch: no new fetch
    clock.offset += 11
    with pytest.raises(TokenRejected):
        await verifier.verify(_signed({**header, "kid": "unknown-later"}, claims, key))
    assert verifier.jwks_fetches == 2


async def test_key_rotated_in_keycloak_is_accepted_by_the_running_verifier(
    realm, token_of, master_admin: KeycloakAdmin
) -> None:
    clock = Clock()
    verifier = TokenVerifier(realm, now=clock)
    old = await token_of("changjie.clerk")
    await verifier.verify(old)
    assert verifier.jwks_fetches == 1
    realm_id = (await master_admin.a_get_realm("xinfang"))["id"]
    component_id = await master_admin.a_create_component(
        {
            "name": f"test-rotation-{uuid.uuid4().hex[:8]}",
            "providerId": "rsa-generated",
            "providerType": "org.keycloak.keys.KeyProvider",
            "parentId": realm_id,
            "config": {"priority": ["200"], "enabled": ["true"], "active": ["true"], "keySize": ["2048"]},
        }
    )
    try:
        new = await token_of("changjie.clerk")
        assert _parts(new)[0]["kid"] != _parts(old)[0]["kid"]
        clock.offset += 11  # a rotation comes long after the start-up fetch, past the refresh rate limit
        principal = await verifier.verify(new)
        assert principal.username == "changjie.clerk" and principal.tenant_id == tenant_id_for("changjie")
        assert verifier.jwks_fetches == 2
        assert (await verifier.verify(old)).username == "changjie.clerk"  # the old key is still published
    finally:
        await master_admin.a_delete_component(component_id)


async def test_unreachable_realm_answers_503_and_is_not_asked_again_at_once(realm, token_of) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    verifier = TokenVerifier(realm.model_copy(update={"url": f"http://127.0.0.1:{closed_port}"}))
    token = await token_of("dajiahe.clerk")
    with pytest.raises(KeysUnavailable, match="could not be fetched"):
        await verifier.verify(token)
    with pytest.raises(KeysUnavailable, match="moments ago"):  # inside the interval: no second attempt
        await verifier.verify(token)
    answer = await _get(verifier, "/whoami", token)
    assert answer.status_code == 503
    assert answer.json()["status"] == 503
