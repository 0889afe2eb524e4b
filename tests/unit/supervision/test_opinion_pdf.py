"""The case's documents to the petitioner: title, number, the next step per kind, no name, and their numbers."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from services.supervision.domain.documents import DOCUMENT_KINDS, document_number
from services.supervision.service.opinion_pdf import SALUTATION, TITLES, CaseDocument, render_case_document
from shared.documents import find_document_fonts
from shared.errors import RuleViolation, Violation

OFFICE = "宁海县大佳何镇人民政府"
OPINION_TEXT = (
    "经调查，涨家溪村通往镇上的主干道路面破损属实。镇人民政府已将该路段列入2027年农村公路养护计划，"
    "于2027年3月底前完成路面修复，并在道路两侧增设排水沟。\n"
    "在修复完成前，由村委会设置警示标志并组织填补坑洼。"
)
OPINION = CaseDocument(
    kind="opinion",
    office=OFFICE,
    document_number="大佳何信处〔2026〕3号",
    petition_number="大佳何信受〔2026〕15号",
    accepted_on=date(2026, 11, 25),
    issued_on=date(2027, 1, 20),
    text=OPINION_TEXT,
)
REVIEW = replace(OPINION, kind="review", office="宁海县人民政府", document_number="宁海信复查〔2027〕2号")
REEXAMINATION = replace(
    OPINION, kind="reexamination", office="宁波市人民政府", document_number="宁波信复核〔2027〕1号"
)
EXTENSION = replace(
    OPINION,
    kind="extension",
    document_number="大佳何信延〔2027〕1号",
    issued_on=date(2027, 1, 20),
    text="该事项涉及道路权属认定，需宁海县交通运输局出具意见。",
    extension_days=30,
    new_due_on=date(2027, 2, 23),
)
DOCUMENTS = {d.kind: d for d in (OPINION, REVIEW, REEXAMINATION, EXTENSION)}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(pdf: bytes) -> tuple[str, PdfReader]:
    """The text of all pages, whitespace removed (wrapping splits lines) and each page's footer checked and cut."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [flat(page.extract_text()) for page in reader.pages]
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"—{number}—")
    return "".join(page.removesuffix(f"—{number}—") for number, page in enumerate(pages, start=1)), reader


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, PdfReader]]:
    fonts = find_document_fonts()
    return {kind: text_of(render_case_document(document, fonts)) for kind, document in DOCUMENTS.items()}


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_each_document_has_its_title_number_blank_for_the_name_and_seal_block(
    rendered: dict[str, tuple[str, PdfReader]], kind: str
) -> None:
    document = DOCUMENTS[kind]
    text, reader = rendered[kind]
    assert text.startswith(f"{document.office}{TITLES[kind]}{document.document_number}{SALUTATION}")
    assert SALUTATION == "信访人________________："
    assert f"（信访事项编号：{document.petition_number}）" in text
    closing = "特此告知。" if kind == "extension" else "特此答复。"
    assert text.endswith(f"{closing}{document.office}（盖章）2027年1月20日")
    assert "None" not in text and "{" not in text
    assert len(reader.pages) == 1
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == (TITLES[kind], document.office)


@pytest.mark.parametrize("kind", ["opinion", "review", "reexamination"])
def test_an_opinion_prints_the_handlers_text_after_the_acceptance_date(
    rendered: dict[str, tuple[str, PdfReader]], kind: str
) -> None:
    text, _ = rendered[kind]
    assert "本机关已于2026年11月25日受理" in text
    assert flat(OPINION_TEXT) in text


def test_the_handling_opinion_ends_with_the_right_to_a_review(
    rendered: dict[str, tuple[str, PdfReader]],
) -> None:
    text, _ = rendered["opinion"]
    assert "经调查核实，现将处理意见答复如下：" in text
    assert (
        "您对本处理意见不服的，可以自收到本意见书之日起30日内，向本机关的上一级机关、单位请求复查。特此答复。"
        in text
    )
    assert "复核" not in text


def test_the_review_opinion_ends_with_the_right_to_a_reexamination(
    rendered: dict[str, tuple[str, PdfReader]],
) -> None:
    text, _ = rendered["review"]
    assert "的处理意见不服，提出复查请求" in text
    assert (
        "您对本复查意见不服的，可以自收到本意见书之日起30日内，向本机关的上一级机关、单位请求复核。特此答复。"
        in text
    )


