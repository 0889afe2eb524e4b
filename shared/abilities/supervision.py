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
SPOT_CHECK = ability(
    "spot_check", (_OFFICER,), "抽查已办结件并回访", "draw a spot check and record its visits"
)
READ_SPOT_CHECKS = ability(
    "read_spot_checks", (_OFFICER, _COUNTY_LEADER, _AUDITOR), "查阅抽查结果", "read spot checks"
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
    SPOT_CHECK,
    READ_SPOT_CHECKS,
)

# The county's oversight of a case (督办): orders and on-site visits are the county's; the township replies,
# reports progress of its long-running matters and keeps its hard cases' monthly notes.
ISSUE_ORDERS = ability("issue_orders", (_OFFICER, _COUNTY_LEADER), "签发督办单", "issue a supervision order")
REPLY_ORDERS = ability("reply_orders", (_CLERK, _LEADER), "回复督办单", "reply to a supervision order")
ONSITE = ability(
    "onsite", (_OFFICER, _COUNTY_LEADER), "现场督办并上传照片", "record an on-site supervision with photos"
)
FOLLOW_UP = ability("follow_up", (_CLERK, _LEADER), "续报办理进展", "report progress of a long-running case")
HARD_CASES = ability(
    "hard_cases", (_LEADER, _OFFICER), "认定疑难积案", "flag a hard case by hand, with a reason"
)
HARD_CASE_LEAD = ability(
    "hard_case_lead", (_LEADER, _OFFICER, _COUNTY_LEADER), "确定包案领导与协办单位",
    "set a hard case's lead leader and coordinating units",
)  # fmt: skip
HARD_CASE_NOTES = ability(
    "hard_case_notes", _WORKERS, "填写疑难积案月度进展", "write a hard case's monthly progress note"
)
FLAG_HARD_CASES = ability(
    "flag_hard_cases", (_OFFICER,), "按规则认定疑难积案", "flag hard cases by the county's rules"
)

TABLE += (
    ISSUE_ORDERS,
    REPLY_ORDERS,
    ONSITE,
    FOLLOW_UP,
    HARD_CASES,
    HARD_CASE_LEAD,
    HARD_CASE_NOTES,
    FLAG_HARD_CASES,
)
