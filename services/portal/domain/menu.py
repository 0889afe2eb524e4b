"""The left menu as data: each item names the roles that may see it; a page's handler guards with the same roles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.portal.domain.audit import TRAIL_READERS
from shared.abilities import intake as can
from shared.abilities import reporting as rep
from shared.abilities import supervision as sup
from shared.abilities import training_records as train
from shared.auth.roles import Role


@dataclass(frozen=True, slots=True)
class MenuItem:
    key: str  # message key of the label, e.g. "nav.home"
    path: str
    icon: str  # a Bootstrap Icons name, e.g. "house"
    roles: frozenset[Role] | None = None  # None: every signed-in user

    def visible_to(self, roles: Iterable[Role]) -> bool:
        return self.roles is None or not self.roles.isdisjoint(roles)


# Each intake page needs the ability intake itself requires to read what the page shows (shared/abilities/intake.py):
# a menu entry never leads to a 403 or a 404. Each service's pages add their items here.
# The work list is the acceptance decisions falling due: it is for those who decide them.
WORK_LIST_ROLES = can.DECIDE_ACCEPTANCE.roles
REGISTER_ROLES = can.REGISTER.roles
PETITION_READERS = can.READ_PETITIONS.roles
DIARY_READERS = can.DIARY_READ.roles
SCREENING_READERS = can.SCREENING_READ.roles
EMERGENCY_READERS = can.EMERGENCY_READ.roles
# Supervision's pages, by supervision's table (shared/abilities/supervision.py).
CASE_READERS = sup.READ_CASES.roles
SUPERVISION_WORKERS = sup.WORK_LIST.roles
# Everyone may read the calendar, but only those who count deadlines need it in the menu: the county admin who
# enters it, and the roles who handle cases (read-only, with the deadline calculator).
CALENDAR_ROLES = sup.KEEP_CALENDAR.roles | sup.HANDLE.roles
RULE_KEEPERS = sup.KEEP_RULES.roles
# 督办单 is worked by those who issue orders (the county) and those who reply (the township): to a liaison or an
# auditor the list would only repeat what each case's page shows.
ORDER_ROLES = sup.ISSUE_ORDERS.roles | sup.REPLY_ORDERS.roles
# The board is the township's and the county's; a liaison sees her village's cases on their own pages.
HARD_CASE_READERS = CASE_READERS - {Role.village_liaison}
SPOT_CHECK_READERS = sup.READ_SPOT_CHECKS.roles
# Training's pages, by training's table (shared/abilities/training_records.py): 培训记录 for those who read the
# sessions (trainers record on it), 培训覆盖 for those who read coverage, 我的学时 for every petition cadre.
TRAINING_READERS = train.READ_TRAINING.roles
TRAINING_RECORDERS = train.RECORD_TRAINING.roles
COVERAGE_READERS = train.READ_COVERAGE.roles
OWN_HOURS_ROLES = train.OWN_HOURS.roles
# Not a menu item: a cadre's page offers the certificate to those who print anyone's (trainers, the county).
CERTIFICATE_PRINTERS = train.PRINT_CERTIFICATES.roles

# 死信事件: the county admin who runs the system reads and replays them (shared/abilities/reporting.py).
DEAD_LETTER_OPERATORS = rep.OPERATE_DEAD_LETTERS.roles
# 月度分析: whoever reads the figures reads the month's analysis of them (reporting's read_figures).
ANALYSIS_READERS = rep.READ_FIGURES.roles
# 信息报送: every reader of the reports; the list offers drafting to those who write them.
INFORMATION_REPORT_READERS = rep.READ_INFORMATION_REPORTS.roles

MENU: list[MenuItem] = [
    MenuItem("nav.home", "/", "house"),
    MenuItem("nav.work_list", "/work-list", "list-check", WORK_LIST_ROLES),
    MenuItem("nav.register", "/petitions/new", "pencil-square", REGISTER_ROLES),
    MenuItem("nav.petitions", "/petitions", "search", PETITION_READERS),
    MenuItem("nav.diary", "/diary", "journal-text", DIARY_READERS),
    MenuItem("nav.screening", "/screening", "shield-exclamation", SCREENING_READERS),
    MenuItem("nav.emergency", "/emergency", "telephone-inbound", EMERGENCY_READERS),
    MenuItem("nav.cases", "/cases", "folder2-open", CASE_READERS),
    MenuItem("nav.supervision_work", "/supervision/work-items", "alarm", SUPERVISION_WORKERS),
    MenuItem("nav.supervision_orders", "/supervision-orders", "envelope-exclamation", ORDER_ROLES),
    MenuItem("nav.hard_cases", "/hard-cases", "exclamation-octagon", HARD_CASE_READERS),
    MenuItem("nav.spot_checks", "/spot-checks", "shuffle", SPOT_CHECK_READERS),
    MenuItem("nav.calendar", "/calendar", "calendar3", CALENDAR_ROLES),
    MenuItem("nav.routing_rules", "/routing-rules", "signpost-split", RULE_KEEPERS),
    MenuItem("nav.training", "/training", "mortarboard", TRAINING_READERS),
    MenuItem("nav.training_coverage", "/training/coverage", "bar-chart", COVERAGE_READERS),
    MenuItem("nav.my_training", "/my-training", "award", OWN_HOURS_ROLES),
    MenuItem("nav.analyses", "/analyses", "file-earmark-bar-graph", ANALYSIS_READERS),
    MenuItem("nav.dead_letters", "/dead-letters", "inboxes", DEAD_LETTER_OPERATORS),
    MenuItem("nav.information_reports", "/information-reports", "send", INFORMATION_REPORT_READERS),
    MenuItem("nav.audit", "/audit", "shield-check", TRAIL_READERS),
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
