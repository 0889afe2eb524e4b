"""The cadre list as the caller's scope sees it, re-read from Keycloak when it has grown old."""

from __future__ import annotations

from litestar.exceptions import ServiceUnavailableException
from sqlalchemy import select

from services.training_records.persistence.tables import CadreRow
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import CadreView
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.tenancy import Scope


async def refresh(ctx: TrainingContext) -> None:
    """A trainer's explicit 同步: at once, unless another request just did it."""
    if ctx.staff is None:
        return
    try:
        await ctx.staff.refresh(force=True)
    except Exception as exc:
        raise ServiceUnavailableException("人员名单暂时无法从统一身份认证读取，请稍后再试") from exc


async def listed(
    db: TenantSession, by: Principal, ctx: TrainingContext, township: str | None, include_left: bool
) -> list[CadreView]:
    if ctx.staff is not None:
        await ctx.staff.refresh_quietly()
    stmt = select(CadreRow).order_by(CadreRow.township, CadreRow.full_name, CadreRow.user_id)
    if by.scope is not Scope.county:
        stmt = stmt.where(CadreRow.tenant_id == by.tenant_id)
    elif township is not None:
        stmt = stmt.where(CadreRow.township == township)
    if not include_left:
        stmt = stmt.where(CadreRow.active)
    return [
        CadreView(
            user_id=c.user_id,
            username=c.username,
            full_name=c.full_name,
            township=c.township,
            roles=list(c.roles),
            active=c.active,
            left_at=c.left_at,
        )
        for c in await db.scalars(stmt)
    ]