def test_the_reexamination_opinion_says_the_same_matter_is_not_accepted_again(
    rendered: dict[str, tuple[str, PdfReader]],
) -> None:
    text, _ = rendered["reexamination"]
    assert "的复查意见不服，提出复核请求" in text
    assert "信访人对复核意见不服，仍以同一事实和理由提出信访的，不再受理。特此答复。" in text
    assert "日内" not in text  # no further time limit: this is the last step


def test_the_extension_notice_gives_the_days_the_new_due_date_and_the_reason(
    rendered: dict[str, tuple[str, PdfReader]],
) -> None:
    text, _ = rendered["extension"]
    assert (
        "依据《信访工作条例》第三十二条的规定，经本机关负责人批准，办理期限延长30日，至2027年2月23日届满。"
        in text
    )
    assert "延期理由：该事项涉及道路权属认定，需宁海县交通运输局出具意见。" in text
    assert "请求复查" not in text


def test_the_review_period_is_the_documents() -> None:
    text, _ = text_of(render_case_document(replace(OPINION, review_days=15)))
    assert "自收到本意见书之日起15日内" in text


@pytest.mark.parametrize(
    ("document", "changes", "violations"),
    [
        (OPINION, {"kind": "decision"}, [Violation("kind", "invalid_value")]),
        (OPINION, {"office": " "}, [Violation("office", "required")]),
        (OPINION, {"document_number": ""}, [Violation("document_number", "required")]),
        (OPINION, {"petition_number": "\u3000"}, [Violation("petition_number", "required")]),
        (OPINION, {"text": "\n"}, [Violation("text", "required")]),
        (OPINION, {"issued_on": date(2026, 11, 24)}, [Violation("issued_on", "out_of_range")]),
        (OPINION, {"review_days": 0}, [Violation("review_days", "out_of_range")]),
        (OPINION, {"extension_days": 30}, [Violation("extension_days", "unknown_field")]),
        (REVIEW, {"new_due_on": date(2027, 2, 23)}, [Violation("new_due_on", "unknown_field")]),
        (
            EXTENSION,
            {"extension_days": None, "new_due_on": None},
            [Violation("extension_days", "required"), Violation("new_due_on", "required")],
        ),
        (EXTENSION, {"extension_days": 31}, [Violation("extension_days", "out_of_range")]),
        (EXTENSION, {"extension_days": 0}, [Violation("extension_days", "out_of_range")]),
        (EXTENSION, {"new_due_on": date(2027, 1, 20)}, [Violation("new_due_on", "out_of_range")]),
        (
            EXTENSION,
            {"office": "", "text": " "},
            [Violation("office", "required"), Violation("text", "required")],
        ),
    ],
)
def test_a_bad_document_is_a_rule_violation_naming_each_field(
    document: CaseDocument, changes: dict[str, object], violations: list[Violation]
) -> None:
    with pytest.raises(RuleViolation) as caught:
        replace(document, **changes)  # type: ignore[arg-type]
    assert caught.value.violations == violations


@pytest.mark.parametrize(
    ("township", "kind", "expected"),
    [
        ("大佳何镇", "opinion", "大佳何信处〔2026〕3号"),
        ("大佳何镇", "review", "大佳何信复查〔2026〕3号"),
        ("大佳何镇", "reexamination", "大佳何信复核〔2026〕3号"),
        ("大佳何镇", "extension", "大佳何信延〔2026〕3号"),
        ("跃龙街道", "opinion", "跃龙信处〔2026〕3号"),
        ("东溪乡", "opinion", "东溪信处〔2026〕3号"),
    ],
)
def test_the_document_number_names_the_township_the_kind_and_the_year(
    township: str, kind: str, expected: str
) -> None:
    assert document_number(township, kind, 2026, 3) == expected


@pytest.mark.parametrize(
    ("township", "kind", "year", "n", "violation"),
    [
        ("大佳何镇", "notice", 2026, 1, Violation("kind", "invalid_value")),
        (" ", "opinion", 2026, 1, Violation("township_name", "required")),
        ("大佳何镇", "opinion", 2026, 0, Violation("n", "out_of_range")),
        ("大佳何镇", "opinion", 26, 1, Violation("year", "out_of_range")),
    ],
)
def test_a_document_number_that_cannot_be_written_is_a_rule_violation(
    township: str, kind: str, year: int, n: int, violation: Violation
) -> None:
    with pytest.raises(RuleViolation) as caught:
        document_number(township, kind, year, n)
    assert caught.value.violations == [violation]


def test_a_township_named_only_by_its_kind_keeps_its_name() -> None:
    assert document_number("镇", "opinion", 2026, 1) == "镇信处〔2026〕1号"
