"""The portal's menu offers a page exactly to the roles its service lets read (or do) what the page shows."""

from __future__ import annotations

from deploy.launcher.abilities_doc import routes
from services.portal.domain.menu import MENU
from shared.abilities import ability_of
from shared.abilities import intake as can
from shared.abilities import supervision as sup
from shared.auth.roles import Role

# portal page -> the intake call it is built on (the work list is the acceptance decisions falling due)
PAGE_READS = {
    "/work-list": can.DECIDE_ACCEPTANCE,
    "/petitions/new": ("POST", "/petitions"),
    "/petitions": ("GET", "/petitions"),
    "/diary": ("GET", "/diary-entries"),
    "/screening": ("GET", "/screening-registers"),
    "/emergency": ("GET", "/emergency-requests"),
}
# supervision's pages -> the supervision call each is built on (the calendar: those who keep it or count deadlines)
SUPERVISION_PAGE_READS = {
    "/cases": ("GET", "/cases"),
    "/supervision/work-items": ("GET", "/work-items"),
    "/calendar": sup.KEEP_CALENDAR.roles | sup.HANDLE.roles,
    "/routing-rules": ("PUT", "/routing-rules"),
    # 督办单: those who issue orders and those who reply (a list of orders is work for no one else)
    "/supervision-orders": sup.ISSUE_ORDERS.roles | sup.REPLY_ORDERS.roles,
    # the board: the township's and the county's, not a liaison's
    "/hard-cases": sup.READ_CASES.roles - {Role.village_liaison},
    "/spot-checks": ("GET", "/spot-checks"),
}
# training's pages -> the training call each is built on
TRAINING_PAGE_READS = {
    "/training": ("GET", "/training-sessions"),
    "/training/coverage": ("GET", "/training-coverage"),
    "/my-training": ("GET", "/my-training"),
}
# reporting's pages -> the reporting call each is built on
REPORTING_PAGE_READS = {
    "/analyses": ("GET", "/analyses"),
    "/dead-letters": ("GET", "/dead-letters"),
    "/information-reports": ("GET", "/information-reports"),
    "/audit": ("GET", "/trail/entries"),
}
# The pages above narrowed by need: each still only to roles supervision lets read what it shows.
NARROWED = {"/supervision-orders": ("GET", "/supervision-orders"), "/hard-cases": ("GET", "/hard-cases")}


def _roles(service: str, call: tuple[str, str]) -> frozenset:
    method, path = call
    handler = next(h for h in routes(service) if path in h.paths and method in h.http_methods)
    return ability_of(handler).roles


def test_every_menu_page_is_offered_to_the_roles_its_service_allows() -> None:
    for item in MENU:
        if item.path == "/":
            continue
        if item.path in PAGE_READS:
            service, needed = "intake", PAGE_READS[item.path]
        elif item.path in TRAINING_PAGE_READS:
            service, needed = "training_records", TRAINING_PAGE_READS[item.path]
        elif item.path in REPORTING_PAGE_READS:
            service, needed = "reporting", REPORTING_PAGE_READS[item.path]
        else:
            service, needed = "supervision", SUPERVISION_PAGE_READS[item.path]
        if isinstance(needed, tuple):
            roles = _roles(service, needed)
        else:
            roles = needed if isinstance(needed, frozenset) else needed.roles
        assert item.roles == roles, item.path


def test_the_calendar_is_in_the_menu_only_of_roles_supervision_lets_read_it() -> None:
    calendar = next(i for i in MENU if i.path == "/calendar")
    assert calendar.roles <= _roles("supervision", ("GET", "/calendar/years"))


def test_the_narrowed_oversight_pages_are_in_the_menu_only_of_roles_supervision_lets_read_them() -> None:
    for path, call in NARROWED.items():
        item = next(i for i in MENU if i.path == path)
        assert item.roles <= _roles("supervision", call), path
