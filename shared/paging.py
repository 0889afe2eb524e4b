"""Page numbers and sizes every list takes, bounded so that the offset always fits PostgreSQL's bigint."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

# 10,000 pages of at most 100 rows: an offset below a million, far from int64, and far past any real list.
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100

PageNumber = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)]
