"""The sign-in sheet (签到表): sheets typed the way township clerks type them, read into attendance rows."""

from __future__ import annotations

import re
import zipfile
from datetime import time
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from services.training_records.domain.sign_in_sheet import (
    MAX_ROWS,
    AttendanceStatus,
    Cadre,
    SheetRow,
    read_sheet,
    template,
)
from shared.errors import RuleViolation

P, A, E = AttendanceStatus.present, AttendanceStatus.absent, AttendanceStatus.excused

ROSTER = [
    Cadre("u-hu", "dajiahe.clerk", "胡海燕", "dajiahe", "大佳何镇"),
    Cadre("u-zw-djh", "dajiahe.zhangwei", "张伟", "dajiahe", "大佳何镇"),
    Cadre("u-zw-ht", "huangtan.zhangwei", "张伟", "huangtan", "黄坛镇"),
    Cadre("u-wang", "county.wangjg", "王建国", "county", "县信访局"),
    Cadre("u-li", "dajiahe.lixy", "李秀英", "dajiahe", "大佳何镇"),
    Cadre("u-chen", "dajiahe.chenjing", "陈静", "dajiahe", "大佳何镇"),
    Cadre("u-liu", "dajiahe.liuyang", "刘洋", "dajiahe", "大佳何镇"),
]
THREE = Decimal(3)
TWO = Decimal(2)


def xlsx(*rows, merge=(), extra_sheet=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "签到表"
    for row in rows:
        sheet.append(list(row))
    for cells in merge:
        sheet.merge_cells(cells)
    if extra_sheet:
        other = book.create_sheet("往期")
        for row in extra_sheet:
            other.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def problems(content: bytes, hours: Decimal = THREE, roster=ROSTER) -> set[tuple[str, str]]:
    with pytest.raises(RuleViolation) as caught:
        read_sheet(content, roster, hours)
    return {(v.field, v.reason) for v in caught.value.violations}


def people(content: bytes, hours: Decimal = THREE) -> list[tuple[int, str, AttendanceStatus, str]]:
    return [(r.row, r.user_id, r.status, str(r.hours)) for r in read_sheet(content, ROSTER, hours)]


def _with_cached_value(content: bytes, cached: str) -> bytes:
    """openpyxl writes formulas without a cached value; Excel and WPS write one. Add it as they would."""
    source, out = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb"(<f>[^<]*</f>)(<v\s*/>|<v></v>)?", rb"\1<v>" + cached.encode() + rb"</v>", data
                )
            target.writestr(item, data)
    return out.getvalue()


TITLE = ("大佳何镇2026年信访业务培训班签到表",)
WHEN = ("时间：2026年3月12日   地点：镇三楼会议室",)
HEADER = ("序号", "姓名", "单位", "出勤情况", "学时")


# -- the happy paths ----------------------------------------------------------------------------------------
def test_a_messy_township_sheet_reads_as_the_clerk_meant_it() -> None:
    sheet = xlsx(
        TITLE,
        WHEN,
        ("序号", "姓 名", "所在单位", "职务", "出勤情况", "学时（小时）", "签名", "备 注"),
        (1, "胡 海燕", "大佳何镇人民政府", "信访办主任", "√", 3),
        (2, "王建国 ", "县信访局", "副局长", "到", "1.5h"),
        (3, "李　秀英", "大佳何", "干事", "请假", None, None, "病假"),
        (),
        (4, "陈静", "dajiahe", "", "缺席", 0),
        (5, "刘洋", "大佳何镇涨家溪村", "村支书", None, "两小时"),
        (6, "张伟", "黄坛镇", None, "✓", 2.0),
        (7,),
        (8,),
        ("注：请假人员须提前报备，未经请假视为缺席",),
        (None, "备注：本次培训计入年度学时"),
        merge=("A1:H1", "A2:H2", "A12:H12"),
    )
    assert people(sheet) == [
        (4, "u-hu", P, "3.0"),
        (5, "u-wang", P, "1.5"),
        (6, "u-li", E, "0.0"),
        (8, "u-chen", A, "0.0"),
        (9, "u-liu", P, "2.0"),
        (10, "u-zw-ht", P, "2.0"),
    ]


