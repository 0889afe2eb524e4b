"""The trail for an inspection (检查): the searched entries as .xlsx (every field) and as a landscape PDF table, in
the project's Noto CJK face. Entries carry references and cadres' names only, never a petitioner's personal data."""

from __future__ import annotations

import io
import json
import string
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from services.reporting.service.trail_io import TrailEntryView
from shared.clock import CHINA
from shared.documents import DocumentFonts, find_document_fonts
from shared.documents.fonts import write_font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
TITLE = "全程留痕记录（审计导出）"
_HEADERS = (
    ("时间", "occurred_at"), ("服务", "service"), ("租户", "tenant_id"), ("序号", "seq"), ("操作人", "actor_id"),
    ("角色", "actor_role"), ("动作", "action"), ("对象类型", "object_type"), ("对象", "object_id"),
    ("详情", "detail"), ("追踪ID", "trace_id"), ("请求ID", "request_id"), ("前一哈希", "prev_hash"),
    ("哈希", "hash"), ("已核验", "verified"),
)  # fmt: skip
# The PDF keeps what a reader compares by eye; the .xlsx has every field.
_PDF_COLUMNS = ("时间", "服务", "序号", "操作人", "动作", "对象", "详情", "追踪ID", "哈希")
_PDF_WIDTHS = (30, 20, 12, 30, 36, 34, 60, 26, 24)
_ALWAYS = string.printable + "是否第页共（）：，。、—"


def _when(at: datetime) -> str:
    return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


def _cell(entry: TrailEntryView, field: str) -> str | int:
    value = getattr(entry, field)
    if field == "occurred_at":
        return _when(value)
    if field == "detail":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if field == "verified":
        return "是" if value else "否"
    if field == "seq":
        return value
    return "" if value is None else str(value)


def render_xlsx(entries: Sequence[TrailEntryView], generated_at: datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "全程留痕"
    sheet.append([TITLE, f"导出时间 {_when(generated_at)}", f"共 {len(entries)} 条"])
    sheet.append([f"{zh} {en}" for zh, en in _HEADERS])
    for entry in entries:
        sheet.append([_cell(entry, field) for _, field in _HEADERS])
    for i, (zh, _) in enumerate(_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 40 if zh in ("详情", "哈希", "前一哈希") else 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf_row(entry: TrailEntryView) -> list[str]:
    return [
        _when(entry.occurred_at), entry.service, str(entry.seq), entry.actor_id, entry.action,
        f"{entry.object_type} {entry.object_id}", str(_cell(entry, "detail")), entry.trace_id or "",
        entry.hash[:16],
    ]  # fmt: skip


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("body", "", 8)
        self.cell(0, 6, f"第 {self.page_no()} 页", align="C")


def render_pdf(
    entries: Sequence[TrailEntryView], generated_at: datetime, fonts: DocumentFonts | None = None
) -> bytes:
    fonts = fonts or find_document_fonts()
    rows = [_pdf_row(e) for e in entries]
    heading = f"{TITLE}  导出时间 {_when(generated_at)}  共 {len(entries)} 条"
    text = heading + "".join(_PDF_COLUMNS) + "".join("".join(r) for r in rows) + _ALWAYS
    with tempfile.TemporaryDirectory(prefix="xf-trail-") as workdir:
        pdf = _Document(orientation="L", unit="mm", format="A4")
        pdf.add_font("body", "", write_font(fonts.regular, text, Path(workdir) / "body.ttf"))
        pdf.set_title(TITLE)
        pdf.set_creator("Xinfang")
        pdf.set_lang("zh-CN")
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_page()
        pdf.set_font("body", "", 12)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 7)
        with pdf.table(
            col_widths=_PDF_WIDTHS, line_height=3.6, first_row_as_headings=True,
            headings_style=FontFace(emphasis=None), text_align="LEFT",
        ) as table:  # fmt: skip
            table.row(list(_PDF_COLUMNS))
            for cells in rows:
                table.row(cells)
        return bytes(pdf.output())
