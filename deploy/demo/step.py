"""What every service's part of the demo year holds: that service's database through its own application role,
the county users' principals, the places' names by slug, and the count of what it added (its result line)."""

from __future__ import annotations

from shared.auth import Principal
from shared.db.engine import make_engine
from shared.db.session import session_factory
from shared.settings import ServiceSettings


class DemoStep:
    def __init__(
        self, settings: ServiceSettings, county: dict[str, Principal], names: dict[str, str], part: str
    ) -> None:
        self.settings = settings
        self.engine = make_engine(settings.db, application_name=f"demo-{part}")
        self.sessions = session_factory(self.engine)
        self.county = county
        self.names = names  # township and village slugs → names
        self.counts: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        if n:
            self.counts[what] = self.counts.get(what, 0) + n

    async def close(self) -> None:
        await self.engine.dispose()
