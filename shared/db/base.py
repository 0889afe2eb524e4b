"""Declarative base factory: each service's tables live in their own metadata and schema."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


def service_base(schema: str) -> type[DeclarativeBase]:
    class Base(DeclarativeBase):
        metadata = MetaData(schema=schema)

    return Base
