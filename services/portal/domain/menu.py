"""The left menu as data: each item names the roles that may see it; a page's handler guards with the same roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.auth.roles import Role


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str  # message key of the label, e.g. "nav.home"
    path: str
    icon: str  # a Bootstrap Icons name, e.g. "house"
    roles: frozenset[Role] | None = None  # None: every signed-in user

    def visible_to(self, roles: Iterable[Role]) -> bool:
        return self.roles is None or not self.roles.isdisjoint(roles)


# Only pages that exist are listed: a menu entry never leads to a 404. Each service's pages add their items here.
MENU: list[MenuItem] = [
    MenuItem("nav.home", "/", "house"),
]


def visible_menu(roles: Iterable[Role], menu: Iterable[MenuItem] = MENU) -> list[MenuItem]:
    held = frozenset(roles)
    return [item for item in menu if item.visible_to(held)]


def active_item(path: str, items: Iterable[MenuItem]) -> MenuItem | None:
    """The item whose path is the longest prefix of the current page's path ("/" only for the home page)."""
    matches = [
        i for i in items if path == i.path or (i.path != "/" and path.startswith(i.path.rstrip("/") + "/"))
    ]
    return max(matches, key=lambda i: len(i.path), default=None)
