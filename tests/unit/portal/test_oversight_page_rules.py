"""Pure rules of the oversight pages: the 督办单 filter, the spot-check draw form, the case page's action names
(none may shadow a route under the case), and who is offered which oversight form."""

from __future__ import annotations

from services.portal.api import case_oversight
from services.portal.api.case_detail import _ACTIONS
from services.portal.api.spot_checks import draw_body
from services.portal.api.supervision_orders import api_query
from services.portal.domain.abilities import abilities_of
from shared.auth.roles import Role


def test_the_order_list_shows_those_awaiting_a_reply_unless_asked_for_late_or_all() -> None:
    assert api_query({}) == {"township": None, "open": "true", "late": None}
    assert api_query({"state": "late", "township": "dajiahe"}) == {
        "township": "dajiahe",
        "open": None,
        "late": "true",
    }
    assert api_query({"state": "all"}) == {"township": None, "open": None, "late": None}


def test_the_draw_form_sends_numbers_it_can_read_and_the_rest_as_typed() -> None:
    posted = {"township": "xidian", "month": "2024-03", "share": "0.25", "seed": "42"}
    assert draw_body(posted) == {"township": "xidian", "month": "2024-03", "share": 0.25, "seed": 42}
    assert draw_body({"township": "xidian", "month": "2024-03", "share": "", "seed": ""}) == {
        "township": "xidian",
        "month": "2024-03",
    }
    assert draw_body({"share": "一成", "seed": "-1"}) == {"share": "一成", "seed": "-1"}


def test_no_case_action_is_named_like_a_segment_the_oversight_routes_take_under_the_case() -> None:
    # The router does not come back from a static segment to /cases/{id}/{action}: "onsite" would be a 404.
    segments = {p.split("/")[3] for r in case_oversight.ROUTES for p in r.paths}
    assert segments == {"orders", "onsite"} and not segments & set(_ACTIONS)


def test_the_oversight_forms_are_offered_by_supervision_s_abilities() -> None:
    officer, clerk = abilities_of({Role.county_officer}), abilities_of({Role.township_clerk})
    leader, auditor = abilities_of({Role.township_leader}), abilities_of({Role.auditor})
    assert {"issue_orders", "onsite", "flag_hard_cases", "spot_check"} <= officer
    assert "reply_orders" not in officer and "follow_up" not in officer
    assert {"reply_orders", "follow_up", "hard_case_notes"} <= clerk and "hard_cases" not in clerk
    assert {"hard_cases", "hard_case_lead"} <= leader
    assert not {"issue_orders", "reply_orders", "onsite", "hard_cases", "spot_check"} & auditor
