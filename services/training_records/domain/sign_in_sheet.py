"""The sign-in sheet (签到表) of a training session: an .xlsx workbook read into checked attendance rows.

Trainers type the paper sheet into Excel or WPS the way they always have, so the reader bends to the sheet and not
the other way round:

- The sheet is the workbook's first worksheet; other worksheets (a 说明 page, last year's list) are ignored.
- The header is the first of the top 10 rows with a 姓名 column; the rows above it are titles. Columns are known by
  their header (姓名 / 单位 / 用户名 / 出勤情况 / 学时 and their usual variants); any other column (序号, 职务, 联系电话,
  签名, 备注) is ignored. Several unit columns (乡镇 and 部门) are read as one unit. A person column named twice is a
  two-column layout, refused: its two halves would share Excel row numbers.
- A row is read from its name, unit, username, status and hours only: a row with none of them is a blank line, so
  a sheet numbered 1..50 in 序号 with 30 names has 30 people.
- A row whose name starts with 注 / 备注 / 说明 / 合计 / 小计 / 共计, holds a colon, or is longer than 10 characters,
  and that has no status and no hours, is a note under the list (注：请假人员须提前报备), not a person.
- A person is known by name (spaces and full-width forms ignored), then told apart from namesakes by 用户名 and
  单位. A 单位 that names a township (大佳何镇, 大佳何, dajiahe, 大佳何镇人民政府, 县信访局) must be the person's; one that
  names none (综治办, 涨家溪村, as a township's own sheet writes) neither matches nor contradicts.
- A person on two rows is named on the later one.
- A name on a sign-in sheet means its person came: a blank status is 出席. A present person's blank hours are the
  whole session; an absent or excused person's hours must be blank or 0.
- Credited hours are quantised to 0.1 hour (half up), and checked after quantising: that is what is stored.

Every problem of the sheet is reported at once, each named `rows.<Excel row>.<column>` as the trainer sees it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from shared.errors import RuleViolation, Violations, register_reasons

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 40
# A sheet bordered down to row 60000 ends where its list ends; nobody leaves a thousand blank lines mid-list.
BLANK_RUN_ENDS_SHEET = 1000
NOTE_MAX_NAME_CHARS = 10
TENTH = Decimal("0.1")
# Hours beyond this are no session's length; quantising them would only overflow Decimal's context.
_HOURS_CEILING = Decimal(10_000)

register_reasons(
    {
        "not_a_workbook": (
            "不是可读取的Excel文件（.xlsx），或文件已损坏、加密",
            "is not a readable .xlsx workbook",
        ),
        "no_header": (
            "前10行中未找到含“姓名”列的表头",
            "has no header row with a 姓名 column in its first 10 rows",
        ),
        "no_rows": ("签到表中没有人员", "lists nobody"),
        "too_many_rows": (f"人员超过{MAX_ROWS}行", f"lists more than {MAX_ROWS} people"),
        "repeated_column": (
            "表头中同一列出现两次（如两栏排版），请改为一栏",
            "names the same column twice (a two-column layout?): put everyone in one list",
        ),
        "unknown_person": (
            "查无此人，或单位、用户名与姓名不符",
            "names nobody known, or the unit or username does not match",
        ),
        "ambiguous_person": (
            "有同名人员，请填写单位或用户名",
            "names two or more people: add the unit or the username",
        ),
        "listed_twice": ("同一人员重复登记", "lists the same person twice"),
        "unknown_status": ("出勤情况无法识别，应为出席、缺席或请假", "is not 出席, 缺席 or 请假"),
        "hours_out_of_range": (
            "学时超出范围：出席者应大于0且不超过本次培训学时，缺席、请假者应为空或0",
            "out of range: more than 0 and at most the session's hours when present, blank or 0 otherwise",
        ),
        "not_a_number": ("不是可识别的数字", "is not a number"),
    }
)


class AttendanceStatus(StrEnum):
    present = "present"  # 出席
    absent = "absent"  # 缺席
    excused = "excused"  # 请假


@dataclass(frozen=True)
class Cadre:
    """One petition cadre the sheet may name (from Keycloak, via the service)."""

    user_id: str
    username: str
    full_name: str
    township: str  # the township slug, or "county" for county staff
    township_name: str  # 大佳何镇, or 县信访局 for "county"


@dataclass(frozen=True)
class SheetRow:
    row: int  # the Excel row number, as in Excel's margin
    user_id: str
    status: AttendanceStatus
    hours: Decimal


# -- headers ------------------------------------------------------------------------------------------------
_HEADERS = {
    "name": "姓名 名字 参训人员 参训人员姓名 人员姓名 学员姓名 参会人员 参会人员姓名",
    "unit": "单位 所在单位 工作单位 乡镇 所属乡镇 乡镇街道 部门 所在部门 单位部门",
    "username": "用户名 账号 帐号 系统账号 系统帐号 登录账号 用户账号",
    "status": "签到 签到情况 出勤 出勤情况 是否参加 是否参训 出席情况 参加情况 考勤",
    "hours": "学时 时长 培训学时 学时数 培训时长 课时 时数",
}
_HEADER_KEY = {alias: key for key, aliases in _HEADERS.items() for alias in aliases.split()}
_MULTI_COLUMN_KEYS = {"unit"}
_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")

# -- status words and marks ---------------------------------------------------------------------------------
_STATUSES = {
    AttendanceStatus.present: "出席 参加 已参加 参训 到 已到 到会 实到 签到 已签到 出勤 是 √ ✓ ✔ ☑ y yes present",
    AttendanceStatus.absent: "缺席 未到 没到 未参加 未签到 缺 缺勤 旷课 否 × ✗ ✘ ✕ ╳ x n no absent",
    AttendanceStatus.excused: "请假 已请假 假 事假 病假 公假 因公请假 婚假 丧假 产假 休假 excused leave",
}
_STATUS_OF = {word: status for status, words in _STATUSES.items() for word in words.split()}

# -- hours --------------------------------------------------------------------------------------------------
_HOUR_UNIT = re.compile(r"(?:个)?(?:小时|学时|课时|钟头|hours?|hrs?|h)$")
_MINUTE_UNIT = re.compile(r"(?:分钟|minutes?|mins?)$")
_ARABIC = re.compile(r"-?\d+(?:\.\d+)?")
_SPOKEN = re.compile(r"(?P<whole>\d+|[零〇一二两三四五六七八九十]+)?个?(?P<half>半)?")
_CHINESE_DIGITS = {digit: value for value, digit in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

# A unit such as 黄坛镇 or 桑洲镇中心学校 names a township even when the roster has nobody of it.
_TOWNSHIP_WORD = re.compile(r"[\u4e00-\u9fff]{2,}(?:镇|乡|街道)")
_NOTE_STARTS = ("注", "备注", "说明", "合计", "小计", "共计")
_MIDDLE_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", ".": "·"})


@dataclass(frozen=True)
class _Entry:
    """A non-blank row of the list, as typed: names cleaned, status and hours still raw cell values."""

    row: int
    name: str
    unit: str
    username: str
    status: Any
    hours: Any


# -- reading the workbook -----------------------------------------------------------------------------------
def read_sheet(content: bytes, roster: Sequence[Cadre], session_hours: Decimal) -> list[SheetRow]:
    """The sheet's people in sheet order, or RuleViolation naming every problem of the sheet at once."""
    entries = _entries(content)
    if not entries:
        raise RuleViolation("sheet", "no_rows")
    known = _Roster(roster)
    full = _tenths(Decimal(session_hours)) or Decimal(0)
    found = Violations()
    rows: list[SheetRow] = []
    listed: set[str] = set()
    for entry in entries:
        row = _check(entry, known, full, listed, found)
        if row is not None:
            rows.append(row)
    found.raise_any()
    return rows


