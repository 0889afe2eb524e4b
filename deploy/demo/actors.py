"""Who acts in the demo year: county users from their own tokens, the demo townships' staff by their claims.

The county officer, leader and trainer are the realm's demo users: the launcher signs them in as the tests do
(the xinfang-cli client, the demo password) and each service step verifies the token against the realm's keys,
so their Principal is exactly the one the API would build. The demo townships' staff (`demo.<township>.clerk`,
`.leader`, `.trainer`, `demo.<township>.<village>.liaison`) are realm users too, with the id `_from_claims`
gives them (deploy/keycloak/xinfang-realm.json; tests/unit/demo/test_demo_realm.py keeps the two the same): the
steps build their Principal from the claims their tokens would carry, without signing each one in, and every
row and trail entry they leave names a user that exists and is plainly the demo's. Training records counts them
as cadres because Keycloak lists them.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from shared.auth import Principal
from shared.auth.tokens import TokenVerifier
from shared.settings import KeycloakSettings

TOKENS_ENV = "XF_DEMO_TOKENS"
# Continue a run cut short: registrations replay by their idempotency keys and a step already taken answers 409.
RESUME_ENV = "XF_DEMO_RESUME"
COUNTY_USERS = ("county.officer", "county.leader", "county.trainer")
_NAMESPACE = uuid.UUID("7f2b6c1e-3d4a-5b6c-8d9e-0a1b2c3d4e5f")


def sign_in(keycloak_url: str, client_secret: str, password: str) -> dict[str, str]:
    """The county demo users' access tokens, fetched as tests fetch them (run by the launcher)."""
    from keycloak import KeycloakOpenID

    cli = KeycloakOpenID(
        server_url=keycloak_url,
        realm_name="xinfang",
        client_id="xinfang-cli",
        client_secret_key=client_secret,
    )
    return {u: cli.token(u, password)["access_token"] for u in COUNTY_USERS}


async def county_principals(
    keycloak: KeycloakSettings, env: Mapping[str, str] = os.environ
) -> dict[str, Principal]:
    tokens = json.loads(env[TOKENS_ENV])
    verifier = TokenVerifier(keycloak)
    return {user: await verifier.verify(token) for user, token in tokens.items()}


# A township's staff by role: the username's last part and what the name says they are.
STAFF_ROLES = {
    "township-clerk": ("clerk", "信访办"),
    "township-leader": ("leader", "党委书记"),
    "trainer": ("trainer", "信访培训员"),
}


@dataclass(frozen=True)
class DemoUser:
    """A demo township's staff member as the realm holds them and as their token's claims name them."""

    username: str
    name: str
    role: str
    township: str
    village: str | None = None

    @property
    def user_id(self) -> str:
        return user_id(self.username)


def user_id(username: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, username))


def username(township: str, role: str, village: str | None = None) -> str:
    if role == "village-liaison":
        return f"demo.{township}.{village}.liaison"
    return f"demo.{township}.{STAFF_ROLES[role][0]}"


def staff_user(township: str, township_name: str, role: str = "township-clerk") -> DemoUser:
    return DemoUser(
        username(township, role), f"{township_name}{STAFF_ROLES[role][1]}（演示）", role, township
    )


def liaison_user(township: str, village: str, village_name: str) -> DemoUser:
    role = "village-liaison"
    return DemoUser(
        username(township, role, village), f"{village_name}信息员（演示）", role, township, village
    )


def township_staff(township: str, township_name: str, role: str = "township-clerk") -> Principal:
    return principal(staff_user(township, township_name, role))


def liaison(township: str, village: str, village_name: str) -> Principal:
    return principal(liaison_user(township, village, village_name))


def principal(user: DemoUser) -> Principal:
    return _from_claims(user.username, user.name, user.role, user.township, user.village)


def _from_claims(username: str, name: str, role: str, township: str, village: str | None = None) -> Principal:
    claims = {
        "sub": user_id(username),
        "preferred_username": username,
        "name": name,
        "realm_access": {"roles": [role]},
        "township": township,
        **({"village": village} if village else {}),
    }
    return Principal.from_claims(claims)
