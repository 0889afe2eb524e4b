"""Who is calling: the Principal built from a verified token's claims, and the scope it grants."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.auth.roles import COUNTY_ROLES, Role
from shared.tenancy import COUNTY, Scope, tenant_id_for, village_id_for

# Slugs end up in NATS subjects (xf.<tenant>.…) and ids; a claim with dots or wildcards must not get that far.
_SLUG = re.compile(r"[a-z][a-z0-9-]{0,63}")
_KNOWN_ROLES = frozenset(Role)


class TokenRejected(Exception):
    """The bearer token cannot stand for a caller; `reason` is safe to show to that caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    username: str
    display_name: str
    roles: frozenset[Role]
    township: str
    village: str | None
    tenant_id: uuid.UUID | None
    village_id: uuid.UUID | None
    scope: Scope

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Principal:
        """Build the caller from claims whose signature, issuer, audience and expiry were already checked."""
        user_id = claims.get("sub")
        if not isinstance(user_id, str) or not user_id:
            raise TokenRejected("the token names no subject")
        roles = _roles(claims)
        township = _slug_claim(claims, "township")
        if township is None:
            raise TokenRejected("the token carries no township claim")
        village = _slug_claim(claims, "village")
        scope = _scope(roles, township, village)
        username = claims.get("preferred_username") or user_id
        return cls(
            user_id=user_id,
            username=username,
            display_name=_display_name(claims, username),
            roles=roles,
            township=township,
            village=village if scope is not Scope.county else None,
            tenant_id=None if scope is Scope.county else tenant_id_for(township),
            village_id=village_id_for(township, village) if village and scope is not Scope.county else None,
            scope=scope,
        )

    def has_any(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    def sees_tenant(self, tenant_id: uuid.UUID) -> bool:
        return self.scope is Scope.county or tenant_id == self.tenant_id


def _roles(claims: Mapping[str, Any]) -> frozenset[Role]:
    realm_access = claims.get("realm_access")
    names = realm_access.get("roles", []) if isinstance(realm_access, Mapping) else []
    # Keycloak adds its own roles (default-roles-xinfang, offline_access); only ours carry meaning here.
    roles = frozenset(Role(name) for name in names if name in _KNOWN_ROLES)
    if not roles:
        raise TokenRejected("the token carries no Xinfang role")
    return roles


def _slug_claim(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise TokenRejected(f"the {name} claim is malformed")
    return value


def _scope(roles: frozenset[Role], township: str, village: str | None) -> Scope:
    """County roles see every township, township roles their own, a village liaison only their village."""
    if township == COUNTY:
        if not roles <= COUNTY_ROLES | {Role.trainer}:
            raise TokenRejected("a township role needs a township claim, not 'county'")
        return Scope.county
    if not roles.isdisjoint(COUNTY_ROLES):
        raise TokenRejected("a county role needs the township claim 'county'")
    if Role.village_liaison in roles:
        if village is None:
            raise TokenRejected("a village liaison's token carries no village claim")
        return Scope.village
    return Scope.township


def _display_name(claims: Mapping[str, Any], username: str) -> str:
    # Chinese names read family name first with no space: 张 + 永杰 → 张永杰.
    family, given = claims.get("family_name"), claims.get("given_name")
    if family and given:
        return f"{family}{given}"
    return claims.get("name") or family or given or username