def test_a_plain_list_of_names_means_everyone_came_for_the_whole_session() -> None:
    sheet = xlsx(("参训人员",), ("胡海燕",), ("陈静",))
    assert read_sheet(sheet, ROSTER, Decimal("2.5")) == [
        SheetRow(2, "u-hu", P, Decimal("2.5")),
        SheetRow(3, "u-chen", P, Decimal("2.5")),
    ]


def test_other_header_words_and_an_account_column() -> None:
    sheet = xlsx(
        ("业务学习分析会签到",),
        ("名字", "乡镇", "系统账号", "是否参加", "时长"),
        ("张伟", None, "dajiahe.zhangwei", "是", "2"),
        ("胡海燕", "", " Dajiahe.Clerk ", "否", None),
        ("陈静", None, None, "事假", ""),
    )
    assert people(sheet) == [(3, "u-zw-djh", P, "2.0"), (4, "u-hu", A, "0.0"), (5, "u-chen", E, "0.0")]


@pytest.mark.parametrize(
    ("typed", "credited"),
    [
        (2, "2.0"),
        (1.5, "1.5"),
        ("2", "2.0"),
        ("２", "2.0"),
        ("2小时", "2.0"),
        ("1.5h", "1.5"),
        ("1.5 学时", "1.5"),
        ("两", "2.0"),
        ("二", "2.0"),
        ("一个半小时", "1.5"),
        ("1个半小时", "1.5"),
        ("半小时", "0.5"),
        ("90分钟", "1.5"),
        (time(1, 30), "1.5"),
        (1.25, "1.3"),
        (0.30000000000000004, "0.3"),
    ],
)
def test_hours_as_clerks_type_them(typed, credited) -> None:
    sheet = xlsx(HEADER, (1, "胡海燕", None, "出席", typed))
    assert people(sheet) == [(2, "u-hu", P, credited)]


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("参加", P),
        ("已到", P),
        ("签到", P),
        ("√", P),
        ("×", A),
        ("未到", A),
        ("缺", A),
        ("公假", E),
        ("病假", E),
    ],
)
def test_status_words_and_marks(typed, status) -> None:
    hours = 2 if status is P else None
    assert people(xlsx(HEADER, (1, "陈静", None, typed, hours))) == [
        (2, "u-chen", status, "2.0" if status is P else "0.0")
    ]


def test_a_blank_status_with_hours_is_present_for_those_hours() -> None:
    assert people(xlsx(HEADER, (1, "刘洋", "", "", 1))) == [(2, "u-liu", P, "1.0")]


def test_a_formula_is_read_by_its_cached_value() -> None:
    sheet = _with_cached_value(xlsx(HEADER, (1, "胡海燕", None, "出席", "=3/2")), "1.5")
    assert people(sheet) == [(2, "u-hu", P, "1.5")]


def test_only_the_first_worksheet_is_read() -> None:
    sheet = xlsx(HEADER, (1, "陈静"), extra_sheet=[HEADER, (1, "无名氏", None, "迟到", "很久")])
    assert people(sheet) == [(2, "u-chen", P, "3.0")]


def test_a_unit_that_names_no_township_neither_matches_nor_contradicts() -> None:
    sheet = xlsx(HEADER, (1, "胡海燕", "综治办", "出席"), (2, "张伟", "司法所", "出席"))
    assert problems(sheet) == {("rows.3.name", "ambiguous_person")}


# -- namesakes ----------------------------------------------------------------------------------------------
def test_two_zhang_weis_without_a_unit_is_ambiguous() -> None:
    assert problems(xlsx(HEADER, (1, "张伟", None, "出席", 2))) == {("rows.2.name", "ambiguous_person")}


