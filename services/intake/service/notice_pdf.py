"""The acceptance decision notice (受理告知书 / 不予受理告知书 / 转送告知书) as a printable A4 PDF in Chinese."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from fpdf import FPDF, XPos, YPos

from services.intake.service.notice_fonts import (
    NoticeFonts,
    find_notice_fonts,
    write_font,
)
from shared.errors import RuleViolation

Decision = Literal["accepted", "not_accepted", "forwarded"]

TITLES: dict[str, str] = {
    "accepted": "信访事项受理告知书",
    "not_accepted": "信访事项不予受理告知书",
    "forwarded": "信访事项转送告知书",
}


# Page layout after GB/T 9704 (党政机关公文格式): A4, 37/35 mm top/bottom, 28/26 mm left/right, 三号 body text.
_MARGIN_TOP, _MARGIN_BOTTOM, _MARGIN_LEFT, _MARGIN_RIGHT = 37.0, 35.0, 28.0, 26.0
_BODY_PT, _TITLE_PT, _FOOTER_PT = 16, 22, 14
_LINE_MM = 8.5
_INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese paragraphs
_FOOTER_CHARS = "— 0123456789"
_CLOSING = f"{_INDENT}特此告知。"


@dataclass(frozen=True)
class DecisionNotice:
    """What the notice says. The petitioner's full name appears here and nowhere else (no events, logs, spans)."""

    decision: Decision
    office: str
    document_number: str
    petitioner_name: str
    received_on: date
    content: str
    decided_on: date
    reason: str | None = None
    forwarded_to: str | None = None
    handling_days: int = 60
    extension_days: int = 30
    review_days: int = 30

    def __post_init__(self) -> None:
        if self.decision not in TITLES:
            raise RuleViolation("decision", "invalid_value")
        for field in ("office", "document_number", "petitioner_name", "content"):
            if not getattr(self, field).strip():
                raise RuleViolation(field, "required")
        if self.decision == "not_accepted" and not (self.reason or "").strip():
            raise RuleViolation("reason", "required")
        if self.decision == "forwarded" and not (self.forwarded_to or "").strip():
            raise RuleViolation("forwarded_to", "required")
        if self.decided_on < self.received_on:
            raise RuleViolation("decided_on", "out_of_range")


def render_notice(notice: DecisionNotice, fonts: NoticeFonts | None = None) -> bytes:
    """The notice as PDF bytes; `fonts` defaults to the Noto CJK fonts found on this machine."""
    fonts = fonts or find_notice_fonts()
    body = _body_paragraphs(notice)
    signature = (f"{notice.office}（盖章）", chinese_date(notice.decided_on))
    regular_text = "".join([*body, _CLOSING, notice.document_number, *signature, _FOOTER_CHARS])
    title_lines = (notice.office, TITLES[notice.decision])
    with tempfile.TemporaryDirectory(prefix="xf-notice-") as workdir:
        # fpdf2 reads the font files until output() returns, so they live as long as the document.
        pdf = _NoticeDocument()
        pdf.add_font("body", "", write_font(fonts.regular, regular_text, Path(workdir) / "body.ttf"))
        pdf.add_font("body", "B", write_font(fonts.bold, "".join(title_lines), Path(workdir) / "title.ttf"))
        pdf.set_title(TITLES[notice.decision])
        pdf.set_author(notice.office)
        pdf.set_creator("Xinfang")
        pdf.set_lang("zh-CN")
        pdf.add_page()
        _write_heading(pdf, title_lines, notice.document_number)
        _write_body(pdf, body)
        _write_closing(pdf, *signature)
        return bytes(pdf.output())


def chinese_date(day: date) -> str:
    """2026年11月25日: Arabic numerals without leading zeros, as GB/T 9704 writes the date of a document."""
    return f"{day.year}年{day.month}月{day.day}日"


# -- wording ---------------------------------------------------------------------------------------------
def _body_paragraphs(notice: DecisionNotice) -> list[str]:
    matter = [_INDENT + line for line in _paragraphs(notice.content)]
    opening = (
        f"{_INDENT}您于{chinese_date(notice.received_on)}提出的信访事项，本机关已收悉。您反映的主要内容是："
    )
    closing = [_review_rights(notice)] if notice.decision != "not_accepted" else []
    return [
        f"{notice.petitioner_name}：",
        opening,
        *matter,
        _decision_text(notice),
        *closing,
    ]


def _decision_text(notice: DecisionNotice) -> str:
    if notice.decision == "accepted":
        return (
            f"{_INDENT}经审查，您反映的事项属于本机关职权范围。依据《信访工作条例》第二十五条的规定，"
            f"本机关决定予以受理，并将自受理之日起{notice.handling_days}日内办结，出具书面答复意见；"
            f"情况复杂的，经批准可以适当延长办理期限，但延长期限不超过{notice.extension_days}日，"
            "届时将告知您延期理由。"
        )
    if notice.decision == "not_accepted":
        return (
            f"{_INDENT}经审查，{_sentence(notice.reason)}。依据《信访工作条例》的有关规定，"
            "本机关决定对该信访事项不予受理。您可以依照有关法律、法规规定的程序，向有权处理的机关、单位提出，"
            "或者通过诉讼、仲裁、行政复议等法定途径解决。"
        )
    why = _sentence(notice.reason) if notice.reason else "您反映的事项不属于本机关职权范围"
    return (
        f"{_INDENT}经审查，{why}。依据《信访工作条例》“属地管理、分级负责，谁主管、谁负责”的原则，"
        f"本机关已将该信访事项转送{notice.forwarded_to}办理，请您就该事项与{notice.forwarded_to}联系。"
    )


