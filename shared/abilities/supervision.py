"""What each role may read or do in supervision: cases, their routing, clocks, opinions, satisfaction, the calendar.

By need (docs/abilities.md): the township works its cases (clerks handle, the leader approves extensions, as the
statute wants 本机关负责人批准); the county assigns (交办) and answers review and re-examination, the bodies above
the township; liaisons read their village's cases; auditors read everything and change nothing; the county admin
keeps routing rules and the calendar, and reads no case.
"""

from __future__ import annotations

from shared.abilities import Ability, ability
from shared.auth.roles import Role

_LIAISON, _CLERK, _LEADER = Role.village_liaison, Role.township_clerk, Role.township_leader
_OFFICER, _COUNTY_LEADER, _AUDITOR = Role.county_officer, Role.county_leader, Role.auditor
_ADMIN = Role.county_admin
_WORKERS = (_CLERK, _LEADER, _OFFICER)

READ_CASES = ability(
    "read_cases",
    (_LIAISON, _CLERK, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR),
    "查阅办理件、时限与办理轨迹",
    "read cases, their clocks and timelines",
)
HANDLE = ability("handle", _WORKERS, "承办、转办、提出异议", "take, transfer or object to a case")
ASSIGN = ability("assign", (_OFFICER,), "交办（限期报结）", "assign a case with a report-back date")
EXTEND = ability(
    "extend", (_LEADER, _COUNTY_LEADER), "批准延长办理期限并告知信访人", "approve an extension and notify"
)
HEARING = ability("hearing", _WORKERS, "组织听证（期限暂停）", "hold a hearing (the clock pauses)")
ISSUE_OPINION = ability("issue_opinion", _WORKERS, "出具处理意见书", "issue the handling opinion")
ANSWER_APPEAL = ability(
    "answer_appeal", (_OFFICER, _COUNTY_LEADER), "出具复查、复核意见", "answer a review or re-examination"
)
RECORD_SATISFACTION = ability(
    "record_satisfaction",
    _WORKERS,
    "回访并记录满意度、登记复查复核申请",
    "record satisfaction, register an appeal",
)
WORK_LIST = ability(
    "work_list",
    (_CLERK, _LEADER, _OFFICER, _COUNTY_LEADER),
    "查看待办与催办",
    "see one's work list and reminders",
)
READ_RULES = ability(
    "read_rules", (_CLERK, _LEADER, _OFFICER, _COUNTY_LEADER, _AUDITOR, _ADMIN), "查看责任单位与分流规则",
    "read responsible units and routing rules",
)  # fmt: skip
KEEP_RULES = ability("keep_rules", (_ADMIN,), "维护分流规则", "edit the routing rules")
READ_CALENDAR = ability("read_calendar", Role, "查看工作日历", "read the working-day calendar")
KEEP_CALENDAR = ability(
    "keep_calendar", (_ADMIN,), "录入年度节假日安排", "enter a year's holidays and make-up days"
)

TABLE: tuple[Ability, ...] = (
    READ_CASES,
    HANDLE,
    ASSIGN,
    EXTEND,
    HEARING,
    ISSUE_OPINION,
    ANSWER_APPEAL,
    RECORD_SATISFACTION,
    WORK_LIST,
    READ_RULES,
    KEEP_RULES,
    READ_CALENDAR,
    KEEP_CALENDAR,
)
