"""Dependencies supervision's handlers declare by name."""

from typing import TypeAlias

from litestar.di import NamedDependency

from services.supervision.service.context import SupervisionContext

Supervision: TypeAlias = NamedDependency[SupervisionContext]
