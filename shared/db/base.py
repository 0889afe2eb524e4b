"""Declarative base factory: each service's tables live in their own metadata and schema."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase


def service_base(schema: str) -> type[DeclarativeBase]:
    class Base(DeclarativeBase):
        metadata = MetaData(schema=schema)
        # Every timestamp column is timestamptz: an aware datetime must not be sent as a naive one.
        type_annotation_map = {datetime: DateTime(timezone=True)}  # noqa: RUF012 - read by SQLAlchemy as declared

    return Base