def _entries(content: bytes) -> list[_Entry]:
    rows = _first_worksheet_rows(content)
    try:
        return _scan(rows)
    except RuleViolation:
        raise
    except Exception as exc:
        # openpyxl lets whatever its zip and XML layers raise through (BadZipFile, KeyError, ParseError, ...):
        # any of them means the upload is not a workbook it can read, which is the trainer's to fix, not a 500.
        raise RuleViolation("sheet", "not_a_workbook") from exc
    finally:
        rows.close()


def _first_worksheet_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    # read_only streams the rows; data_only gives a formula's cached value rather than its text.
    book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        # WPS and older tools write a wrong <dimension>; trusting it would cut the list short.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    finally:
        book.close()


def _scan(rows: Iterator[tuple[Any, ...]]) -> list[_Entry]:
    columns: dict[str, list[int]] | None = None
    entries: list[_Entry] = []
    blank_run = 0
    for number, values in enumerate(rows, start=1):
        if columns is None:
            columns = _header_columns(values)
            if columns is None and number >= HEADER_SEARCH_ROWS:
                break
            continue
        entry = _entry(number, values, columns)
        blank_run = 0 if entry else blank_run + 1
        if blank_run >= BLANK_RUN_ENDS_SHEET:
            break
        if entry is None or _is_note(entry):
            continue
        entries.append(entry)
        if len(entries) > MAX_ROWS:
            raise RuleViolation("sheet", "too_many_rows")
    if columns is None:
        raise RuleViolation("sheet", "no_header")
    return entries