def _review_rights(notice: DecisionNotice) -> str:
    days = notice.review_days
    return (
        f"{_INDENT}您对信访事项处理意见不服的，可以自收到书面答复意见之日起{days}日内，"
        "向原办理机关、单位的上一级机关、单位请求复查；对复查意见不服的，"
        f"可以自收到书面复查意见之日起{days}日内，向复查机关、单位的上一级机关、单位请求复核。"
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sentence(text: str | None) -> str:
    """The clerk's words without their final stop, so the notice adds its own."""
    return (text or "").strip().rstrip("。．.；;，, ")


# -- layout ----------------------------------------------------------------------------------------------
class _NoticeDocument(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(_MARGIN_LEFT, _MARGIN_TOP, _MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=_MARGIN_BOTTOM)

    def footer(self) -> None:
        # A long petition runs to several pages; numbered pages show none was lost when printed and filed.
        self.set_y(-_MARGIN_BOTTOM + 10)
        self.set_font("body", "", _FOOTER_PT)
        self.cell(0, 8, f"— {self.page_no()} —", align="C")


def _write_heading(pdf: FPDF, title_lines: Sequence[str], document_number: str) -> None:
    pdf.set_font("body", "B", _TITLE_PT)
    for line in title_lines:
        pdf.multi_cell(0, 12, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("body", "", _BODY_PT)
    pdf.cell(0, _LINE_MM, document_number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(_LINE_MM / 2)


def _write_body(pdf: FPDF, paragraphs: Iterable[str]) -> None:
    pdf.set_font("body", "", _BODY_PT)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for paragraph in paragraphs:
        pdf.set_char_spacing(0)  # fpdf2 counts the current spacing into every width it measures
        lines = wrap_chinese(paragraph, width, pdf.get_string_width)
        spacings = [_justifying_spacing(pdf, line, width) for line in lines[:-1]] + [0.0]
        for line, spacing in zip(lines, spacings, strict=True):
            pdf.set_char_spacing(spacing)
            pdf.cell(width, _LINE_MM, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)


def _justifying_spacing(pdf: FPDF, line: str, width: float) -> float:
    """Character spacing (in points) that makes a full line end at the right margin, as Chinese print does."""
    gaps = len(line) - 1
    spare = width - pdf.get_string_width(line)
    if gaps <= 0 or spare <= 0 or spare > width / 4:
        return 0.0
    return spare * pdf.k / gaps


# Kinsoku (避头尾): marks that may not open a line, and marks that may not close one.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】〗…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『“‘〔【〖([{")
# Latin words and numbers ("2026", "15号" keeps "15") stay whole; everything else breaks after any character.
_BREAK_UNITS = re.compile(r"[A-Za-z0-9]+(?:[.,:/-][A-Za-z0-9]+)*|.", re.DOTALL)


def wrap_chinese(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines no wider than `width` (where they can be), broken between characters and obeying kinsoku.

    fpdf2 breaks lines only at spaces, which Chinese text lacks: it would put a paragraph's indent alone on
    a line, and start lines with "，" or "。".
    """
    lines: list[list[str]] = []
    line: list[str] = []
    for unit in _BREAK_UNITS.findall(text):
        if line and measure("".join(line) + unit) > width:
            carried = _carry_over(line, unit)
            lines.append(line)
            line = carried
            if not line and unit.isspace():
                continue
        line.append(unit)
    if line:
        lines.append(line)
    return ["".join(units).rstrip() for units in lines]


def _carry_over(line: list[str], next_unit: str) -> list[str]:
    """Units moved from the end of a full line to the next, so that neither line breaks a kinsoku rule."""
    carried: list[str] = []
    while len(line) > 1 and (
        (carried[0] if carried else next_unit)[0] in _NO_LINE_START or line[-1][-1] in _NO_LINE_END
    ):
        carried.insert(0, line.pop())
    return carried


def _write_closing(pdf: FPDF, office_line: str, date_line: str) -> None:
    """特此告知, then office and date at the right with the date centred under the office: the seal covers both.

    The block stays together, so the seal never lands on a page that holds nothing of the notice but itself.
    """
    pdf.set_font("body", "", _BODY_PT)
    if pdf.get_y() + 4 * _LINE_MM > pdf.h - _MARGIN_BOTTOM:
        pdf.add_page()
    pdf.cell(0, _LINE_MM, _CLOSING, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(_LINE_MM)
    office_width = pdf.get_string_width(office_line)
    left = pdf.w - _MARGIN_RIGHT - 2 * pdf.get_string_width("\u3000") - office_width
    for line in (office_line, date_line):
        pdf.set_x(left)
        pdf.cell(office_width, _LINE_MM, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
