"""What supervision's use cases need besides the session and the caller, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.supervision.settings import SupervisionRules
from shared.clock import Clock
from shared.settings import CountySettings


@dataclass(frozen=True)
class SupervisionContext:
    rules: SupervisionRules = field(default_factory=SupervisionRules)
    county: CountySettings = field(default_factory=CountySettings)
    clock: Clock = field(default_factory=Clock)

    def today(self) -> date:
        return self.clock.today()

    def now(self) -> datetime:
        return self.clock.now()


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no person does: the event handler opening a case, the scanner firing a reminder."""

    user_id: str
    display_name: str
    roles: frozenset[str] = frozenset()
    tenant_id: None = None


OPENER = SystemActor("system:supervision-intake", "系统（受理转入）")
SCANNER = SystemActor("system:supervision-scanner", "系统（期限监控）")
PETITIONER = SystemActor("public:query-code", "信访人（查询码）")
