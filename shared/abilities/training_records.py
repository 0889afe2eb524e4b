"""What each role may read or do in training records: sessions, attendance, hours, coverage, certificates.

By need (docs/abilities.md): trainers record sessions and attendance (a township trainer for their township, a
county trainer for any); every petition cadre reads their own hours and prints their own certificate; township
leaders and the county read coverage and who is behind in their scope; auditors read everything and change nothing.
"""

from __future__ import annotations

from shared.abilities import Ability, ability
from shared.auth.roles import Role

_LIAISON, _CLERK, _LEADER = Role.village_liaison, Role.township_clerk, Role.township_leader
_OFFICER, _COUNTY_LEADER, _AUDITOR, _TRAINER = (
    Role.county_officer,
    Role.county_leader,
    Role.auditor,
    Role.trainer,
)
_CADRES = (_LIAISON, _CLERK, _LEADER, _OFFICER)

RECORD_TRAINING = ability(
    "record_training",
    (_TRAINER,),
    "记录培训、导入签到表、更正出勤",
    "record sessions, import sign-in sheets, correct attendance",
)
READ_TRAINING = ability(
    "read_training",
    (_TRAINER, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR),
    "查阅培训记录与出勤",
    "read training sessions and attendance",
)
READ_COVERAGE = ability(
    "read_coverage",
    (_TRAINER, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR),
    "查阅培训覆盖率与未达标人员",
    "read coverage and who is behind",
)
OWN_HOURS = ability(
    "own_hours", _CADRES, "查看本人学时、打印本人培训证明", "read my hours, print my certificate"
)
PRINT_CERTIFICATES = ability(
    "print_certificates",
    (_TRAINER, _OFFICER),
    "为他人出具培训学时证明",
    "print anyone's training certificate",
)

TABLE: tuple[Ability, ...] = (RECORD_TRAINING, READ_TRAINING, READ_COVERAGE, OWN_HOURS, PRINT_CERTIFICATES)