def _header_columns(values: tuple[Any, ...]) -> dict[str, list[int]] | None:
    """The columns of each key if this row is the header (it has a 姓名 column), else None."""
    columns: dict[str, list[int]] = {}
    for index, value in enumerate(values):
        key = _HEADER_KEY.get(_header_text(value))
        if key:
            columns.setdefault(key, []).append(index)
    if "name" not in columns:
        return None
    if any(len(found) > 1 for key, found in columns.items() if key not in _MULTI_COLUMN_KEYS):
        raise RuleViolation("sheet", "repeated_column")
    return columns


def _header_text(value: Any) -> str:
    """学时（小时） → 学时, "姓　名" → 姓名, "*单位：" → 单位."""
    if not isinstance(value, str):
        return ""
    return _BRACKETED.sub("", _clean(value)).strip("*:")


def _entry(number: int, values: tuple[Any, ...], columns: dict[str, list[int]]) -> _Entry | None:
    def cells(key: str) -> list[Any]:
        return [values[i] for i in columns.get(key, []) if i < len(values)]

    name = _person_name("".join(_text(v) for v in cells("name")))
    unit = "".join(_text(v) for v in cells("unit"))
    username = "".join(_text(v) for v in cells("username")).lower()
    status = next(iter(cells("status")), None)
    hours = next(iter(cells("hours")), None)
    if not (name or unit or username or _filled(status) or _filled(hours)):
        return None
    return _Entry(number, name, unit, username, status, hours)


def _is_note(entry: _Entry) -> bool:
    """注：请假人员须提前报备 under the list: a remark, not a person, unless it carries a status or hours."""
    if _filled(entry.status) or _filled(entry.hours) or not entry.name:
        return False
    return entry.name.startswith(_NOTE_STARTS) or ":" in entry.name or len(entry.name) > NOTE_MAX_NAME_CHARS


# -- checking one row ---------------------------------------------------------------------------------------
def _check(
    entry: _Entry, roster: _Roster, full: Decimal, listed: set[str], found: Violations
) -> SheetRow | None:
    """One row checked whole; a person is listed twice on the later row even when that row has other faults."""
    cadre = _person(entry, roster, found)
    if cadre is not None and cadre.user_id in listed:
        found.add(_field(entry.row, "name"), "listed_twice")
        cadre = None
    elif cadre is not None:
        listed.add(cadre.user_id)
    status = _status(entry, found)
    hours = _hours(entry, status, full, found)
    if cadre is None or status is None or hours is None:
        return None
    return SheetRow(entry.row, cadre.user_id, status, hours)


