"""Official documents: A4 pages that read back in Chinese, numbered, with the seal block; fonts; line breaking."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection
from pypdf import PdfReader

from shared.documents import (
    INDENT,
    DocumentFontMissing,
    chinese_date,
    find_document_fonts,
    render_official_document,
    wrap_chinese,
)

OFFICE = "宁海县大佳何镇人民政府"
# More than 256 distinct characters: the point where CID-keyed CFF output garbles in pypdf.
LONG_TEXT = "\n".join(
    "".join(chr(0x4E00 + (start + i) * 7 % 0x51A0) for i in range(120)) + "。"
    for start in range(0, 3600, 120)
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


def render(paragraphs: list[str], **options: object) -> bytes:
    return render_official_document(
        (OFFICE, "测试文书"),
        "大佳何信测〔2026〕1号",
        paragraphs,
        f"{OFFICE}（盖章）",
        chinese_date(date(2026, 11, 25)),
        **options,  # type: ignore[arg-type]
    )


def test_a_document_reads_back_in_order_on_one_a4_page_with_its_metadata() -> None:
    text, reader = text_of(
        render(["王秀英：", f"{INDENT}正文第一段。", f"{INDENT}正文第二段。"], author=OFFICE)
    )
    assert text == (
        f"{OFFICE}测试文书大佳何信测〔2026〕1号王秀英：正文第一段。正文第二段。特此告知。{OFFICE}（盖章）2026年11月25日"
    )
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4 portrait
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.1)
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == ("测试文书", OFFICE)


def test_the_closing_and_the_metadata_title_are_the_callers() -> None:
    text, reader = text_of(render([f"{INDENT}正文。"], closing="特此答复。", title="处理意见书"))
    assert text.endswith(f"正文。特此答复。{OFFICE}（盖章）2026年11月25日")
    assert reader.metadata is not None
    assert reader.metadata.title == "处理意见书"
    assert reader.metadata.author is None


def test_a_long_document_runs_to_several_numbered_pages_and_reads_back_whole() -> None:
    assert len(set(LONG_TEXT)) > 256
    text, reader = text_of(render([INDENT + line for line in LONG_TEXT.splitlines()]))
    assert len(reader.pages) >= 3
    assert flat(LONG_TEXT) in text
    assert text.endswith(f"特此告知。{OFFICE}（盖章）2026年11月25日")


def test_the_default_font_is_the_simplified_chinese_face_of_noto_cjk() -> None:
    fonts = find_document_fonts()
    for face in (fonts.regular, fonts.bold):
        family = TTCollection(str(face.path), lazy=True).fonts[face.index]["name"].getDebugName(1)
        assert family.endswith("CJK SC")
    assert "Bold" in fonts.bold.path.name


def test_a_missing_font_names_the_debian_package(tmp_path: Path) -> None:
    with pytest.raises(DocumentFontMissing, match="fonts-noto-cjk") as caught:
        find_document_fonts(regular=[tmp_path / "NotoSerifCJK-Regular.ttc"], bold=[])
    assert str(tmp_path) in str(caught.value)


def test_a_file_that_is_no_chinese_font_is_not_used(tmp_path: Path) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    with pytest.raises(DocumentFontMissing):
        find_document_fonts(regular=[not_a_font], bold=[])


def test_bold_falls_back_to_the_regular_face() -> None:
    regular = find_document_fonts().regular.path
    fonts = find_document_fonts(regular=[regular], bold=[Path("/nonexistent/Bold.ttc")])
    assert fonts.bold == fonts.regular


def test_dates_are_written_the_chinese_way_without_leading_zeros() -> None:
    assert chinese_date(date(2026, 11, 25)) == "2026年11月25日"
    assert chinese_date(date(2027, 1, 5)) == "2027年1月5日"


def test_lines_never_start_with_a_closing_mark_nor_end_with_an_opening_one() -> None:
    text = "甲乙丙，丁戊己。庚辛《壬癸》子丑寅卯，辰巳午未申酉戌亥。"
    lines = wrap_chinese(text, 4, len)
    assert "".join(lines) == text
    assert all(line[0] not in "，。》" for line in lines)
    assert all(line[-1] != "《" for line in lines)
    assert max(len(line) for line in lines) <= 4


def test_numbers_are_not_split_across_lines() -> None:
    lines = wrap_chinese("自收到之日起30日内，自2026年", 5, len)
    # "，" may not open a line, so "内" moves down with it; "2026" moves down whole.
    assert lines == ["自收到之日", "起30日", "内，自", "2026年"]


def test_an_indented_paragraph_keeps_its_indent_on_the_first_line() -> None:
    lines = wrap_chinese("\u3000\u3000我是大佳何镇村民", 6, len)
    assert lines[0] == "\u3000\u3000我是大佳"
