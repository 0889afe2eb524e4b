"""Supervision's tables."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import service_base

Base = service_base("supervision")


class ResponsibleUnitRow(Base):
    __tablename__ = "responsible_unit"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_id: Mapped[uuid.UUID | None]
    level: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(80))
    categories: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
