"""The portal's menu offers a page exactly to the roles intake lets read (or do) what the page shows."""

from __future__ import annotations

from deploy.launcher.abilities_doc import routes
from services.portal.domain.menu import MENU
from shared.abilities import ability_of
from shared.abilities import intake as can

# portal page -> the intake call it is built on (the work list is the acceptance decisions falling due)
PAGE_READS = {
    "/work-list": can.DECIDE_ACCEPTANCE,
    "/petitions/new": ("POST", "/petitions"),
    "/petitions": ("GET", "/petitions"),
    "/diary": ("GET", "/diary-entries"),
    "/screening": ("GET", "/screening-registers"),
    "/emergency": ("GET", "/emergency-requests"),
}


def _intake_roles(call: tuple[str, str]) -> frozenset:
    method, path = call
    handler = next(h for h in routes("intake") if path in h.paths and method in h.http_methods)
    return ability_of(handler).roles


def test_every_menu_page_is_offered_to_the_roles_intake_allows() -> None:
    for item in MENU:
        if item.path == "/":
            continue
        needed = PAGE_READS[item.path]
        roles = needed.roles if not isinstance(needed, tuple) else _intake_roles(needed)
        assert item.roles == roles, item.path
