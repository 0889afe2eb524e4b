"""Dependencies intake's handlers declare by name."""

from typing import TypeAlias

from litestar.di import NamedDependency

from services.intake.service.context import IntakeContext

Intake: TypeAlias = NamedDependency[IntakeContext]
