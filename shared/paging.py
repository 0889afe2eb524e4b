"""Page numbers and sizes every list takes, bounded so that the offset always fits PostgreSQL's bigint."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

T = TypeVar("T")

# 10,000 pages of at most 100 rows: an offset below a million, far from int64, and far past any real list.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100

PageNumber = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)]


class Page(msgspec.Struct, Generic[T]):
    """One page of a list and how many items the whole list holds: the shape of every list answer."""

    items: list[T]
    total: int
    page: int
    page_size: int


def offset(page: int, page_size: int) -> int:
    return (page - 1) * page_size
