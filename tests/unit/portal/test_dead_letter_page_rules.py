"""The dead letters page's own rules: the menu item and the guard are the county admin's alone, as reporting's
ability; the filters go to reporting as typed, empty ones dropped; each replay button's form carries its own
Idempotency-Key and the list's filters; a replayed row has no button; the page renders in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from services.portal.api import dead_letters as pages
from services.portal.api.frame import date_formatter, datetime_formatter
from services.portal.domain.dead_letter_messages import EN_DEAD_LETTER, ZH_DEAD_LETTER
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import MENU, visible_menu
from services.portal.domain.messages import Language, Messages
from services.portal.domain.vocabulary import choices
from shared.abilities import reporting as can
from shared.auth.roles import Role

ZH, EN = Messages(Language.zh), Messages(Language.en)
TEMPLATES = Path(pages.__file__).resolve().parents[1] / "templates"


def letter(seq: int, **over: Any) -> dict[str, Any]:
    base = {
        "seq": seq, "service": "reporting", "consumer": "reporting-attendance-corrected",
        "original_subject": "xf.dajiahe.attendance.corrected", "original_seq": 812,
        "event_id": "0193a1b2-0000-7000-8000-000000000001", "event_type": "attendance.corrected.v9",
        "tenant": "dajiahe", "undecodable": False, "error_type": "UnexpectedEventType",
        "error_detail": "UnexpectedEventType", "deliveries": 1, "dead_lettered_at": "2026-11-30T16:05:09+00:00",
        "replay_of": None, "replayed_at": None, "replayed_by": None, "replay_msg_id": None,
    }  # fmt: skip
    return {**base, **over}


def result(*items: dict[str, Any]) -> dict[str, Any]:
    counts = [{"service": "reporting", "consumer": "reporting-attendance-corrected", "total": len(items),
               "waiting": sum(1 for i in items if not i["replayed_at"]), "latest": "2026-11-30T16:05:09+00:00"}]  # fmt: skip
    return {"items": list(items), "total": len(items), "page": 1, "page_size": 20, "counts": counts}


def render(t: Messages, **values: Any) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    frame = SimpleNamespace(
        display_name="管理员", role_names=["系统管理员"], place="全县", menu=visible_menu({Role.county_admin}),
        active=None, crumbs=[], current_path="/dead-letters",
    )  # fmt: skip
    keys = iter(f"key-{n}" for n in range(100))
    context = {
        "frame": frame, "t": t, "lang": t.language.value, "fmt_date": date_formatter(t),
        "fmt_datetime": datetime_formatter(t), "choices": choices(t), "can": frozenset(), "is_county": True,
        "csrf_token": lambda: "token", "csrf_input": '<input type="hidden" name="_csrf_token" value="token">',
        "errors": FormErrors(), "notice": None, "unavailable": False, "filters": {}, "new_key": lambda: next(keys),
    }  # fmt: skip
    return env.get_template("dead_letters.html").render(**{**context, **values})


def test_only_the_county_admin_has_the_menu_item_as_reportings_ability_says() -> None:
    item = next(i for i in MENU if i.path == "/dead-letters")
    assert item.roles == can.OPERATE_DEAD_LETTERS.roles == frozenset({Role.county_admin})
    for role in set(Role) - {Role.county_admin}:
        assert item not in visible_menu({role}), role
    assert all(handler.guards == [pages.GUARD] for handler in pages.ROUTES)


def test_the_labels_are_in_both_languages() -> None:
    assert set(ZH_DEAD_LETTER) == set(EN_DEAD_LETTER)
    assert ZH("nav.dead_letters") == "死信事件" and EN("nav.dead_letters") == "Dead letters"


def test_the_filters_go_as_typed_and_empty_ones_are_dropped() -> None:
    request = SimpleNamespace(
        query_params={"service": " reporting ", "consumer": "", "type": "x.y.v1", "page": "2"}
    )
    assert pages.asked_filters(request) == {"service": "reporting", "type": "x.y.v1"}  # type: ignore[arg-type]
    assert pages.asked_page(request) == 2  # type: ignore[arg-type]
    assert pages.asked_page(SimpleNamespace(query_params={"page": "-3"})) == 1  # type: ignore[arg-type]


@pytest.mark.parametrize("t", [ZH, EN])
def test_each_waiting_dead_letter_has_a_replay_form_of_its_own_key_and_a_replayed_one_none(
    t: Messages,
) -> None:
    replayed = letter(7, replayed_at="2026-12-01T02:00:00+00:00", replayed_by="county.admin")
    html = render(
        t,
        result=result(
            letter(9), letter(8, undecodable=True, event_id=None, event_type=None, replay_of=7), replayed
        ),
        filters={"consumer": "reporting-attendance-corrected"},
    )
    forms = re.findall(r'<form method="post" action="/dead-letters/(\d+)/replay"(.*?)</form>', html, re.S)
    assert [seq for seq, _ in forms] == ["9", "8"]
    keys = [re.search(r'name="idempotency_key" value="([^"]+)"', body).group(1) for _, body in forms]
    assert len(set(keys)) == 2, "one key per form"
    assert all('name="consumer" value="reporting-attendance-corrected"' in body for _, body in forms)
    assert t("dl.replayed_yes") in html and t("dl.undecodable") in html
    assert t("dl.replay_of", seq=7) in html
    assert 'data-consumer="reporting-attendance-corrected"' in html


def test_an_empty_list_and_an_unavailable_reporting_say_so() -> None:
    assert ZH("dl.none") in render(ZH, result=result())
    assert ZH("dl.unavailable") in render(ZH, result=None, unavailable=True)
