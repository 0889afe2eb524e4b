"""导出: the petitions a search finds, as an Excel workbook (openpyxl: the format county offices exchange)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from services.portal.domain.messages import Messages

COLUMNS = (
    "field.received_on",
    "field.township",
    "field.village",
    "field.channel",
    "field.category",
    "field.kind",
    "field.summary",
    "field.status",
    "field.acceptance_due_on",
    "list.flags",
)
WIDTHS = (14, 12, 14, 10, 12, 12, 60, 10, 14, 18)


def workbook(
    items: Sequence[Mapping[str, Any]], t: Messages, places: Mapping[str, str], fmt_date: Callable[[Any], str]
) -> bytes:
    """Masked as on screen: the list never carries a petitioner's personal data, so neither does the file."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("nav.petitions")[:31]
    sheet.append([t(key) for key in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in items:
        sheet.append(
            [
                fmt_date(p["received_on"]),
                places.get(p["township"], p["township"]),
                places.get(f"{p['township']}/{p['village']}", p["village"] or "") if p["village"] else "",
                t.label("channel", p["channel"]),
                t.label("category", p["category"]),
                t.label("kind", p["kind"]),
                p["summary"],
                t.label("status", p["status"]),
                fmt_date(p["acceptance_due_on"]),
                _flags(p, t),
            ]
        )
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _flags(p: Mapping[str, Any], t: Messages) -> str:
    flags = [
        ("is_repeat", "three.repeat"),
        ("is_collective", "three.collective"),
        ("is_skip_level", "three.skip_level"),
    ]
    found = [t(key) for field, key in flags if p.get(field)]
    if p.get("is_repeat_suspected") and not p.get("is_repeat"):
        found.append(t("three.repeat_suspected"))
    return "、".join(found)
