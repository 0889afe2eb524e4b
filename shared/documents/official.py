"""An official document (公文) as a printable A4 PDF in Chinese: heading with its number, body, closing and seal block.

The layout follows GB/T 9704 (党政机关公文格式) closely enough for a township's notices and opinions; what a
document says is its service's business, how it is set on the page is this module's.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path

from fpdf import FPDF, XPos, YPos

from shared.documents.fonts import DocumentFonts, find_document_fonts, write_font

# A4, 37/35 mm top/bottom, 28/26 mm left/right, 三号 body text, 二号 title.
_MARGIN_TOP, _MARGIN_BOTTOM, _MARGIN_LEFT, _MARGIN_RIGHT = 37.0, 35.0, 28.0, 26.0
_BODY_PT, _TITLE_PT, _FOOTER_PT = 16, 22, 14
_LINE_MM = 8.5
INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of Chinese paragraphs
_FOOTER_CHARS = "— 0123456789"


def render_official_document(
    title_lines: Sequence[str],
    document_number: str,
    paragraphs: Sequence[str],
    office_line: str,
    date_line: str,
    fonts: DocumentFonts | None = None,
    *,
    closing: str = "特此告知。",
    title: str | None = None,
    author: str | None = None,
) -> bytes:
    """The document as PDF bytes.

    `paragraphs` are printed as given, so each carries its own indent (`INDENT`) or none (the salutation);
    `closing` ("特此告知。", "特此答复。") is indented and kept on the page of the seal block; `title` is the PDF
    metadata title (default: the last title line). Nothing personal belongs in `title` or `author`: PDF metadata
    is shown by every file browser. `fonts` defaults to the Noto CJK fonts found on this machine.
    """
    fonts = fonts or find_document_fonts()
    closing_line = f"{INDENT}{closing}" if closing else ""
    regular_text = "".join(
        [*paragraphs, closing_line, document_number, office_line, date_line, _FOOTER_CHARS]
    )
    with tempfile.TemporaryDirectory(prefix="xf-document-") as workdir:
        # fpdf2 reads the font files until output() returns, so they live as long as the document.
        pdf = _OfficialDocument()
        pdf.add_font("body", "", write_font(fonts.regular, regular_text, Path(workdir) / "body.ttf"))
        pdf.add_font("body", "B", write_font(fonts.bold, "".join(title_lines), Path(workdir) / "title.ttf"))
        pdf.set_title(title or title_lines[-1])
        if author:
            pdf.set_author(author)
        pdf.set_creator("Xinfang")
        pdf.set_lang("zh-CN")
        pdf.add_page()
        _write_heading(pdf, title_lines, document_number)
        _write_body(pdf, paragraphs)
        _write_closing(pdf, closing_line, office_line, date_line)
        return bytes(pdf.output())


def chinese_date(day: date) -> str:
    """2026年11月25日: Arabic numerals without leading zeros, as GB/T 9704 writes the date of a document."""
    return f"{day.year}年{day.month}月{day.day}日"


class _OfficialDocument(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(_MARGIN_LEFT, _MARGIN_TOP, _MARGIN_RIGHT)
        self.set_auto_page_break(True, margin=_MARGIN_BOTTOM)

    def footer(self) -> None:
        # A long document runs to several pages; numbered pages show none was lost when printed and filed.
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


def _write_closing(pdf: FPDF, closing_line: str, office_line: str, date_line: str) -> None:
    """The closing, then office and date at the right with the date centred under the office: the seal covers both.

    The block stays together, so the seal never lands on a page that holds nothing of the document but itself.
    """
    pdf.set_font("body", "", _BODY_PT)
    if pdf.get_y() + (4 if closing_line else 3) * _LINE_MM > pdf.h - _MARGIN_BOTTOM:
        pdf.add_page()
    if closing_line:
        pdf.cell(0, _LINE_MM, closing_line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(_LINE_MM)
    office_width = pdf.get_string_width(office_line)
    left = pdf.w - _MARGIN_RIGHT - 2 * pdf.get_string_width("\u3000") - office_width
    for line in (office_line, date_line):
        pdf.set_x(left)
        pdf.cell(office_width, _LINE_MM, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
