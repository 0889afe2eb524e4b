"""Which actions a page offers to which roles: the services' own ability tables (shared/abilities/).

The page only hides what would be refused; the service decides again on every call.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.abilities import intake as can
from shared.abilities import names_held
from shared.abilities import supervision as sup
from shared.abilities import training_records as train
from shared.auth.roles import Role

REVEAL = can.REVEAL.roles
DECIDE_ACCEPTANCE = can.DECIDE_ACCEPTANCE.roles
DECIDE_REPEAT = can.DECIDE_REPEAT.roles
INSTRUCT = can.INSTRUCT.roles
REGISTER = can.REGISTER.roles
DIARY_RECORD = can.DIARY_RECORD.roles
DIARY_RESOLVE = can.DIARY_RESOLVE.roles
DIARY_CONVERT = can.DIARY_CONVERT.roles
SCREENING_OPEN = can.SCREENING_OPEN.roles
SCREENING_KEEP = can.SCREENING_KEEP.roles
EMERGENCY_REQUEST = can.EMERGENCY_REQUEST.roles
EMERGENCY_HANDLE = can.EMERGENCY_HANDLE.roles
# The emergency page reveals a caller's phone with the same button as a petitioner's.
EMERGENCY_REVEAL = can.EMERGENCY_REVEAL.roles


def abilities_of(roles: Iterable[Role]) -> frozenset[str]:
    """The names of the actions these roles may take, for the templates (`'reveal' in can`); intake's,
    supervision's and training's names differ, so one set serves all three."""
    held = frozenset(roles)
    return names_held(can.TABLE, held) | names_held(sup.TABLE, held) | names_held(train.TABLE, held)
