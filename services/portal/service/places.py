"""The county's township names for the header, read once from the county file the launcher seeds from."""

from __future__ import annotations

import json
from pathlib import Path

from shared.tenancy import COUNTY


class PlaceNames:
    def __init__(self, townships: dict[str, str], county_name: str) -> None:
        self.townships = townships
        self.county_name = county_name

    @classmethod
    def load(cls, county_file: Path) -> PlaceNames:
        county = json.loads(county_file.read_text(encoding="utf-8"))
        return cls({t["slug"]: t["name"] for t in county["townships"]}, county["county"]["name"])

    def township(self, slug: str) -> str | None:
        """The Chinese name (大佳何镇); None for the county, which the page shows as 全县."""
        if slug == COUNTY:
            return None
        return self.townships.get(slug, slug)
