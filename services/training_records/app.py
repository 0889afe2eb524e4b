"""Wiring of the training_records service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.training_records.api import coverage, sessions
from services.training_records.service.context import TrainingContext
from services.training_records.service.staff import StaffSync
from services.training_records.settings import TrainingRecordsSettings
from shared.auth.admin import KeycloakDirectory
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang training records 培训记录"
DESCRIPTION = "Training sessions, attendance, hours and yearly coverage of petition cadres."


def staff_sync(sessions: async_sessionmaker[AsyncSession], settings: TrainingRecordsSettings) -> StaffSync:
    """The cadre list as the API and the worker both keep it: read from the realm's read-only client."""
    d = settings.directory
    source = KeycloakDirectory(settings.keycloak, d.client_secret.get_secret_value(), client_id=d.client_id)
    return StaffSync(sessions, source, d.refresh_seconds)


def create_app(settings: TrainingRecordsSettings | None = None) -> Litestar:
    settings = settings or TrainingRecordsSettings()
    runtime = ServiceRuntime("training_records", settings)
    context = TrainingContext(settings.rules, settings.county, staff=staff_sync(runtime.sessions, settings))
    provide_context = Provide(lambda: context, use_cache=True, sync_to_thread=False)
    return build_app(
        runtime, TITLE, DESCRIPTION, [*sessions.ROUTES, *coverage.ROUTES], {"training": provide_context}
    )
