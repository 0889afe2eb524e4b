"""What each role may read and do in intake: petitions, attachments, the village line, the directory.

By need (docs/abilities.md): trainers keep training records and the county admin keeps the directory and users,
so neither reads petitions; auditors read everything and change nothing; revealing personal data is for those who
must contact the petitioner (clerks, leaders, county officers), and every reveal is on the trail.
"""

from __future__ import annotations

from shared.abilities import Ability, ability
from shared.auth.roles import Role

_LIAISON, _CLERK, _LEADER = Role.village_liaison, Role.township_clerk, Role.township_leader
_OFFICER, _COUNTY_LEADER, _AUDITOR = Role.county_officer, Role.county_leader, Role.auditor
_READERS = (_LIAISON, _CLERK, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR)

READ_DIRECTORY = ability(
    "read_directory", Role, "查看乡镇、村（社区）名录", "read the townships and villages"
)
READ_PETITIONS = ability(
    "read_petitions", _READERS, "查阅信访件及其附件、时间线（个人信息脱敏）", "read petitions, attachments, timelines (masked)"
)
REGISTER = ability(
    "register", (_CLERK, _OFFICER, _LIAISON), "登记信访件、上传附件、查重复访", "register petitions, upload attachments"
)
REVEAL = ability(
    "reveal", (_CLERK, _LEADER, _OFFICER), "查看信访人完整个人信息（留痕）", "reveal a petitioner's personal data (audited)"
)
DECIDE_ACCEPTANCE = ability(
    "decide_acceptance", (_CLERK, _LEADER, _OFFICER), "作出受理决定、打印告知书", "decide acceptance, print the notice"
)
DECIDE_REPEAT = ability(
    "decide_repeat", (_CLERK, _OFFICER), "确认或否定重复访", "confirm or reject a repeat petition"
)
INSTRUCT = ability("instruct", (_LEADER, _COUNTY_LEADER), "领导阅批", "give a leader's instruction")
DIARY_RECORD = ability("diary_record", (_LIAISON,), "记民情日记", "record a sentiment diary entry")
DIARY_READ = ability("diary_read", _READERS, "查阅民情日记", "read the sentiment diary")
DIARY_RESOLVE = ability(
    "diary_resolve", (_LIAISON, _CLERK, _LEADER, _OFFICER), "化解民情日记事项", "resolve a diary entry"
)
# Not the county: a county officer registering a village's matter would make it look skip-level (越级访).
DIARY_CONVERT = ability("diary_convert", (_LIAISON, _CLERK), "民情日记转为信访件", "turn a diary entry into a petition")
SCREENING_OPEN = ability("screening_open", (_CLERK, _OFFICER), "开立排查登记表", "open a screening register")
SCREENING_KEEP = ability(
    "screening_keep", (_CLERK, _LEADER, _OFFICER), "登记、化解排查事项并报送", "keep and file a screening register"
)
SCREENING_READ = ability(
    "screening_read", (_CLERK, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR), "查阅排查登记表", "read screening registers"
)
EMERGENCY_REQUEST = ability(
    "emergency_request", (_LIAISON, _CLERK, _OFFICER), "登记应急求助", "record an emergency request"
)
EMERGENCY_HANDLE = ability(
    "emergency_handle", (_LIAISON, _CLERK, _LEADER, _OFFICER), "响应、办结应急求助", "respond to and resolve a request"
)
EMERGENCY_READ = ability("emergency_read", _READERS, "查阅应急求助", "read emergency requests")
EMERGENCY_REVEAL = ability(
    "emergency_reveal", (_CLERK, _LEADER, _OFFICER), "查看求助人电话（留痕）", "reveal a caller's phone (audited)"
)

TABLE: tuple[Ability, ...] = (
    READ_DIRECTORY,
    READ_PETITIONS,
    REGISTER,
    REVEAL,
    DECIDE_ACCEPTANCE,
    DECIDE_REPEAT,
    INSTRUCT,
    DIARY_RECORD,
    DIARY_READ,
    DIARY_RESOLVE,
    DIARY_CONVERT,
    SCREENING_OPEN,
    SCREENING_KEEP,
    SCREENING_READ,
    EMERGENCY_REQUEST,
    EMERGENCY_HANDLE,
    EMERGENCY_READ,
    EMERGENCY_REVEAL,
)
