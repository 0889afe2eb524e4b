"""Pure rules of the supervision pages: the calendar form's lines, deadline colours, the list's filters, unit
choices, the public call (no token, the client's address, a 429's wait) and both languages of every string."""

from __future__ import annotations

import json

import httpx
import pytest

from services.portal.api.cases import api_query
from services.portal.api.supervision_calls import unit_choice, unit_value
from services.portal.domain.calendar_form import as_text, errors_by_line, read_days
from services.portal.domain.deadlines import days_left_text, urgency
from services.portal.domain.messages import Language, Messages
from services.portal.domain.supervision_messages import EN_SUPERVISION, ZH_SUPERVISION
from services.portal.service.apis import ApiInvalid, ApiThrottled, ServiceApi


def test_calendar_lines_read_one_day_or_a_run_and_name_the_lines_they_cannot_read() -> None:
    read = read_days(
        "2027-01-01 元旦\n\n2027-02-15~2027-02-17 春节\n1月2日 假期\n2027-02-30 错\n2027-03-05~2027-03-01 反"
    )
    assert [d["day"] for d in read.days] == ["2027-01-01", "2027-02-15", "2027-02-16", "2027-02-17"]
    assert read.days[1]["name"] == "春节" and read.lines == [1, 3, 3, 3]
    assert read.bad_lines == {4: "bad_line", 5: "bad_line", 6: "bad_range"}


def test_a_day_without_a_name_is_sent_for_supervision_to_name_the_field() -> None:
    assert read_days("2027-05-01").days == [{"day": "2027-05-01", "name": ""}]


def test_a_year_s_days_read_back_as_the_form_wrote_them() -> None:
    text = "2027-01-01 元旦\n2027-02-15~2027-02-17 春节"
    assert as_text(read_days(text).days) == text


def test_supervision_s_refusals_go_back_to_the_lines_they_came_from() -> None:
    read = read_days("2027-01-01 元旦\n2027-02-15~2027-02-17 春节")
    errors = [
        {"field": "holidays.2.day", "message": "holidays.2.day同一天不能重复录入"},
        {"field": "holidays.0.name", "message": "holidays.0.name不能为空"},
        {"field": "year", "message": "year超出范围"},
    ]
    by_line, rest = errors_by_line(errors, {"holidays": read.lines}, {"day": "日期", "name": "名称"})
    assert by_line == {"holidays": {2: ["日期同一天不能重复录入"], 1: ["名称不能为空"]}}
    assert rest == [errors[2]]


def test_deadlines_are_red_once_overdue_amber_within_the_week_and_say_their_days() -> None:
    assert [urgency(d) for d in (None, -1, 0, 7, 8)] == ["", "overdue", "soon", "soon", ""]
    zh, en = Messages(Language.zh), Messages(Language.en)
    assert [days_left_text(zh, d) for d in (-3, 0, 5)] == ["逾期3天", "今日到期", "剩余5天"]
    assert days_left_text(en, 5) == "5 days left" and days_left_text(zh, None) == ""


def test_the_list_s_selects_become_supervision_s_filters() -> None:
    assert api_query({"state": "closed", "due": "soon", "mine": "true", "unit": "county:justice"}) == {
        "township": None, "unit": "justice", "stage": None, "open": "false", "overdue": None, "due_within": 7,
        "mine": "true",
    }  # fmt: skip
    assert api_query({"due": "overdue"})["overdue"] == "true"


def test_a_unit_choice_says_whether_it_is_a_county_department() -> None:
    assert unit_choice(unit_value({"slug": "justice", "level": "county"})) == {
        "unit": "justice",
        "county_unit": True,
    }
    assert unit_choice(unit_value({"slug": "land", "level": "township"})) == {
        "unit": "land",
        "county_unit": False,
    }
    assert unit_choice("") == {}


async def test_the_public_call_carries_no_token_and_names_the_client_and_a_429_says_how_long_to_wait() -> (
    None
):
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if json.loads(request.content)["code"] == "WRONG":
            return httpx.Response(422, json={"errors": [{"field": "code", "message": "code查询码不正确"}]})
        return httpx.Response(429, headers={"Retry-After": "600"}, json={"detail": "too many"})

    api = ServiceApi("supervision", "http://supervision", transport=httpx.MockTransport(answer))
    with pytest.raises(ApiInvalid) as invalid:
        await api.post_public(Language.zh, "/public/progress", {"code": "WRONG"}, "203.0.113.7")
    assert invalid.value.errors[0]["field"] == "code"
    with pytest.raises(ApiThrottled) as throttled:
        await api.post_public(Language.zh, "/public/progress", {"code": "ANY"}, "203.0.113.7")
    assert throttled.value.retry_after == 600
    assert all(r.headers["x-forwarded-for"] == "203.0.113.7" for r in seen)
    assert all("authorization" not in r.headers for r in seen)
    await api.close()


def test_every_supervision_string_has_both_languages_and_the_clock_kinds_read_in_chinese() -> None:
    assert ZH_SUPERVISION.keys() == EN_SUPERVISION.keys()
    t = Messages(Language.zh)
    kinds = ["handling", "review_window", "review", "reexamination_window", "reexamination", "objection_window",
             "report_back", "order_reply", "follow_up"]  # fmt: skip
    assert [t.label("clock", k) for k in kinds] == [
        "处理期限", "请求复查期限", "复查期限", "请求复核期限", "复核期限", "异议期限", "交办回复期限", "督办回复期限",
        "续报期限",
    ]  # fmt: skip
    assert t("case.waiting_for_calendar", year=2027) == "待录入2027年工作日历"
    assert t("query.throttled", minutes=15) == "尝试次数过多，请15分钟后再试"
    # intake's field labels are untouched: supervision's forms have their own namespace
    assert t("field.reason") == "不予受理理由" and t("sfield.reason") == "理由"
