"""The acceptance decision notice PDF: the petition reads back, statutory wording per decision, no name in metadata.

The layout, fonts and line breaking are shared/documents' (tests/unit/shared/test_official_document.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from services.intake.service.notice_pdf import TITLES, DecisionNotice, render_notice
from shared.documents import find_document_fonts
from shared.errors import RuleViolation, Violation

CONTENT = (
    "我是大佳何镇涨家溪村村民。村里通往镇上的主干道路面破损严重，坑洼较多，雨天积水没过脚踝，"
    "村民出行十分不便，老人和学生多次在此摔倒。\n"
    "我们曾多次向村委会反映，至今没有得到解决。恳请政府尽快安排维修，并在道路两侧增设排水沟。"
)
ACCEPTED = DecisionNotice(
    decision="accepted",
    office="宁海县大佳何镇人民政府",
    document_number="大佳何信受〔2026〕15号",
    petitioner_name="王秀英",
    received_on=date(2026, 11, 20),
    content=CONTENT,
    decided_on=date(2026, 11, 25),
)
NOT_ACCEPTED = replace(
    ACCEPTED,
    decision="not_accepted",
    document_number="大佳何信不受〔2026〕3号",
    reason="您反映的事项已由宁海县人民法院作出生效判决，属于涉法涉诉事项。",
)
FORWARDED = replace(
    ACCEPTED,
    decision="forwarded",
    document_number="大佳何信转〔2026〕7号",
    forwarded_to="宁海县交通运输局",
)


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
def rendered() -> dict[str, bytes]:
    fonts = find_document_fonts()
    return {n.decision: render_notice(n, fonts) for n in (ACCEPTED, NOT_ACCEPTED, FORWARDED)}


@pytest.mark.parametrize("decision", ["accepted", "not_accepted", "forwarded"])
def test_each_decision_reads_back_with_the_petition_name_title_and_dates(
    rendered: dict[str, bytes], decision: str
) -> None:
    pdf = rendered[decision]
    assert pdf.startswith(b"%PDF-")
    text, reader = text_of(pdf)
    assert flat(CONTENT) in text
    assert TITLES[decision] in text
    assert "王秀英：" in text
    assert "您于2026年11月20日提出的信访事项" in text
    assert text.endswith("特此告知。宁海县大佳何镇人民政府（盖章）2026年11月25日")
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4 portrait
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)


def test_the_accepted_notice_cites_the_regulation_and_the_deadlines(rendered: dict[str, bytes]) -> None:
    text, _ = text_of(rendered["accepted"])
    assert "依据《信访工作条例》第二十五条的规定，本机关决定予以受理，并将自受理之日起60日内办结" in text
    assert "自收到书面答复意见之日起30日内，向原办理机关、单位的上一级机关、单位请求复查" in text
    assert "不予受理" not in text
    assert "大佳何信受〔2026〕15号" in text


def test_the_not_accepted_notice_gives_the_reason_and_the_competent_channel(
    rendered: dict[str, bytes],
) -> None:
    text, _ = text_of(rendered["not_accepted"])
    assert "经审查，您反映的事项已由宁海县人民法院作出生效判决，属于涉法涉诉事项。依据" in text
    assert "本机关决定对该信访事项不予受理" in text
    assert "向有权处理的机关、单位提出" in text
    assert "60日内办结" not in text


def test_the_forwarded_notice_names_the_receiving_body(rendered: dict[str, bytes]) -> None:
    text, _ = text_of(rendered["forwarded"])
    assert "本机关已将该信访事项转送宁海县交通运输局办理" in text
    assert "请求复查" in text
    assert "予以受理" not in text


def test_the_query_code_is_printed_only_when_the_notice_has_one(rendered: dict[str, bytes]) -> None:
    text, _ = text_of(render_notice(replace(ACCEPTED, query_code="K7Q2-M9XD-4HNP")))
    assert "本事项查询码为：K7Q2-M9XD-4HNP。您可凭此码在信访事项查询页面查询办理进展" in text
    assert text.endswith("特此告知。宁海县大佳何镇人民政府（盖章）2026年11月25日")
    assert "查询码" not in text_of(rendered["accepted"])[0]


def test_the_petitioner_name_is_printed_once_and_kept_out_of_the_metadata(rendered: dict[str, bytes]) -> None:
    text, reader = text_of(rendered["accepted"])
    assert text.count("王秀英") == 1
    assert reader.metadata is not None
    assert reader.metadata.title == "信访事项受理告知书"
    assert all("王秀英" not in str(value) for value in reader.metadata.values())


@pytest.mark.parametrize(
    ("changes", "violation"),
    [
        ({"decision": "not_accepted", "reason": None}, Violation("reason", "required")),
        ({"decision": "not_accepted", "reason": "  "}, Violation("reason", "required")),
        ({"decision": "forwarded", "forwarded_to": None}, Violation("forwarded_to", "required")),
        ({"decision": "rejected"}, Violation("decision", "invalid_value")),
        ({"petitioner_name": " "}, Violation("petitioner_name", "required")),
        ({"decided_on": date(2026, 11, 19)}, Violation("decided_on", "out_of_range")),
    ],
)
def test_an_incomplete_notice_is_a_rule_violation(changes: dict[str, object], violation: Violation) -> None:
    with pytest.raises(RuleViolation) as caught:
        replace(ACCEPTED, **changes)  # type: ignore[arg-type]
    assert caught.value.violations == [violation]
