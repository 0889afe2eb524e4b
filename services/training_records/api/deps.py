"""Dependencies training records' handlers declare by name."""

from typing import TypeAlias

from litestar.di import NamedDependency

from services.training_records.service.context import TrainingContext

Training: TypeAlias = NamedDependency[TrainingContext]
