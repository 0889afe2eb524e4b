"""Who may do what: route guards on the caller's own roles and scope, and the tenancy check on objects."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from shared.auth.principal import Principal
from shared.auth.roles import Role
from shared.errors import NotFound
from shared.tenancy import Scope


def requires_role(*roles: Role) -> Guard:
    """403 unless the caller holds one of `roles`; it reveals only the caller's own rights, so it is not a 404."""
    allowed = ", ".join(roles)

    def guard(connection: ASGIConnection[Any, Principal, Any, Any], _: BaseRouteHandler) -> None:
        if not connection.user.has_any(*roles):
            raise PermissionDeniedException(detail=f"this action needs one of the roles: {allowed}")

    return guard


def requires_scope(*scopes: Scope) -> Guard:
    """403 unless the caller's scope is one of `scopes` (e.g. county-wide reports)."""
    allowed = ", ".join(scopes)

    def guard(connection: ASGIConnection[Any, Principal, Any, Any], _: BaseRouteHandler) -> None:
        if connection.user.scope not in scopes:
            raise PermissionDeniedException(detail=f"this action needs the scope: {allowed}")

    return guard


def ensure_visible(principal: Principal, tenant_id: uuid.UUID, village_id: uuid.UUID | None = None) -> None:
    """404 for another township's object, and for a village liaison, for anything outside their village.

    A village liaison is refused an object with no village too: what is not known to be theirs stays hidden.
    """
    if not principal.sees_tenant(tenant_id):
        raise NotFound()
    if principal.scope is Scope.village and village_id != principal.village_id:
        raise NotFound()