@pytest.mark.parametrize("unit", ["大佳何镇", "大佳何", "dajiahe", "大佳何镇人民政府"])
def test_the_unit_tells_the_zhang_weis_apart(unit) -> None:
    assert people(xlsx(HEADER, (1, "张伟", unit, "出席", 2))) == [(2, "u-zw-djh", P, "2.0")]


def test_the_username_tells_the_zhang_weis_apart() -> None:
    sheet = xlsx(("姓名", "用户名", "签到"), ("张 伟", "huangtan.zhangwei", "√"))
    assert people(sheet) == [(2, "u-zw-ht", P, "3.0")]


def test_a_unit_or_username_that_does_not_fit_the_name_is_unknown() -> None:
    sheet = xlsx(
        ("姓名", "单位", "账号", "签到"),
        ("张伟", "桑洲镇", None, "√"),
        ("胡海燕", "县信访局", None, "√"),
        ("陈静", None, "dajiahe.clerk", "√"),
    )
    assert problems(sheet) == {
        ("rows.2.unit", "unknown_person"),
        ("rows.3.unit", "unknown_person"),
        ("rows.4.username", "unknown_person"),
    }


# -- row errors ---------------------------------------------------------------------------------------------
def test_an_unknown_name_is_the_only_problem_named() -> None:
    sheet = xlsx(TITLE, HEADER, (1, "胡海燕", "大佳何镇", "√", 3), (2, "胡海艳", "大佳何镇", "√", 3))
    assert problems(sheet) == {("rows.4.name", "unknown_person")}


def test_hours_over_the_session_and_below_zero() -> None:
    sheet = xlsx(
        HEADER, (1, "胡海燕", None, "出席", 3), (2, "陈静", None, "出席", -1), (3, "刘洋", None, "出席", 2)
    )
    assert problems(sheet, hours=TWO) == {
        ("rows.2.hours", "hours_out_of_range"),
        ("rows.3.hours", "hours_out_of_range"),
    }


def test_present_with_zero_hours_is_out_of_range() -> None:
    assert problems(xlsx(HEADER, (1, "陈静", None, "", 0))) == {("rows.2.hours", "hours_out_of_range")}


def test_an_absent_or_excused_person_with_hours() -> None:
    sheet = xlsx(
        HEADER, (1, "陈静", None, "缺席", 2), (2, "刘洋", None, "请假", "0.5"), (3, "胡海燕", None, "缺席", 0)
    )
    assert problems(sheet) == {("rows.2.hours", "hours_out_of_range"), ("rows.3.hours", "hours_out_of_range")}


def test_the_same_person_twice_is_named_on_the_later_row() -> None:
    sheet = xlsx(HEADER, (1, "胡海燕", None, "√"), (2, "陈静"), (3, "胡 海燕", "大佳何", "√"))
    assert problems(sheet) == {("rows.4.name", "listed_twice")}


def test_words_that_are_no_status_or_no_number() -> None:
    sheet = xlsx(
        HEADER,
        (1, "胡海燕", None, "迟到", 2),
        (2, "陈静", None, "出席", "半天"),
        (3, "刘洋", None, "出席", "上午"),
    )
    assert problems(sheet) == {
        ("rows.2.status", "unknown_status"),
        ("rows.3.hours", "not_a_number"),
        ("rows.4.hours", "not_a_number"),
    }


def test_a_row_with_no_name_but_other_cells_needs_a_name() -> None:
    sheet = xlsx(HEADER, (1, "胡海燕"), (2, None, "大佳何镇", "√", 2), (3,))
    assert problems(sheet) == {("rows.3.name", "required")}


def test_every_problem_of_the_sheet_at_once() -> None:
    sheet = xlsx(
        TITLE,
        HEADER,
        (1, "胡海燕", None, "√", 5),
        (2, "赵六", None, "√"),
        (3, "张伟", None, "到了吧", "两个钟头"),
        (4, "陈静", None, "病假", 1),
        (5, "胡海燕"),
    )
    assert problems(sheet) == {
        ("rows.3.hours", "hours_out_of_range"),
        ("rows.4.name", "unknown_person"),
        ("rows.5.name", "ambiguous_person"),
        ("rows.5.status", "unknown_status"),
        ("rows.6.hours", "hours_out_of_range"),
        ("rows.7.name", "listed_twice"),
    }


