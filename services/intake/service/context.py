"""What intake's use cases need besides the session and the caller, built once per process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from services.intake.service.repeats import RepeatMatcher
from services.intake.settings import IntakeRules
from services.intake.village_line_settings import VillageLineRules
from shared.personal_data import PersonalDataCipher
from shared.settings import CountySettings


@dataclass(frozen=True)
class IntakeContext:
    cipher: PersonalDataCipher
    rules: IntakeRules
    matcher: RepeatMatcher
    today: Callable[[], date] = field(default=date.today)
    village_line: VillageLineRules = field(default_factory=VillageLineRules)
    county: CountySettings = field(default_factory=CountySettings)
