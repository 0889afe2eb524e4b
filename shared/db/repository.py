"""The base of every tenant repository: add, get, get-for-update and a page with its total; none commits.

Row-level security already bounds every query to the caller's scope, so these methods add no tenant filter of
their own; a list's conditions come as a list in which `None` means "no such filter".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, func, select

from shared.auth.guards import ensure_visible
from shared.auth.principal import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound

RowT = TypeVar("RowT")


class TenantRepo(Generic[RowT]):
    """Subclasses set `row` (the mapped class) and, for `page`, `order` (the list's stable ordering)."""

    row: ClassVar[type[Any]]
    order: ClassVar[Sequence[Any]] = ()

    def __init__(self, db: TenantSession) -> None:
        self.db = db

    def add(self, row: RowT) -> RowT:
        self.db.add(row)
        return row

    async def get(self, row_id: Any) -> RowT | None:
        return await self.db.get(self.row, row_id)

    async def get_for_update(self, row_id: Any) -> RowT | None:
        return await self.db.scalar(select(self.row).where(self.row.id == row_id).with_for_update())

    async def load_visible(self, by: Principal, row_id: Any, *, for_update: bool = False) -> RowT:
        """The row, or 404 when it is missing or outside the caller's township (or, for a liaison, village)."""
        row = await (self.get_for_update(row_id) if for_update else self.get(row_id))
        if row is None:
            raise NotFound()
        ensure_visible(by, row.tenant_id, getattr(row, "village_id", None))
        return row

    async def page(
        self, conditions: Iterable[ColumnElement[bool] | None], offset: int, limit: int
    ) -> tuple[Sequence[RowT], int]:
        """One page in `order`, and how many rows the conditions match in all."""
        where = [c for c in conditions if c is not None]
        total = await self.db.scalar(select(func.count()).select_from(self.row).where(*where))
        stmt = select(self.row).where(*where).order_by(*self.order).offset(offset).limit(limit)
        return (await self.db.scalars(stmt)).all(), total or 0