def test_a_long_line_without_status_or_hours_is_a_note_but_with_them_it_is_a_person() -> None:
    sheet = xlsx(
        HEADER, (1, "陈静"), (None, "以上人员请于3月10日前报镇信访办"), (None, "合计：实到1人", None, "√")
    )
    assert problems(sheet) == {("rows.4.name", "unknown_person")}


# -- sheet errors -------------------------------------------------------------------------------------------
def _docx() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01 not a workbook \xff" * 20, _docx(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)],
    ids=["empty", "random", "docx", "xls-or-encrypted"],
)
def test_what_is_not_a_workbook(content) -> None:
    assert problems(content) == {("sheet", "not_a_workbook")}


def test_a_truncated_workbook_is_not_a_workbook() -> None:
    assert problems(xlsx(HEADER, (1, "陈静"))[:-200]) == {("sheet", "not_a_workbook")}


def test_an_empty_workbook_has_no_header() -> None:
    assert problems(xlsx()) == {("sheet", "no_header")}


def test_a_sheet_without_a_name_column_has_no_header() -> None:
    sheet = xlsx(TITLE, ("序号", "人员", "单位"), (1, "胡海燕", "大佳何镇"))
    assert problems(sheet) == {("sheet", "no_header")}


def test_a_header_below_the_tenth_row_is_not_looked_for() -> None:
    sheet = xlsx(*[TITLE] * 10, HEADER, (1, "胡海燕"))
    assert problems(sheet) == {("sheet", "no_header")}


def test_a_header_with_nobody_under_it() -> None:
    sheet = xlsx(TITLE, HEADER, (1,), (2,), ("注：请假人员须提前报备",))
    assert problems(sheet) == {("sheet", "no_rows")}


def test_a_two_column_layout_is_refused() -> None:
    sheet = xlsx(("序号", "姓名", "签名", "序号", "姓名", "签名"), (1, "胡海燕", None, 2, "陈静"))
    assert problems(sheet) == {("sheet", "repeated_column")}


def test_more_than_the_row_limit() -> None:
    sheet = xlsx(("姓名",), *[("胡海燕",)] * (MAX_ROWS + 1))
    assert problems(sheet) == {("sheet", "too_many_rows")}


# -- the template -------------------------------------------------------------------------------------------
def test_the_template_is_a_sheet_with_title_note_header_and_dropdown() -> None:
    book = load_workbook(BytesIO(template("大佳何镇2026年信访业务培训班签到表")))
    sheet = book.active
    assert book.sheetnames == ["签到表"]
    assert sheet["A1"].value == "大佳何镇2026年信访业务培训班签到表"
    assert "单位或用户名可区分同名人员" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["序号", "姓名", "单位", "用户名", "出勤情况", "学时", "备注"]
    (dropdown,) = sheet.data_validations.dataValidation
    assert dropdown.type == "list" and dropdown.formula1 == '"出席,缺席,请假"'
    assert str(dropdown.sqref).startswith("E4:")
    assert sheet.column_dimensions["C"].width == 20


def test_the_empty_template_lists_nobody() -> None:
    assert problems(template()) == {("sheet", "no_rows")}


def test_a_filled_in_template_reads_back() -> None:
    book = load_workbook(BytesIO(template()))
    sheet = book.active
    for row in [(1, "胡海燕", "大佳何镇", None, "出席", 2), (2, "张伟", None, "huangtan.zhangwei", "请假")]:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    assert people(out.getvalue(), hours=TWO) == [(4, "u-hu", P, "2.0"), (5, "u-zw-ht", E, "0.0")]


def test_a_title_that_looks_like_a_formula_stays_text() -> None:
    book = load_workbook(BytesIO(template('=HYPERLINK("http://example.invalid","签到")')))
    assert book.active["A1"].data_type == "s"
    assert book.active["A1"].value.startswith("=HYPERLINK")
