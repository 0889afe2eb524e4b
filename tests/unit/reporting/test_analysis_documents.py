"""The analysis rendered: a PDF whose text reads back as the sentences and tables say (pypdf), with its charts as
images; a workbook with one sheet per section whose numbers are numbers (openpyxl)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from services.reporting.domain.analysis import assemble
from services.reporting.service.analysis_pdf import render_pdf
from services.reporting.service.analysis_xlsx import render_xlsx
from shared.documents import DocumentFontMissing, find_document_fonts
from tests.unit.reporting.test_analysis_assembly import county_input

AT = datetime(2003, 4, 1, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def analysis():
    try:
        find_document_fonts()
    except DocumentFontMissing:
        pytest.skip("fonts-noto-cjk is not installed")
    return assemble(county_input(), county_wide=True)


def test_the_pdf_reads_back_as_written(analysis):
    pdf = render_pdf(analysis, AT)
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "宁海县2003年3月信访形势分析" in text
    assert "生成日期：2003年4月1日" in text
    for s in analysis.sections:
        assert re.sub(r"\s+", "", s.title) in text
        for sentence in s.sentences:
            assert re.sub(r"\s+", "", sentence) in text, sentence
    assert "及时受理率排名" in text and "changjie" in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == sum(len(s.charts) for s in analysis.sections)
    assert reader.metadata.title == analysis.title


def test_the_workbook_has_a_sheet_per_section_and_numbers_as_numbers(analysis):
    book = load_workbook(io.BytesIO(render_xlsx(analysis, AT)))
    assert book.sheetnames == ["说明", *(s.key for s in analysis.sections)]
    rows = [list(r) for r in book["总体情况"].iter_rows(values_only=True)]
    assert ["信访总量", 6, 4, 0.5, 0, None] in rows
    rates = [list(r) for r in book["四项比率"].iter_rows(values_only=True)]
    assert ["及时受理率", "按时受理 ÷ 应受理", 3, 5, 0.6] in rates
    assert ["参评率", "参评 ÷ 办结", 0, 0, None] in rates  # no rate: a blank cell, not 0
    sheet = book["四项比率"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 0.6)
    assert cell.number_format == "0.0%"
