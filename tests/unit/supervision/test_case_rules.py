"""A case's stages and routing alone."""

from __future__ import annotations

import uuid

import pytest

from services.supervision.domain import case as stages
from services.supervision.domain.case import CaseStage, OpinionKind, Satisfaction
from services.supervision.domain.clocks import ClockKind
from services.supervision.domain.routing import EarlierMove, MoveKind, RoutingRule, repeat_of, route
from shared.errors import StateConflict

LAND, OFFICE, SOCIAL = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
RULES = [
    RoutingRule("land", None, LAND),
    RoutingRule("land", "accusation", OFFICE),
    RoutingRule("labour", None, SOCIAL),
]


def test_the_rule_for_the_kind_wins_over_the_category_s_rule() -> None:
    assert route(RULES, "land", "accusation") == OFFICE
    assert route(RULES, "land", "claim") == LAND
    assert route(RULES, "environment", "claim") is None


def test_the_chain_opinion_review_reexamination_ends_for_good() -> None:
    assert stages.opinion_step(CaseStage.handling) == (OpinionKind.opinion, ClockKind.handling, CaseStage.opinion_issued)
    assert stages.appeal_step(CaseStage.opinion_issued) == (ClockKind.review_window, ClockKind.review, CaseStage.in_review)
    assert stages.opinion_step(CaseStage.in_review)[2] is CaseStage.review_answered
    assert stages.appeal_step(CaseStage.review_answered)[2] is CaseStage.in_reexamination
    assert stages.opinion_step(CaseStage.in_reexamination)[2] is CaseStage.closed_for_good
    with pytest.raises(StateConflict):
        stages.opinion_step(CaseStage.closed_for_good)
    with pytest.raises(StateConflict):
        stages.appeal_step(CaseStage.in_reexamination)


def test_a_verdict_closes_or_appeals() -> None:
    assert stages.after_verdict(CaseStage.opinion_issued, Satisfaction.basically_satisfied) is CaseStage.closed
    assert stages.after_verdict(CaseStage.review_answered, Satisfaction.dissatisfied) is None
    with pytest.raises(StateConflict):
        stages.after_verdict(CaseStage.handling, Satisfaction.satisfied)


def test_a_lapsed_window_closes_only_the_case_that_waited_on_it() -> None:
    assert stages.stage_after_lapse(ClockKind.review_window, CaseStage.opinion_issued) is CaseStage.closed
    assert stages.stage_after_lapse(ClockKind.review_window, CaseStage.in_review) is None
    assert stages.stage_after_lapse(ClockKind.objection_window, CaseStage.handling) is None


def test_assigning_the_same_matter_to_the_same_unit_again_links_to_the_first() -> None:
    first = EarlierMove(uuid.uuid4(), LAND, MoveKind.assigned, None)
    second = EarlierMove(uuid.uuid4(), LAND, MoveKind.assigned, first.id)
    routed = EarlierMove(uuid.uuid4(), SOCIAL, MoveKind.routed, None)
    assert repeat_of([routed, first, second], LAND) == first.id
    assert repeat_of([routed], SOCIAL) is None  # a routing is not an assignment


def test_a_sample_drawn_again_from_its_seed_is_the_same_whatever_the_order() -> None:
    from services.supervision.domain.spot_check import sample

    cases = [uuid.uuid4() for _ in range(57)]
    first = sample(cases, 0.1, 20261201)
    assert len(first) == 6
    assert sample(list(reversed(cases)), 0.1, 20261201) == first
    assert sample(cases, 0.1, 20261202) != first
    assert sample(cases[:3], 0.1, 1) and sample([], 0.5, 1) == []


def test_a_visit_contradicts_only_across_content_and_discontent() -> None:
    from services.supervision.domain.spot_check import contradicts

    assert contradicts("satisfied", Satisfaction.dissatisfied) is True
    assert contradicts("dissatisfied", Satisfaction.basically_satisfied) is True
    assert contradicts("satisfied", Satisfaction.basically_satisfied) is False
    assert contradicts(None, Satisfaction.satisfied) is None


def test_only_an_ended_month_is_sampled() -> None:
    from datetime import date

    from services.supervision.domain.spot_check import month_bounds

    assert month_bounds("2026-11", date(2026, 12, 1)) == (date(2026, 11, 1), date(2026, 12, 1))
    assert month_bounds("2026-12", date(2027, 1, 1)) == (date(2026, 12, 1), date(2027, 1, 1))
    with pytest.raises(StateConflict):
        month_bounds("2026-12", date(2026, 12, 31))
