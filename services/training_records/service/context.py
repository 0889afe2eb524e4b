"""What training records' use cases need besides the session and the caller, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.training_records.service.staff import StaffSync
from services.training_records.settings import TrainingRules
from shared.clock import Clock
from shared.settings import CountySettings


@dataclass(frozen=True)
class TrainingContext:
    rules: TrainingRules = field(default_factory=TrainingRules)
    county: CountySettings = field(default_factory=CountySettings)
    clock: Clock = field(default_factory=Clock)
    staff: StaffSync | None = None  # None in tests of the rules alone: the cadre table is then what it is

    def today(self) -> date:
        return self.clock.today()

    def now(self) -> datetime:
        return self.clock.now()
