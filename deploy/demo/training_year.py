"""The demo year in training records: the county's and the townships' sessions, and who attended each.

First the service's own staff sync, as its worker runs it (`app.staff_sync`: Keycloak through the realm's read-only
client), so the demo townships' staff, who are realm users, are the cadres training counts. Then each planned
session is recorded and its attendance taken by the use cases the API handlers call (`sessions.record`, under the
handler's idempotency key; `attendance.record`), in a transaction under the trainer's scope with a FixedClock on
the plan's moment: a session is dated by its own start, but attendance may only be taken once it is held, by
training's clock (intake_year.py says why not over HTTP). Run by `python -m deploy.demo training …` with training
records' own environment.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select

from services.training_records.app import staff_sync
from services.training_records.persistence.tables import AttendanceRow, CadreRow
from services.training_records.service import attendance, sessions
from services.training_records.service.context import TrainingContext
from services.training_records.service.io import AttendanceIn, SessionIn
from services.training_records.settings import TrainingRecordsSettings
from shared import idempotency
from shared.auth import Principal
from shared.clock import FixedClock
from shared.db.request import data_scope_of
from shared.db.session import DataScope, TenantSession, scoped_transaction
from shared.tenancy import COUNTY_CHAIN

from . import actors
from .plan import DemoYear, TrainingPlan
from .step import DemoStep

COUNTY_TRAINER = "county.trainer"


class TrainingStep(DemoStep):
    settings: TrainingRecordsSettings

    def __init__(
        self, settings: TrainingRecordsSettings, county: dict[str, Principal], names: dict[str, str]
    ) -> None:
        super().__init__(settings, county, names, "training")

    def ctx(self, moment: datetime) -> TrainingContext:
        return TrainingContext(self.settings.rules, self.settings.county, clock=FixedClock(at=moment))

    async def act(self, by: Principal, work: Callable[[TenantSession], Awaitable[Any]]) -> Any:
        async with scoped_transaction(self.sessions, data_scope_of(by)) as db:
            return await work(db)

    def trainer(self, plan: TrainingPlan) -> Principal:
        if plan.recorder is None:
            return self.county[COUNTY_TRAINER]
        assert plan.township
        return actors.township_staff(plan.township, self.names[plan.township], "trainer")

    async def already_seeded(self, year: DemoYear) -> bool:
        """The marker: any attendance of a demo township's cadre (no test records one). Not the plan's first
        session, which moves with the day: a second `up` tomorrow must find today's year."""
        demo = list({actors.user_id(a.username) for t in year.training for a in t.attendance})
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            found = await db.scalar(select(AttendanceRow.id).where(AttendanceRow.cadre_id.in_(demo)).limit(1))
        return found is not None

    async def serving(self) -> set[str]:
        """Training's own sync from Keycloak, then the cadres it now counts."""
        await staff_sync(self.sessions, self.settings).refresh(force=True)
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            return set(await db.scalars(select(CadreRow.user_id).where(CadreRow.active)))

    async def run(self, year: DemoYear) -> dict[str, int]:
        serving = await self.serving()
        planned = {a.username for t in year.training for a in t.attendance}
        missing = sorted(u for u in planned if actors.user_id(u) not in serving)
        # A realm imported before the demo staff were in it (Keycloak imports a realm once): nothing to count.
        self.count("demo cadres not in the realm", len(missing))
        if len(missing) == len(planned):
            return self.counts
        for plan in year.training:
            session_id = await self.session(plan)
            await self.attendance(plan, session_id, serving)
        return self.counts

    async def session(self, plan: TrainingPlan) -> uuid.UUID:
        by = self.trainer(plan)
        body = {
            "session_type": plan.session_type, "topic": plan.topic, "starts_at": plan.starts_at.isoformat(),
            "hours": plan.hours, "place": plan.place, "level": plan.level,
            "trainers": list(plan.trainers), "speakers": list(plan.speakers),
            **({"township": plan.township} if plan.township else {}),
        }  # fmt: skip
        data = msgspec.convert(body, SessionIn)
        ctx = self.ctx(plan.recorded_at)

        async def record(db: TenantSession) -> tuple[object, idempotency.Replay | None]:
            # As the handler does it: the key is the caller's, kept under their township (the county's).
            return await idempotency.once(
                db, by.tenant_id or COUNTY_CHAIN, by.user_id, plan.key, data,
                lambda: sessions.record(db, by, ctx, data), 201,
            )  # fmt: skip

        answer, replay = await self.act(by, record)
        if replay is not None:  # recorded by a run cut short
            self.count("sessions already recorded")
            return uuid.UUID(replay.body["id"])
        self.count(f"sessions {plan.level}")
        return answer.id  # type: ignore[attr-defined] - a SessionView

    async def attendance(self, plan: TrainingPlan, session_id: uuid.UUID, serving: set[str]) -> None:
        entries = [
            {"cadre_id": actors.user_id(a.username), "status": a.status,
             **({"hours": a.hours} if a.hours is not None else {})}
            for a in plan.attendance
            if actors.user_id(a.username) in serving
        ]  # fmt: skip
        if not entries:
            return
        by, data = self.trainer(plan), msgspec.convert({"entries": entries}, AttendanceIn)
        ctx = self.ctx(plan.attendance_at)
        done = await self.act(by, lambda db: attendance.record(db, by, ctx, session_id, data))
        self.count("attendances already recorded", done.unchanged)
        if not done.unchanged:
            for e in entries:
                self.count(f"attendances {e['status']}")
