"""Township names for the header, learnt from intake's /townships: intake owns the county's directory."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from shared.tenancy import COUNTY


class PlaceNames:
    def __init__(self) -> None:
        self.townships: dict[str, str] = {}

    def remember(self, townships: Iterable[Mapping[str, Any]]) -> None:
        self.townships.update({t["slug"]: t["name"] for t in townships})

    def knows(self, slug: str) -> bool:
        return slug == COUNTY or slug in self.townships

    def township(self, slug: str) -> str | None:
        """The Chinese name (大佳何镇); None for the county, which the page shows as 全县."""
        if slug == COUNTY:
            return None
        return self.townships.get(slug, slug)