def _person(entry: _Entry, roster: _Roster, found: Violations) -> Cadre | None:
    """The one cadre of that name, told apart from namesakes by the row's username and unit when given."""
    if not entry.name:
        found.add(_field(entry.row, "name"), "required")
        return None
    candidates = roster.by_name.get(entry.name, [])
    if not candidates:
        found.add(_field(entry.row, "name"), "unknown_person")
        return None
    if entry.username:
        candidates = [c for c in candidates if entry.username == _clean(c.username).lower()]
        if not candidates:
            found.add(_field(entry.row, "username"), "unknown_person")
            return None
    if roster.names_a_township(entry.unit):
        candidates = [c for c in candidates if _unit_names(entry.unit, c.township, c.township_name)]
        if not candidates:
            found.add(_field(entry.row, "unit"), "unknown_person")
            return None
    if len(candidates) > 1:
        found.add(_field(entry.row, "name"), "ambiguous_person")
        return None
    return candidates[0]


class _Roster:
    """The cadres by cleaned name, and the townships they come from."""

    def __init__(self, cadres: Sequence[Cadre]) -> None:
        by_name: dict[str, dict[str, Cadre]] = {}
        for cadre in cadres:
            by_name.setdefault(_person_name(cadre.full_name), {})[cadre.user_id] = cadre
        self.by_name = {name: list(found.values()) for name, found in by_name.items()}
        self.townships = {(c.township, c.township_name) for c in cadres}

    def names_a_township(self, unit: str) -> bool:
        """Whether the unit says which township its person is from. A township's own sheet writes 综治办, 司法所
        or a village (涨家溪村) there: that tells no township apart, so it neither matches nor contradicts one."""
        if not unit:
            return False
        return bool(_TOWNSHIP_WORD.search(unit)) or any(_unit_names(unit, *t) for t in self.townships)


def _unit_names(unit: str, slug: str, township_name: str) -> bool:
    """大佳何镇 / 大佳何 / 大佳何镇人民政府 / dajiahe all name 大佳何镇; 信访局 and 宁海县信访局 name 县信访局."""
    unit = unit.lower()
    if unit == _clean(slug).lower():
        return True
    core = _township_core(_clean(township_name))
    return bool(core) and (core in unit or (len(unit) >= 2 and unit in core))


