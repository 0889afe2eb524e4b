"""Abilities: what a role may read or do, one table per service, read by its API's guards and by the portal.

Each service's table lives in `shared/abilities/<service>.py` so the portal offers exactly what the service will
allow, without importing the service. `docs/abilities.md` is generated from the tables and the routes that use them
(`python -m shared.abilities.doc --write`); a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from shared.auth.guards import requires_role
from shared.auth.roles import Role


@dataclass(frozen=True)
class Ability:
    name: str
    roles: frozenset[Role]
    zh: str
    en: str

    def held_by(self, roles: Iterable[Role]) -> bool:
        return not self.roles.isdisjoint(roles)


def ability(name: str, roles: Iterable[Role], zh: str, en: str) -> Ability:
    return Ability(name, frozenset(roles), zh, en)


def requires(needed: Ability) -> Guard:
    """403 unless the caller holds one of the ability's roles; the guard names its ability for the docs."""
    guard = requires_role(*sorted(needed.roles))
    guard.ability = needed  # type: ignore[attr-defined]
    return guard


def ability_of(handler: BaseRouteHandler) -> Ability | None:
    """The ability a route handler's guard requires, if it is guarded by one."""
    for guard in handler.guards or []:
        found = getattr(guard, "ability", None)
        if found is not None:
            return found
    return None


def names_held(table: Iterable[Ability], roles: Iterable[Role]) -> frozenset[str]:
    """The names of the abilities these roles hold, for templates (`'reveal' in can`)."""
    held = frozenset(roles)
    return frozenset(a.name for a in table if a.held_by(held))
