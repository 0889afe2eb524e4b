"""The analysis as an A4 PDF in Chinese: headings, the generated sentences, tables drawn by fpdf2 and charts drawn by
matplotlib (Agg, no display) as PNG images.

Both draw with the project's Noto CJK face (shared/documents/fonts.py), cut down to the characters the document
uses and converted to TrueType outlines — for pypdf's sake in the PDF (text extracted back must read as written),
and because matplotlib's FreeType renderer reads one face, not a whole .ttc collection whose first face is the
Japanese one.
"""

from __future__ import annotations

import io
import string
import tempfile
from datetime import datetime
from pathlib import Path

from fpdf import FPDF, XPos, YPos
from fpdf.fonts import FontFace
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter

from services.reporting.domain.analysis import NO_VALUE, Analysis, Cell, Chart, Table, chart_text, percent
from shared.clock import CHINA
from shared.documents import DocumentFonts, chinese_date, find_document_fonts, wrap_chinese
from shared.documents.fonts import write_font

_MARGIN = 18.0
_BODY_PT, _HEADING_PT, _TITLE_PT, _TABLE_PT = 11, 13, 18, 9
_LINE_MM, _ROW_MM = 6.5, 6.0
_CHART_W_MM = 150.0
_HEAD = FontFace(fill_color=(230, 234, 240))
_HEADING_COLOUR = (140, 20, 20)
_COLOURS = ("#c0392b", "#2c6fbb", "#2e8b57", "#d4a017", "#7d3c98")
_ALWAYS = string.digits + string.ascii_letters + " .,:;%-—+÷/()（）、，。：；第页共\u3000" + NO_VALUE


def render_pdf(analysis: Analysis, generated_at: datetime, fonts: DocumentFonts | None = None) -> bytes:
    fonts = fonts or find_document_fonts()
    with tempfile.TemporaryDirectory(prefix="xf-analysis-") as workdir:
        work = Path(workdir)
        pdf = _AnalysisDocument()
        # One cut of the regular face serves every text and the charts (headings stand out by size and shade):
        # cutting a CJK face is most of the rendering's time.
        regular = write_font(fonts.regular, _text_of(analysis, generated_at) + _ALWAYS, work / "body.ttf")
        pdf.add_font("body", "", regular)
        chart_font = FontProperties(fname=regular)
        pdf.set_title(analysis.title)
        pdf.set_creator("Xinfang")
        pdf.set_lang("zh-CN")
        pdf.add_page()
        _title(pdf, analysis.title, _generated_line(generated_at))
        for section in analysis.sections:
            _heading(pdf, section.title)
            for sentence in section.sentences:
                _paragraph(pdf, sentence)
            for chart in section.charts:
                _chart(pdf, chart, chart_font)
            for table in section.tables:
                _table(pdf, table)
        return bytes(pdf.output())


def _generated_line(at: datetime) -> str:
    return f"生成日期：{chinese_date(at.astimezone(CHINA).date())}"


def _text_of(analysis: Analysis, at: datetime) -> str:
    """Every character the document prints, charts included: the font is cut down to them."""
    text = [_generated_line(at), analysis.title, chart_text(analysis)]
    for s in analysis.sections:
        text.extend((s.title, *s.sentences))
        for t in s.tables:
            text.extend((t.title, *t.columns))
            text.extend(_cell(t, i, c) for row in t.rows for i, c in enumerate(row))
    return "".join(text)


def _cell(table: Table, index: int, value: Cell) -> str:
    if value is None:
        return NO_VALUE
    if index in table.percent and isinstance(value, int | float):
        return percent(float(value))
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


class _AnalysisDocument(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_auto_page_break(True, margin=_MARGIN)

    def footer(self) -> None:
        self.set_y(-_MARGIN + 6)
        self.set_font("body", "", _TABLE_PT)
        self.cell(0, 6, f"第{self.page_no()}页", align="C")


def _width(pdf: FPDF) -> float:
    return pdf.w - pdf.l_margin - pdf.r_margin


def _title(pdf: FPDF, title: str, generated: str) -> None:
    pdf.set_font("body", "", _TITLE_PT)
    pdf.multi_cell(0, 10, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("body", "", _BODY_PT)
    pdf.cell(0, _LINE_MM, generated, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - _MARGIN - 40:
        pdf.add_page()  # a heading never ends a page alone
    pdf.ln(2)
    pdf.set_font("body", "", _HEADING_PT)
    pdf.set_text_color(*_HEADING_COLOUR)
    pdf.cell(0, 8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font("body", "", _BODY_PT)
    for line in wrap_chinese("\u3000\u3000" + text, _width(pdf), pdf.get_string_width):
        pdf.cell(0, _LINE_MM, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.ln(1)
    pdf.set_font("body", "", _TABLE_PT)
    if pdf.get_y() > pdf.h - _MARGIN - 3 * _ROW_MM:
        pdf.add_page()
    pdf.cell(0, _ROW_MM, table.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("body", "", _TABLE_PT)
    with pdf.table(
        line_height=_ROW_MM,
        text_align="CENTER",
        headings_style=_HEAD,
        width=_width(pdf),
        repeat_headings=1,
    ) as t:
        head = t.row()
        for column in table.columns:
            head.cell(column)
        for values in table.rows:
            row = t.row()
            for i, value in enumerate(values):
                row.cell(_cell(table, i, value))
    pdf.ln(2)


def _chart(pdf: FPDF, chart: Chart, font: FontProperties) -> None:
    png = chart_png(chart, font)
    height = _CHART_W_MM * 0.45
    if pdf.get_y() + height > pdf.h - _MARGIN:
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=(pdf.w - _CHART_W_MM) / 2, w=_CHART_W_MM, h=height)
    pdf.ln(2)


def chart_png(chart: Chart, font: FontProperties) -> bytes:
    """One chart as PNG; Figure and its Agg canvas directly, never pyplot's global state (requests render in
    threads)."""
    figure = Figure(figsize=(7.5, 3.375), dpi=150)
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    x = range(len(chart.labels))
    if chart.kind == "bar":
        width = 0.8 / max(len(chart.series), 1)
        for n, (name, values) in enumerate(chart.series):
            ax.bar(
                [i + n * width for i in x], [v or 0 for v in values], width, label=name,
                color=_COLOURS[n % len(_COLOURS)],
            )  # fmt: skip
        ax.set_xticks([i + width * (len(chart.series) - 1) / 2 for i in x])
    else:
        for n, (name, values) in enumerate(chart.series):
            ys = [float("nan") if v is None else v for v in values]
            ax.plot(list(x), ys, marker="o", label=name, color=_COLOURS[n % len(_COLOURS)])
        ax.set_xticks(list(x))
    small, title = font.copy(), font.copy()
    small.set_size(8)
    title.set_size(11)
    # Only the Chinese text needs the CJK face; the value axis prints digits in matplotlib's own.
    ax.set_xticklabels(chart.labels, fontproperties=small, rotation=30 if len(chart.labels) > 8 else 0)
    if chart.percent:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v * 100:.0f}%"))
        ax.set_ylim(0, 1.05)
    else:
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(bottom=0)
    ax.set_title(chart.title, fontproperties=title)
    ax.grid(axis="y", alpha=0.3)
    if len(chart.series) > 1:
        ax.legend(prop=small)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
