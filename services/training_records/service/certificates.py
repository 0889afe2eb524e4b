"""本人学时 and the attendance certificate (培训学时证明): one cadre's year, on screen and as a printable PDF.

The certificate names the cadre (a public official's name on their own certificate, not a petitioner's data), the
year, each session credited and the total against the requirement; printing it is on the trail.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from services.training_records.domain.training import SESSION_TYPE_ZH, CadreYear, SessionType
from services.training_records.persistence.tables import (
    AttendanceRow,
    CadreRow,
    TownshipRow,
    TrainingSessionRow,
)
from services.training_records.service.context import TrainingContext
from services.training_records.service.coverage import COUNTY_OFFICE, cadre_years, year_view
from services.training_records.service.io import HoursLine, MyYearView
from shared import trail
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.documents import INDENT, chinese_date, render_official_document
from shared.errors import NotFound
from shared.tenancy import COUNTY_CHAIN, Scope


async def year_of(
    db: TenantSession, by: Principal, ctx: TrainingContext, user_id: str, year: int
) -> MyYearView:
    """One cadre's year; a township caller reads only their own township's cadres (else 404)."""
    cadre = await db.get(CadreRow, user_id)
    if cadre is None or (by.scope is not Scope.county and cadre.tenant_id != by.tenant_id):
        raise NotFound()
    found = await cadre_years(db, ctx, year, user_id=user_id)
    lines = await _lines(db, user_id, year)
    # A year the cadre did not count for (known only later, or gone by then): their hours, and nothing owed.
    counted = found[0] if found else CadreYear(
        cadre.user_id, cadre.full_name, cadre.township, Decimal(0),
        sum((Decimal(str(h.hours)) for h in lines if h.status == "present"), Decimal(0)), cadre.active,
    )  # fmt: skip
    return MyYearView(year=year, cadre=year_view(counted), sessions=lines)


async def _lines(db: TenantSession, user_id: str, year: int) -> list[HoursLine]:
    rows = await db.execute(
        select(AttendanceRow, TrainingSessionRow)
        .join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
        .where(
            AttendanceRow.cadre_id == user_id,
            TrainingSessionRow.held_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .order_by(TrainingSessionRow.held_on, TrainingSessionRow.id)
    )
    return [
        HoursLine(
            session_id=s.id,
            held_on=s.held_on,
            session_type=s.session_type,
            session_type_label=SESSION_TYPE_ZH[SessionType(s.session_type)],
            topic=s.topic,
            organiser=s.organiser,
            status=a.status,
            hours=float(a.hours),
        )
        for a, s in rows.all()
    ]


def certificate_number(user_id: str, year: int) -> str:
    """Stable for one cadre and year, so a reprint carries the same number."""
    return f"培证〔{year}〕{hashlib.sha256(f'{user_id}/{year}'.encode()).hexdigest()[:8].upper()}号"


async def certificate(
    db: TenantSession, by: Principal, ctx: TrainingContext, user_id: str, year: int
) -> tuple[str, bytes]:
    mine = await year_of(db, by, ctx, user_id, year)
    cadre = await db.get(CadreRow, user_id)
    assert cadre is not None  # year_of found it
    unit = COUNTY_OFFICE
    if cadre.tenant_id is not None and (t := await db.get(TownshipRow, cadre.tenant_id)) is not None:
        unit = t.name
    number = certificate_number(user_id, year)
    pdf = render_official_document(
        ["培训学时证明"], number, _paragraphs(mine, unit), f"{ctx.county.name}信访局", chinese_date(ctx.today()),
        closing="特此证明。", title=f"{year}年度培训学时证明",
    )  # fmt: skip
    await trail.record(
        db, by, "training.certificate_printed", "cadre", user_id, tenant_id=cadre.tenant_id or COUNTY_CHAIN,
        detail={"year": year, "number": number},
    )  # fmt: skip
    return number, pdf


def _paragraphs(mine: MyYearView, unit: str) -> list[str]:
    c = mine.cadre
    credited = [s for s in mine.sessions if s.status == "present"]
    verdict = "达到" if c.missing == 0 else f"尚差{_h(c.missing)}学时，未达到"
    lines = [
        f"{INDENT}兹证明{c.full_name}同志（{unit}）{mine.year}年度参加信访业务培训{len(credited)}次，累计获得培训学时"
        f"{_h(c.hours)}学时，本年度应修{_h(c.required)}学时，{verdict}年度培训要求。",
        f"{INDENT}参训明细如下：",
    ]
    lines += [
        f"{INDENT}{i}. {chinese_date(s.held_on)} {s.session_type_label}《{s.topic}》（{s.organiser}）{_h(s.hours)}学时"
        for i, s in enumerate(credited, 1)
    ]
    return lines if credited else [lines[0]]


def _h(hours: float) -> str:
    return f"{hours:g}"
