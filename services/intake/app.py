"""Wiring of the intake service: `create_app` builds the Litestar application and nothing else."""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide

from services.intake.api import acceptance, attachments, diary, directory, emergency, petitions, screening
from services.intake.service.context import IntakeContext
from services.intake.service.repeats import RepeatMatcher
from services.intake.settings import IntakeSettings
from shared.personal_data import PersonalDataCipher
from shared.service_app import ServiceRuntime, build_app

TITLE = "Xinfang intake 信访登记"
DESCRIPTION = (
    "Petitions from every channel, the sentiment diary, instability screening and emergency help; "
    "classification, the three petitions and acceptance."
)


def create_app(settings: IntakeSettings | None = None) -> Litestar:
    settings = settings or IntakeSettings()
    runtime = ServiceRuntime("intake", settings)
    matcher = RepeatMatcher()
    context = IntakeContext(
        PersonalDataCipher(settings.personal_data_key.get_secret_value()),
        settings.rules,
        matcher,
        village_line=settings.village_line,
        county=settings.county,
    )
    provide_context = Provide(lambda: context, use_cache=True, sync_to_thread=False)
    routes = [
        *petitions.ROUTES,
        *attachments.ROUTES,
        *acceptance.ROUTES,
        *diary.ROUTES,
        *screening.ROUTES,
        *emergency.ROUTES,
        *directory.ROUTES,
    ]
    app = build_app(runtime, TITLE, DESCRIPTION, routes, {"intake": provide_context})

    async def load_matcher() -> None:
        # jieba and the county's place names load once, after the runtime's own start-up.
        await matcher.load(runtime.sessions)

    app.on_startup.append(load_matcher)
    return app
