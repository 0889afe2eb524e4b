"""What intake's use cases need besides the session and the caller, built once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.intake.service.repeats import RepeatMatcher
from services.intake.settings import IntakeRules
from services.intake.village_line_settings import VillageLineRules
from shared.clock import Clock
from shared.personal_data import PersonalDataCipher
from shared.settings import CountySettings


@dataclass(frozen=True)
class IntakeContext:
    cipher: PersonalDataCipher
    rules: IntakeRules
    matcher: RepeatMatcher
    clock: Clock = field(default_factory=Clock)
    village_line: VillageLineRules = field(default_factory=VillageLineRules)
    county: CountySettings = field(default_factory=CountySettings)

    def today(self) -> date:
        return self.clock.today()

    def now(self) -> datetime:
        return self.clock.now()
