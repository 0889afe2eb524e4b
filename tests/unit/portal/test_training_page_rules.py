"""The training pages' own rules: the record form as training takes it (a township trainer's township fixed),
the correction form's one entry, a refused sheet's problems by row in the sheet's order, the strings, who may
change a session (its materials and attendance), and 同步人员名单 refused by training shown on the page."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import httpx
import pytest
from litestar.exceptions import NotFoundException

from services.portal.api import training, training_calls, training_session
from services.portal.domain.abilities import abilities_of
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.messages import Language, Messages
from services.portal.domain.training_form import (
    SheetProblem,
    attendance_body,
    count,
    entry_errors,
    people,
    session_body,
    sheet_problems,
    starts_at,
)
from services.portal.domain.training_messages import EN_TRAINING, ZH_TRAINING
from services.portal.service.apis import ServiceApi
from services.portal.service.oidc import TokenSet
from services.portal.service.web_sessions import SignedIn
from shared.auth import Principal
from shared.auth.roles import Role
from shared.tenancy import Scope

FORM = {
    "session_type": "training_class", "topic": " 信访条例学习 ", "starts_at": "2026-11-20T09:00", "hours": "2.5",
    "place": "镇会议室", "trainers": "王老师、李老师, 赵老师", "speakers": "", "organiser": "",
}  # fmt: skip


def test_a_township_trainer_s_session_is_their_township_s_whatever_was_posted() -> None:
    body = session_body({**FORM, "level": "county", "township": "changjie"}, "dajiahe")
    assert body["level"] == "township" and body["township"] == "dajiahe"
    assert body["topic"] == "信访条例学习" and body["hours"] == 2.5
    assert body["starts_at"] == "2026-11-20T09:00:00+08:00"
    assert body["trainers"] == ["王老师", "李老师", "赵老师"] and body["speakers"] == []
    assert "organiser" not in body


def test_a_county_trainer_chooses_the_county_or_a_township() -> None:
    county = session_body({**FORM, "level": "county", "township": "dajiahe"}, None)
    assert county["level"] == "county" and "township" not in county
    township = session_body({**FORM, "level": "township", "township": "changjie"}, None)
    assert township["level"] == "township" and township["township"] == "changjie"
    assert "township" not in session_body(
        {**FORM, "level": "township", "township": ""}, None
    )  # training: required


def test_what_the_portal_cannot_read_goes_as_typed_and_blank_fields_are_left_out() -> None:
    body = session_body({**FORM, "hours": "两小时", "starts_at": "明天上午", "topic": ""}, "dajiahe")
    assert body["hours"] == "两小时" and body["starts_at"] == "明天上午" and "topic" not in body
    assert starts_at("2026-11-20T09:00:30") == "2026-11-20T09:00:30+08:00"
    assert people("王老师；李老师\n 赵老师 ") == ["王老师", "李老师", "赵老师"]


def test_the_correction_form_is_one_entry_and_its_refusals_go_back_to_its_fields() -> None:
    assert attendance_body({"cadre_id": "u1", "status": "present", "hours": ""}) == {
        "entries": [{"cadre_id": "u1", "status": "present"}]
    }
    assert attendance_body({"cadre_id": "u1", "status": "absent", "hours": "0"})["entries"][0]["hours"] == 0.0
    errors = entry_errors(
        [{"field": "entries.0.hours", "message": "entries.0.hours学时不符"}, {"field": "body"}]
    )
    assert errors[0] == {"field": "hours", "message": "hours学时不符"} and errors[1] == {"field": "body"}


def test_a_refused_sheet_s_problems_are_listed_by_row_then_column_left_to_right() -> None:
    rows, rest = sheet_problems(
        [
            {"field": "rows.12.hours", "message": "rows.12.hours不是可识别的数字"},
            {"field": "rows.5.status", "message": "rows.5.status出勤情况无法识别"},
            {"field": "rows.5.name", "message": "rows.5.name查无此人"},
            {"field": "sheet", "message": "sheet签到表中没有人员"},
        ]
    )
    assert rows == [
        SheetProblem(5, "name", "查无此人"),
        SheetProblem(5, "status", "出勤情况无法识别"),
        SheetProblem(12, "hours", "不是可识别的数字"),
    ]
    assert rest == ["签到表中没有人员"]
    english, _ = sheet_problems([{"field": "rows.3.name", "message": "rows.3.name names nobody known"}])
    assert english == [SheetProblem(3, "name", "names nobody known")]


def test_result_counts_are_read_from_the_address_only_as_small_whole_numbers() -> None:
    assert count("3") == 3 and count("0") == 0
    assert count(None) is None and count("-1") is None and count("１") is None and count("999999") is None


def test_the_year_asked_for_is_this_year_by_default_and_a_year_training_keeps_no_record_of_is_not_found() -> (
    None
):
    class Asked:
        def __init__(self, year: str | None) -> None:
            self.query_params = {"year": year} if year is not None else {}

    assert training_calls.asked_year(Asked(None)) == training_calls.this_year()
    assert training_calls.asked_year(Asked("2025")) == 2025
    for bad in ("1999", "25", "２０２５", "2025a", "3000"):
        with pytest.raises(NotFoundException):
            training_calls.asked_year(Asked(bad))
    years = training_calls.years_around(2015)
    assert years[0] == training_calls.this_year() and years[-1] == 2015


def test_the_training_forms_are_offered_by_training_s_abilities() -> None:
    assert "record_training" in abilities_of({Role.trainer})
    assert "record_training" not in abilities_of({Role.township_leader, Role.county_officer, Role.auditor})
    assert "own_hours" in abilities_of({Role.village_liaison}) and "own_hours" not in abilities_of(
        {Role.trainer}
    )


def test_every_training_string_has_both_languages_and_the_vocabulary_reads_in_chinese() -> None:
    assert ZH_TRAINING.keys() == EN_TRAINING.keys()
    t = Messages(Language.zh)
    assert t.label("session_type", "study_meeting") == "学习会"
    assert t.label("attendance", "excused") == "请假" and t.label("tlevel", "township") == "乡镇级"
    assert t("training.result", recorded=1, corrected=2, unchanged=3) == "已保存：新增1人，更正2人，未变3人。"
    assert Messages(Language.en)("training.row_of", row=5) == "Row 5"


def test_a_reason_that_already_names_its_field_is_not_labelled_twice() -> None:
    labels = {"hours": "学时", "topic": "培训主题"}
    errors = FormErrors.from_problem(
        [
            {"field": "hours", "message": "hours学时最多保留一位小数"},
            {"field": "topic", "message": "topic为必填项"},
        ],
        labels.get,
        english=False,
    )
    assert errors.of("hours") == "学时最多保留一位小数" and errors.of("topic") == "培训主题为必填项"


def _principal(roles: set[Role], scope: Scope, township: str) -> Principal:
    return Principal(
        user_id="u-1", username="someone", display_name="王某", roles=frozenset(roles), township=township,
        village=None, tenant_id=None if scope is Scope.county else uuid.uuid4(), village_id=None, scope=scope,
    )  # fmt: skip


def _signed_in(principal: Principal) -> SignedIn:
    return SignedIn(principal, TokenSet("access", "refresh", "id", 0.0, 0.0), b"")


def test_a_session_offers_its_forms_to_the_trainers_who_may_change_it() -> None:
    township = _signed_in(_principal({Role.trainer}, Scope.township, "dajiahe"))
    county = _signed_in(_principal({Role.trainer}, Scope.county, "county"))
    leader = _signed_in(_principal({Role.township_leader}, Scope.township, "dajiahe"))
    ours, the_county_s = {"township": "dajiahe"}, {"township": None}
    assert training_session.may_change(township, ours) and not training_session.may_change(
        township, the_county_s
    )
    assert training_session.may_change(county, ours) and training_session.may_change(county, the_county_s)
    assert not training_session.may_change(leader, ours)


def test_a_refused_material_is_named_as_a_material_not_as_the_sign_in_sheet() -> None:
    t = Messages(Language.zh)
    reason = [{"field": "file", "message": "file文件内容与文件名或类型不符"}]
    material = FormErrors.from_problem(reason, lambda f: t(f"mfield.{f}"), english=False)
    assert material.of("file") == "培训材料文件内容与文件名或类型不符"
    assert Messages(Language.en)("cadres.refreshed", count=42) == "Cadre list synchronised: 42 cadres."


async def test_a_503_from_training_on_refresh_is_a_message_on_the_page_not_an_error_page() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cadres/refresh":
            return httpx.Response(503, json={"detail": "人员名单暂时无法从统一身份认证读取，请稍后再试"})
        if request.url.path == "/training-sessions":
            return httpx.Response(200, json={"items": [], "total": 0, "page": 1, "page_size": 20})
        return httpx.Response(200, json=[])

    transport = httpx.MockTransport(answer)
    portal = SimpleNamespace(
        training=ServiceApi("training_records", "http://training", transport=transport),
        intake=ServiceApi("intake", "http://intake", transport=transport),
        places=SimpleNamespace(township=lambda slug: "大佳何镇"),
    )
    request = SimpleNamespace(
        user=_signed_in(_principal({Role.trainer}, Scope.township, "dajiahe")), cookies={},
        query_params={"year": "2026"}, url=SimpleNamespace(path="/training/cadres/refresh"), scope={},
        app=SimpleNamespace(state={"runtime": SimpleNamespace(settings=SimpleNamespace(county=None))}),
    )  # fmt: skip
    shown = await training.refresh_cadres.fn(request, portal)
    assert shown.status_code == 503 and shown.template_name == "training.html"
    assert shown.context["notice"] == "人员名单暂时无法同步：人员名单暂时无法从统一身份认证读取，请稍后再试"
    assert shown.context["year"] == 2026 and shown.context["refreshed"] is None
    await portal.training.close()
    await portal.intake.close()
