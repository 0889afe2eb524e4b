"""A case's stages from acceptance to its end, and which step each stage allows.

handling ─opinion→ opinion_issued ─满意/基本满意→ closed
                                  ─不满意 / request→ in_review ─review opinion→ review_answered
review_answered ─满意/基本满意→ closed ; ─不满意 / request→ in_reexamination ─re-examination opinion→ closed_for_good
A window that lapses closes the case as it stands (the petitioner did not appeal in time).
"""

from __future__ import annotations

import enum

from services.supervision.domain.clocks import ClockKind
from shared.errors import StateConflict


class CaseStage(enum.StrEnum):
    handling = "handling"  # 办理中
    opinion_issued = "opinion_issued"  # 已出具处理意见
    in_review = "in_review"  # 复查中
    review_answered = "review_answered"  # 已出具复查意见
    in_reexamination = "in_reexamination"  # 复核中
    closed = "closed"  # 办结
    closed_for_good = "closed_for_good"  # 复核终结，不再受理


class Satisfaction(enum.StrEnum):
    satisfied = "satisfied"  # 满意
    basically_satisfied = "basically_satisfied"  # 基本满意
    dissatisfied = "dissatisfied"  # 不满意


class SatisfactionSource(enum.StrEnum):
    return_visit = "return_visit"  # 回访: recorded by staff
    petitioner = "petitioner"  # given on the public query page


class OpinionKind(enum.StrEnum):
    opinion = "opinion"  # 处理意见书
    review = "review"  # 复查意见书
    reexamination = "reexamination"  # 复核意见书


OPEN_STAGES = frozenset(
    {CaseStage.handling, CaseStage.opinion_issued, CaseStage.in_review, CaseStage.review_answered,
     CaseStage.in_reexamination}
)  # fmt: skip
CLOSED_STAGES = frozenset({CaseStage.closed, CaseStage.closed_for_good})
# Stages in which the office's own period runs, which a hearing can pause.
PAUSABLE_STAGES = frozenset({CaseStage.handling, CaseStage.in_review, CaseStage.in_reexamination})

# For each stage that awaits an opinion: its kind, the duty clock it stops and the stage it leads to.
_OPINION_STEP = {
    CaseStage.handling: (OpinionKind.opinion, ClockKind.handling, CaseStage.opinion_issued),
    CaseStage.in_review: (OpinionKind.review, ClockKind.review, CaseStage.review_answered),
    CaseStage.in_reexamination: (
        OpinionKind.reexamination,
        ClockKind.reexamination,
        CaseStage.closed_for_good,
    ),
}
# For each stage that awaits the petitioner: the window that is open, the appeal it allows, its clock and stage.
_APPEAL_STEP = {
    CaseStage.opinion_issued: (ClockKind.review_window, ClockKind.review, CaseStage.in_review),
    CaseStage.review_answered: (
        ClockKind.reexamination_window,
        ClockKind.reexamination,
        CaseStage.in_reexamination,
    ),
}
# The opinion a verdict is about, by the stage it is given in.
RATED_OPINION = {CaseStage.opinion_issued: OpinionKind.opinion, CaseStage.review_answered: OpinionKind.review}


def opinion_step(stage: CaseStage) -> tuple[OpinionKind, ClockKind, CaseStage]:
    if stage not in _OPINION_STEP:
        raise StateConflict(f"no opinion is due in stage {stage}")
    return _OPINION_STEP[stage]


def appeal_step(stage: CaseStage) -> tuple[ClockKind, ClockKind, CaseStage]:
    """(the window that must still be open, the clock the appeal starts, the stage it leads to)."""
    if stage not in _APPEAL_STEP:
        raise StateConflict(f"no review or re-examination can be requested in stage {stage}")
    return _APPEAL_STEP[stage]


def after_verdict(stage: CaseStage, verdict: Satisfaction) -> CaseStage | None:
    """满意 or 基本满意 closes the case; 不满意 appeals (returns None: the caller opens the appeal)."""
    if stage not in RATED_OPINION:
        raise StateConflict("there is no opinion awaiting a verdict")
    return None if verdict is Satisfaction.dissatisfied else CaseStage.closed


def stage_after_lapse(kind: ClockKind, stage: CaseStage) -> CaseStage | None:
    """A closing window ends the case only if the case still waits on it."""
    waiting = {ClockKind.review_window: CaseStage.opinion_issued,
               ClockKind.reexamination_window: CaseStage.review_answered}  # fmt: skip
    return CaseStage.closed if waiting.get(kind) is stage else None
