"""Pure rules of the intake pages: the register form's bodies, errors laid out by field, actions by role, the menu."""

from __future__ import annotations

from multidict import MultiDict

from services.portal.domain.abilities import abilities_of
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.intake_messages import EN_INTAKE, ZH_INTAKE
from services.portal.domain.menu import MENU, visible_menu
from services.portal.domain.messages import Language, Messages
from services.portal.domain.petition_form import PetitionForm
from shared.auth.roles import Role


class Form(MultiDict):
    """The shape of Litestar's FormMultiDict: getall and get over posted fields."""


def posted(**fields: str | list[str]) -> Form:
    form = Form()
    for name, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            form.add(name.replace("__", "."), v)
    return form


def test_empty_petitioner_rows_are_dropped_and_the_rest_renumbered_as_intake_will_name_them() -> None:
    form = PetitionForm.parse(
        posted(
            channel="letter",
            content=" 拖欠工资 ",
            petitioners__0__name="",
            petitioners__3__name="张永福",
            petitioners__3__id_number="11010519491231002X",
            petitioners__3__is_representative="on",
            people_count="3",
            attachment_ids=["a1", "a2"],
            attachment_names=["信.pdf", "照片.jpg"],
        )
    )
    body = form.body()
    assert body["petitioners"] == [
        {"name": "张永福", "id_number": "11010519491231002X", "phone": None, "is_representative": True}
    ]
    assert body["content"] == "拖欠工资" and body["people_count"] == 3
    assert body["attachment_ids"] == ["a1", "a2"] and form.attachments[1] == ("a2", "照片.jpg")
    assert "category" not in body and "township" not in body  # intake answers "required", not "wrong type"


def test_a_non_number_people_count_goes_to_intake_as_typed() -> None:
    assert PetitionForm.parse(posted(people_count="三")).body()["people_count"] == "三"


def test_no_draft_is_sent_for_repeat_candidates_until_there_is_content() -> None:
    assert PetitionForm.parse(posted(content="  ")).draft() is None
    draft = PetitionForm.parse(
        posted(content="拖欠工资", village="gejia", petitioners__0__phone="13812345678")
    ).draft()
    assert draft == {"content": "拖欠工资", "village": "gejia", "id_numbers": [], "phones": ["13812345678"]}


def test_an_error_goes_under_its_field_with_the_portal_label_and_the_rest_is_not_lost() -> None:
    labels = {"id_number": "身份证号码"}
    errors = FormErrors.from_problem(
        [
            {"field": "petitioners.0.id_number", "message": "petitioners.0.id_number校验位不正确"},
            {"field": "Idempotency-Key", "message": "已用于另一个不同的请求"},
        ],
        labels.get,
        english=False,
    )
    assert errors.of("petitioners.0.id_number") == "身份证号码校验位不正确"
    assert errors.rest() == ["已用于另一个不同的请求"]


def test_english_messages_keep_a_space_after_the_label() -> None:
    errors = FormErrors.from_problem(
        [{"field": "content", "message": "content is required"}], {"content": "Content"}.get, english=True
    )
    assert errors.of("content") == "Content is required"


def test_actions_are_offered_to_the_roles_intake_allows() -> None:
    assert "reveal" in abilities_of({Role.township_clerk})
    assert "reveal" not in abilities_of({Role.village_liaison, Role.auditor})
    assert "instruct" in abilities_of({Role.county_leader}) and "instruct" not in abilities_of(
        {Role.township_clerk}
    )
    assert "diary_convert" not in abilities_of({Role.county_officer})


def test_the_menu_by_role_matches_the_design() -> None:
    def paths(*roles: Role) -> list[str]:
        return [i.path for i in visible_menu(roles)]

    assert paths(Role.village_liaison) == [
        "/",
        "/petitions/new",
        "/petitions",
        "/diary",
        "/emergency",
        "/cases",
        "/my-training",
    ]
    assert paths(Role.trainer) == ["/", "/training", "/training/coverage"]
    assert paths(Role.county_admin) == [
        "/",
        "/calendar",
        "/routing-rules",
        "/dead-letters",
    ]  # supervision's rules and calendar, reporting's dead letters
    assert paths(Role.auditor) == [
        "/", "/petitions", "/diary", "/screening", "/emergency", "/cases", "/hard-cases", "/spot-checks",
        "/training", "/training/coverage", "/analyses", "/information-reports", "/audit",
    ]  # fmt: skip
    assert paths(Role.township_clerk) == [
        i.path
        for i in MENU
        if i.path
        not in (
            "/routing-rules",
            "/spot-checks",
            "/training",
            "/training/coverage",
            "/dead-letters",
            "/audit",
        )
    ]
    assert "/spot-checks" in paths(Role.county_officer) and "/supervision-orders" in paths(Role.county_leader)
    assert "/work-list" in paths(Role.township_leader) and "/petitions/new" not in paths(Role.township_leader)


def test_every_intake_string_has_both_languages_and_enum_labels_fall_back_to_the_value() -> None:
    assert ZH_INTAKE.keys() == EN_INTAKE.keys()
    t = Messages(Language.zh)
    assert t.label("channel", "mailbox") == "领导信箱"
    assert t.label("status", "awaiting_acceptance") == "待受理"
    assert t.label("channel", "pigeon") == "pigeon"
    assert t.role_name("township-clerk") == "乡镇信访干部"
