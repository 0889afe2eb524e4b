"""The trail's exports read back: the .xlsx holds every field of every entry, the PDF every entry's row in Chinese;
and the rebuild never touches the copy's durables."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

from openpyxl import load_workbook
from pypdf import PdfReader

from services.reporting.events import REGISTRY, TRAIL_DURABLES
from services.reporting.rebuild import _durables
from services.reporting.service.trail_export import render_pdf, render_xlsx
from services.reporting.service.trail_io import TrailEntryView

AT = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)


def view(seq: int) -> TrailEntryView:
    return TrailEntryView(
        service="intake", tenant_id=uuid.UUID(int=seq), seq=seq, occurred_at=AT, actor_id=f"user-{seq}",
        actor_role="township-clerk", action="petition.registered", object_type="petition",
        object_id=str(uuid.UUID(int=1000 + seq)), request_id=None, trace_id="0af7651916cd43dd8448eb211c80319c",
        trace_url=None, detail={"by": "乡镇干部甲", "channel": "visit"}, prev_hash="0" * 64, hash=f"{seq:064x}",
        verified=seq % 2 == 0,
    )  # fmt: skip


def test_the_xlsx_holds_every_entry_with_every_field() -> None:
    sheet = load_workbook(io.BytesIO(render_xlsx([view(1), view(2)], AT))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "全程留痕记录（审计导出）" and rows[1][0].startswith("时间")
    assert rows[2][:4] == ("2026-03-01 10:30:00", "intake", str(uuid.UUID(int=1)), 1)
    assert rows[3][-2:] == (f"{2:064x}", "是") and '"by": "乡镇干部甲"' in rows[3][9]


def test_the_pdf_reads_back_every_entry() -> None:
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf([view(1), view(2)], AT))).pages)
    assert "全程留痕记录" in text and "共 2 条" in text
    assert "petition.registered" in text and "乡镇干部甲" in text and "user-2" in text


def test_the_rebuild_leaves_the_trail_copy_durables_alone() -> None:
    replayed = {d.durable for d in _durables(REGISTRY)}
    assert TRAIL_DURABLES and not (replayed & TRAIL_DURABLES)
    assert {spec.durable.durable for spec in REGISTRY} >= TRAIL_DURABLES
