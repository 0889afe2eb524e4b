"""Which actions a page offers to which roles: the same roles the services' guards allow.

The page only hides what would be refused; the service decides again on every call.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.auth.roles import Role

REVEAL = frozenset({Role.township_clerk, Role.township_leader, Role.county_officer})
DECIDE_ACCEPTANCE = frozenset({Role.township_clerk, Role.township_leader, Role.county_officer})
DECIDE_REPEAT = frozenset({Role.township_clerk, Role.county_officer})
INSTRUCT = frozenset({Role.township_leader, Role.county_leader})
REGISTER = frozenset({Role.township_clerk, Role.county_officer, Role.village_liaison})
DIARY_RECORD = frozenset({Role.village_liaison})
DIARY_RESOLVE = frozenset(
    {Role.village_liaison, Role.township_clerk, Role.township_leader, Role.county_officer}
)
# Not the county: a county officer registering a village's matter would make it look skip-level (越级访).
DIARY_CONVERT = frozenset({Role.village_liaison, Role.township_clerk})
SCREENING_OPEN = frozenset({Role.township_clerk, Role.county_officer})
SCREENING_KEEP = frozenset({Role.township_clerk, Role.township_leader, Role.county_officer})
EMERGENCY_REQUEST = frozenset({Role.village_liaison, Role.township_clerk, Role.county_officer})
EMERGENCY_HANDLE = frozenset(
    {Role.village_liaison, Role.township_clerk, Role.township_leader, Role.county_officer}
)

ABILITIES = {
    "reveal": REVEAL,
    "decide_acceptance": DECIDE_ACCEPTANCE,
    "decide_repeat": DECIDE_REPEAT,
    "instruct": INSTRUCT,
    "register": REGISTER,
    "diary_record": DIARY_RECORD,
    "diary_resolve": DIARY_RESOLVE,
    "diary_convert": DIARY_CONVERT,
    "screening_open": SCREENING_OPEN,
    "screening_keep": SCREENING_KEEP,
    "emergency_request": EMERGENCY_REQUEST,
    "emergency_handle": EMERGENCY_HANDLE,
}


def abilities_of(roles: Iterable[Role]) -> frozenset[str]:
    """The names of the actions these roles may take, for the templates (`'reveal' in can`)."""
    held = frozenset(roles)
    return frozenset(name for name, allowed in ABILITIES.items() if not allowed.isdisjoint(held))
