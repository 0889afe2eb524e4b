"""Who acts in the demo year: county users from their own tokens, the demo townships' staff by their claims.

The county officer and the county leader are the realm's demo users: the launcher signs them in as the tests do
(the xinfang-cli client, the demo password) and each service step verifies the token against the realm's keys,
so their Principal is exactly the one the API would build. The realm has staff only for the three townships the
tests use (dajiahe, changjie, xidian); the demo year lives in other townships, whose clerks and liaisons are
built from the claims their tokens would carry (`demo.<township>.clerk`), so every row and trail entry they
leave names a user that is plainly the demo's.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping

from shared.auth import Principal
from shared.auth.tokens import TokenVerifier
from shared.settings import KeycloakSettings

TOKENS_ENV = "XF_DEMO_TOKENS"
# Continue a run cut short: registrations replay by their idempotency keys and a step already taken answers 409.
RESUME_ENV = "XF_DEMO_RESUME"
COUNTY_USERS = ("county.officer", "county.leader")
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


def township_staff(township: str, township_name: str, role: str = "township-clerk") -> Principal:
    what = {"township-clerk": "信访办", "township-leader": "党委书记"}[role]
    return _from_claims(
        f"demo.{township}.{role.split('-')[1]}", f"{township_name}{what}（演示）", role, township
    )


def liaison(township: str, village: str, village_name: str) -> Principal:
    return _from_claims(
        f"demo.{township}.{village}.liaison",
        f"{village_name}信息员（演示）",
        "village-liaison",
        township,
        village,
    )


def _from_claims(username: str, name: str, role: str, township: str, village: str | None = None) -> Principal:
    claims = {
        "sub": str(uuid.uuid5(_NAMESPACE, username)),
        "preferred_username": username,
        "name": name,
        "realm_access": {"roles": [role]},
        "township": township,
        **({"village": village} if village else {}),
    }
    return Principal.from_claims(claims)
