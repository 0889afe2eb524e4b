"""The analysis as an .xlsx workbook: one sheet per section, the section's sentences and then its tables, each
number a number (a share is a fraction formatted as a percentage), so the county office can add them up again."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from services.reporting.domain.analysis import NO_VALUE, Analysis, Table
from shared.clock import CHINA

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def render_xlsx(analysis: Analysis, generated_at: datetime) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "说明"
    cover.append([analysis.title])
    cover["A1"].font = _TITLE
    cover.append(["月份", analysis.month])
    cover.append(["范围", analysis.township or "全县"])
    cover.append(["生成时间", generated_at.astimezone(CHINA).replace(tzinfo=None)])
    cover["B4"].number_format = "yyyy-mm-dd hh:mm"
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 20
    for section in analysis.sections:
        sheet = book.create_sheet(section.key)
        sheet.append([section.title])
        sheet["A1"].font = _TITLE
        for sentence in section.sentences:
            sheet.append([sentence])
        for table in section.tables:
            sheet.append([])
            _table(sheet, table)
        sheet.column_dimensions["A"].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Worksheet, table: Table) -> None:
    sheet.append([table.title])
    sheet.cell(sheet.max_row, 1).font = _BOLD
    sheet.append(list(table.columns))
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="center")
    for values in table.rows:
        # An empty cell where there is no value (a rate with nothing due, a change without a base): a blank, not 0.
        sheet.append([None if v == NO_VALUE else v for v in values])
        for i in table.percent:
            sheet.cell(sheet.max_row, i + 1).number_format = "0.0%"
