"""Events the reporting service consumes: its handler registry (the events it publishes go through its outbox).

Every durable starts at the beginning of the stream (DeliverPolicy.ALL), which is what lets `rebuild` replay the
whole history by deleting them.
"""

from services.reporting.service import projections
from shared.contracts.intake import PetitionDecided, PetitionRegistered, RepeatLinkDecided
from shared.contracts.supervision import CaseClockChanged, CaseOpened, CaseStageChanged
from shared.events.consumer import HandlerRegistry

REGISTRY = HandlerRegistry()

REGISTRY.handles(PetitionRegistered, durable="reporting-petition-registered")(projections.petition_registered)
# One durable per decision: reporting-petition-decided-accepted, -not-accepted, -forwarded.
REGISTRY.handles(PetitionDecided, durable="reporting-petition-decided")(projections.petition_decided)
REGISTRY.handles(RepeatLinkDecided, durable="reporting-repeat-linked")(projections.repeat_linked)
REGISTRY.handles(CaseOpened, durable="reporting-case-opened")(projections.case_opened)
REGISTRY.handles(CaseClockChanged, durable="reporting-case-clock")(projections.case_clock_changed)
REGISTRY.handles(CaseStageChanged, durable="reporting-case-stage")(projections.case_stage_changed)
