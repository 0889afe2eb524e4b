"""Events the reporting service consumes: its handler registry (the events it publishes go through its outbox).

Every durable starts at the beginning of the stream (DeliverPolicy.ALL), which is what lets `rebuild` replay the
whole history by deleting them.
"""

from services.reporting.service import information_report_projections as major
from services.reporting.service import projections
from services.reporting.service import trail as trail_copy
from shared.contracts.intake import PetitionDecided, PetitionInstructed, PetitionRegistered, RepeatLinkDecided
from shared.contracts.intake_village import (
    DiaryResolved,
    EmergencyRequested,
    EmergencyResolved,
    EmergencyResponded,
    ScreeningItemRecorded,
    ScreeningItemResolved,
)
from shared.contracts.supervision import (
    CaseClockChanged,
    CaseMoved,
    CaseOpened,
    CaseStageChanged,
    HardCaseFlagged,
)
from shared.contracts.trail import TrailAnchored, TrailRecorded
from shared.contracts.training_records import AttendanceChanged, CadreRosterChanged
from shared.events.consumer import HandlerRegistry

REGISTRY = HandlerRegistry()

REGISTRY.handles(PetitionRegistered, durable="reporting-petition-registered")(projections.petition_registered)
# One durable per decision: reporting-petition-decided-accepted, -not-accepted, -forwarded.
REGISTRY.handles(PetitionDecided, durable="reporting-petition-decided")(projections.petition_decided)
REGISTRY.handles(RepeatLinkDecided, durable="reporting-repeat-linked")(projections.repeat_linked)
REGISTRY.handles(CaseOpened, durable="reporting-case-opened")(projections.case_opened)
REGISTRY.handles(CaseClockChanged, durable="reporting-case-clock")(projections.case_clock_changed)
REGISTRY.handles(CaseStageChanged, durable="reporting-case-stage")(projections.case_stage_changed)
REGISTRY.handles(PetitionInstructed, durable="reporting-petition-instructed")(projections.petition_instructed)
REGISTRY.handles(HardCaseFlagged, durable="reporting-hard-case-flagged")(projections.hard_case_flagged)
REGISTRY.handles(CaseMoved, durable="reporting-case-moved")(projections.case_moved)
REGISTRY.handles(DiaryResolved, durable="reporting-diary-resolved")(projections.diary_resolved)
REGISTRY.handles(ScreeningItemRecorded, durable="reporting-screening-item")(
    projections.screening_item_recorded
)
REGISTRY.handles(ScreeningItemResolved, durable="reporting-screening-resolved")(
    projections.screening_item_resolved
)
# One durable per event: reporting-attendance-recorded, -corrected.
REGISTRY.handles(AttendanceChanged, durable="reporting-attendance")(projections.attendance_changed)
# The serving cadres of each township: the denominator of 培训覆盖率.
REGISTRY.handles(CadreRosterChanged, durable="reporting-cadre-roster")(projections.cadre_roster_changed)
# The major matters an information report is written on (信息报送): collective petitions, emergencies.
REGISTRY.handles(PetitionRegistered, durable="reporting-collective-petition")(
    major.collective_petition_registered
)
REGISTRY.handles(EmergencyRequested, durable="reporting-emergency-requested")(major.emergency_requested)
REGISTRY.handles(EmergencyResponded, durable="reporting-emergency-responded")(major.emergency_responded)
REGISTRY.handles(EmergencyResolved, durable="reporting-emergency-resolved")(major.emergency_resolved)
# The auditors' trail (docs/trail.md): the copy of every service's entries and anchors. Evidence, not projections:
# the rebuild leaves these durables, their claims and the copy alone (TRAIL_DURABLES).
REGISTRY.handles(TrailRecorded, durable="reporting-trail-recorded")(trail_copy.trail_recorded)
REGISTRY.handles(TrailAnchored, durable="reporting-trail-anchored")(trail_copy.trail_anchored)
TRAIL_DURABLES = frozenset({"reporting-trail-recorded", "reporting-trail-anchored"})
