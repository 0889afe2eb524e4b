"""Identity: Keycloak tokens verified against the realm's keys, the caller as a Principal, guards, provisioning."""

from shared.auth.guards import ensure_visible, requires_role, requires_scope
from shared.auth.middleware import (
    PUBLIC_PATHS,
    BearerAuthenticationMiddleware,
    CurrentPrincipal,
    auth_middleware,
    principal_dependencies,
    provide_principal,
)
from shared.auth.principal import Principal, TokenRejected
from shared.auth.roles import COUNTY_ROLES, Role
from shared.auth.tokens import KeysUnavailable, TokenVerifier

__all__ = [
    "COUNTY_ROLES",
    "PUBLIC_PATHS",
    "BearerAuthenticationMiddleware",
    "CurrentPrincipal",
    "KeysUnavailable",
    "Principal",
    "Role",
    "TokenRejected",
    "TokenVerifier",
    "auth_middleware",
    "ensure_visible",
    "principal_dependencies",
    "provide_principal",
    "requires_role",
    "requires_scope",
]