def _township_core(township_name: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if township_name.endswith(suffix) and len(township_name) > len(suffix) + 1:
            return township_name.removesuffix(suffix)
    return township_name


def _status(entry: _Entry, found: Violations) -> AttendanceStatus | None:
    value = entry.status
    if isinstance(value, bool):  # a checkbox column
        return AttendanceStatus.present if value else AttendanceStatus.absent
    if not _filled(value):
        return AttendanceStatus.present
    word = _text(value).lower().rstrip("。.")
    status = _STATUS_OF.get(word)
    if status is None and word.endswith("假") and len(word) <= 4:  # 请病假, 请事假
        status = AttendanceStatus.excused
    if status is None:
        found.add(_field(entry.row, "status"), "unknown_status")
    return status


def _hours(
    entry: _Entry, status: AttendanceStatus | None, full: Decimal, found: Violations
) -> Decimal | None:
    field = _field(entry.row, "hours")
    try:
        given = _hours_value(entry.hours)
    except ValueError:
        found.add(field, "not_a_number")
        return None
    if status is None:
        return None
    if given is None:
        return full if status is AttendanceStatus.present else Decimal("0.0")
    hours = _tenths(given)
    if status is AttendanceStatus.present:
        ok = hours is not None and Decimal(0) < hours <= full
    else:
        ok = hours == 0
    if not ok:
        found.add(field, "hours_out_of_range")
        return None
    return hours


def _hours_value(value: Any) -> Decimal | None:
    """The hours a cell says, None when blank; ValueError when it says no number."""
    if not _filled(value):
        return None
    if isinstance(value, bool | datetime | date):
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(value)
        return number
    if isinstance(value, time):  # 1:30 typed into a 时长 column
        return Decimal(value.hour) + Decimal(value.minute) / 60
    if isinstance(value, timedelta):
        return Decimal(value.total_seconds()) / 3600
    return _spoken_hours(_text(value).lower())


def _spoken_hours(text: str) -> Decimal:
    """Hours as typed: 2小时, 1.5h, 1.5 学时, 两, 一个半小时, 半小时, 90分钟; 半天 or 上午 is no number."""
    minutes = _MINUTE_UNIT.search(text)
    number = _number(_MINUTE_UNIT.sub("", text) if minutes else _HOUR_UNIT.sub("", text))
    return number / 60 if minutes else number


def _number(text: str) -> Decimal:
    if _ARABIC.fullmatch(text):
        return Decimal(text)
    m = _SPOKEN.fullmatch(text)
    if not text or m is None:
        raise ValueError(text)
    whole = m.group("whole")
    if whole is None and not m.group("half"):
        raise ValueError(text)
    return Decimal(_whole_number(whole) if whole else 0) + (Decimal("0.5") if m.group("half") else 0)


def _whole_number(text: str) -> int:
    """2 / 两 / 十 / 十二 / 二十五."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _chinese_digit(text)
    return (_chinese_digit(tens) if tens else 1) * 10 + (_chinese_digit(ones) if ones else 0)


def _chinese_digit(text: str) -> int:
    if len(text) != 1 or text not in _CHINESE_DIGITS:
        raise ValueError(text)
    return _CHINESE_DIGITS[text]


def _tenths(hours: Decimal) -> Decimal | None:
    """Hours to 0.1; None beyond any session's length."""
    if abs(hours) >= _HOURS_CEILING:
        return None
    try:
        return hours.quantize(TENTH, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


# -- cells --------------------------------------------------------------------------------------------------
def _clean(text: str) -> str:
    """NFKC (full-width to half-width), then no spaces at all, nor the zero-width marks pasted from chat apps."""
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _person_name(text: str) -> str:
    """胡 海燕 / 胡　海燕 / 胡海燕 are one name; 阿依古丽•买买提 is 阿依古丽·买买提."""
    return _clean(text).translate(_MIDDLE_DOTS)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an account number typed as a number comes back as 12345.0
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    return _clean(str(value))


def _filled(value: Any) -> bool:
    return value is not None and _text(value) != ""


def _field(row: int, column: str) -> str:
    return f"rows.{row}.{column}"


# -- the template -------------------------------------------------------------------------------------------
TEMPLATE_HEADER = ("序号", "姓名", "单位", "用户名", "出勤情况", "学时", "备注")
TEMPLATE_WIDTHS = (6, 12, 20, 20, 12, 8, 24)
TEMPLATE_STATUSES = ("出席", "缺席", "请假")
TEMPLATE_NOTE = (
    "说明：单位或用户名可区分同名人员；出勤情况选填出席、缺席、请假，空白视为出席；学时空白按本次培训学时计。"
)
DEFAULT_TITLE = "培训签到表"


def template(title: str | None = None) -> bytes:
    """A fresh .xlsx a trainer fills in: title, a note, the header and a 出勤情况 dropdown for MAX_ROWS rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "签到表"
    last = get_column_letter(len(TEMPLATE_HEADER))
    sheet.append([(title or "").strip() or DEFAULT_TITLE])
    sheet["A1"].data_type = "s"  # a title starting with "=" stays text, not a formula in the trainer's Excel
    sheet.append([TEMPLATE_NOTE])
    sheet.append(list(TEMPLATE_HEADER))
    for row in (1, 2):
        sheet.merge_cells(f"A{row}:{last}{row}")
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[2].height = 30
    for index, width in enumerate(TEMPLATE_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=3, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A4"
    _status_dropdown(sheet, TEMPLATE_HEADER.index("出勤情况") + 1)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _status_dropdown(sheet: Any, column: int) -> None:
    letter = get_column_letter(column)
    dropdown = DataValidation(
        type="list",
        formula1='"' + ",".join(TEMPLATE_STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="出勤情况",
        error="请选择出席、缺席或请假",
    )
    dropdown.add(f"{letter}4:{letter}{3 + MAX_ROWS}")
    sheet.add_data_validation(dropdown)
