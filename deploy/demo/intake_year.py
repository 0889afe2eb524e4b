"""The demo year in intake: petitions from every channel, their acceptance, instructions, the sentiment diary,
screening registers and emergencies, each done by intake's own use cases on the day the plan says.

Why in-process and not over HTTP: intake's API dates a petition's receipt (`received_on`, 补录) but takes every
other date from the service's clock — the acceptance deadline runs from the registration day, the decision is
dated the day it is made, a diary entry is resolved today, a register is filed today. A year of history through
the API would be a year of receipts all registered, decided and resolved this afternoon, and every rate would
fall in the current month. So each action runs the same use case the handler calls (same checks, outbox events,
trail entries), in a transaction under the actor's scope, with a FixedClock set to that day: never a table
written by hand. Run by `python -m deploy.demo intake …` with intake's own environment.
"""

from __future__ import annotations

import logging
import uuid
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import msgspec
from sqlalchemy import select

from services.intake.persistence.tables import PetitionRow
from services.intake.service import acceptance, diary, emergency, instructions, registration, screening
from services.intake.service.context import IntakeContext
from services.intake.service.diary_io import DiaryEntryIn, DiaryResolveIn
from services.intake.service.emergency_io import EmergencyIn
from services.intake.service.inputs import DecisionIn, PetitionIn
from services.intake.service.repeats import RepeatMatcher
from services.intake.service.screening_io import ItemResolveIn, RegisterOpenIn, ScreeningItemIn
from services.intake.settings import IntakeSettings
from shared.auth import Principal
from shared.clock import CHINA, FixedClock
from shared.db.request import data_scope_of
from shared.db.session import DataScope, TenantSession, scoped_transaction
from shared.errors import StateConflict
from shared.personal_data import PersonalDataCipher

from . import actors
from .plan import TOWNSHIPS, DemoYear, PetitionPlan
from .step import DemoStep

log = logging.getLogger("deploy.demo")
INSTRUCTION = "请{township}高度重视，依法依规妥善处理，及时答复群众。"


def at(on: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of the county's working day, as the clock hands it to a use case."""
    return datetime.combine(on, time(hour, minute), CHINA).astimezone(UTC)


class IntakeStep(DemoStep):
    settings: IntakeSettings

    def __init__(self, settings: IntakeSettings, county: dict[str, Principal], names: dict[str, str]) -> None:
        super().__init__(settings, county, names, "intake")
        self.cipher = PersonalDataCipher(settings.personal_data_key.get_secret_value())
        self.matcher = RepeatMatcher()

    def ctx(self, moment: datetime) -> IntakeContext:
        s = self.settings
        return IntakeContext(
            self.cipher, s.rules, self.matcher, clock=FixedClock(at=moment), village_line=s.village_line,
            county=s.county,
        )  # fmt: skip

    async def act(self, by: Principal, what: str, work: Callable[[TenantSession], Awaitable[Any]]) -> Any:
        """One use case in its own transaction under the actor's scope, as one request would be."""
        try:
            async with scoped_transaction(self.sessions, data_scope_of(by)) as db:
                done = await work(db)
        except StateConflict:
            return None  # done by an earlier run of the seed: nothing to do twice
        self.count(what)
        return done

    def clerk(self, township: str) -> Principal:
        return actors.township_staff(township, self.names[township])

    async def already_seeded(self) -> bool:
        """The marker: any petition a demo township's clerk registered. Not the plan's first petition, which
        moves with the day: a second `up` tomorrow must find today's year, not plan another."""
        clerks = [self.clerk(t).user_id for t in TOWNSHIPS]
        async with scoped_transaction(self.sessions, DataScope.county()) as db:
            found = await db.scalar(
                select(PetitionRow.id).where(PetitionRow.registered_by.in_(clerks)).limit(1)
            )
        return found is not None

    async def run(self, year: DemoYear) -> tuple[dict[str, int], dict[str, str]]:
        """The counts of what was done, and the accepted petitions by plan key (for supervision's part)."""
        await self.matcher.load(self.sessions)
        cases = {}
        for p in year.petitions:
            petition_id = await self.petition(p)
            if petition_id and p.case:
                cases[p.key] = str(petition_id)
        for d in year.diary:
            await self.diary_entry(d)
        for r in year.screening:
            await self.register(r, year.today)
        for e in year.emergencies:
            await self.emergency(e)
        return self.counts, cases

    async def petition(self, p: PetitionPlan) -> Any:
        by = self.county["county.officer"] if p.by_county else self.clerk(p.township)
        body = {
            "channel": p.channel, "category": p.category, "kind": p.kind, "content": p.content,
            "received_on": p.received_on.isoformat(), "village": p.village, "people_count": p.people_count,
            "petitioners": [
                {"name": x.name, "is_representative": x.is_representative, **({"phone": x.phone} if x.phone else {})}
                for x in p.petitioners
            ],
            **({"township": p.township} if p.by_county else {}),
        }  # fmt: skip
        data = msgspec.convert(body, PetitionIn)
        moment = at(p.registered_on, 9 + int(p.key[-1]) % 7, 6 * int(p.key[-2]))

        async def register(db: TenantSession) -> Any:
            done = await registration.register(db, by, self.ctx(moment), data, p.key)
            if done.replay:  # registered by a run cut short: its decision and instruction were made then too
                return uuid.UUID(done.replay.body["id"]), True
            return done.petition.id, False

        got = await self.act(by, "petitions", register)
        if got is None:
            return None
        petition_id, replayed = got
        if p.decision is None or p.decided_on is None:
            return None
        decision = DecisionIn(p.decision, reason=p.reason, forwarded_to=p.forwarded_to)
        await self.act(by, f"decisions {p.decision}", lambda db: acceptance.decide(
            db, by, self.ctx(at(p.decided_on, 15)), petition_id, decision
        ))  # fmt: skip
        if p.instructed and not replayed:
            leader = self.county["county.leader"]
            text = INSTRUCTION.format(township=self.names[p.township])
            await self.act(
                leader, "instructions", lambda db: instructions.instruct(db, leader, petition_id, text)
            )
        return petition_id if p.decision == "accepted" else None

    async def diary_entry(self, d: Any) -> None:
        liaison = actors.liaison(d.township, d.village, self.names[f"{d.township}/{d.village}"])
        data = DiaryEntryIn(
            entry_date=d.entry_date, concern=d.concern, category=d.category, people_count=d.people_count,
            handled_on_spot=d.on_spot, resolved_on_spot=bool(d.on_spot),
        )  # fmt: skip
        entry = await self.act(liaison, "diary entries", lambda db: diary.record(
            db, liaison, self.ctx(at(d.entry_date, 17)), data
        ))  # fmt: skip
        if entry is None or not d.level or not d.resolved_on:
            return
        by = {"village": liaison, "township": self.clerk(d.township)}.get(
            d.level, self.county["county.officer"]
        )
        note = {
            "village": "村里调解，双方认可。",
            "township": "镇里协调相关站所解决。",
            "county": "报县里协调有关部门解决。",
        }
        resolve = DiaryResolveIn(level=d.level, note=note[d.level])
        await self.act(by, "diary resolutions", lambda db: diary.resolve(
            db, by, self.ctx(at(d.resolved_on, 16)), entry.id, resolve
        ))  # fmt: skip

    async def register(self, r: Any, today: date) -> None:
        clerk = self.clerk(r.township)
        rules = self.settings.village_line
        opened = await self.act(clerk, "screening registers", lambda db: screening.open_register(
            db, clerk, self.ctx(at(r.opened_on, 9)), rules, RegisterOpenIn(period=r.period)
        ))  # fmt: skip
        if opened is None:
            return
        for i, item in enumerate(r.items):
            on = r.opened_on + timedelta(days=3 + 4 * i)
            data = msgspec.convert({k: v for k, v in item.items() if k != "outcome"}, ScreeningItemIn)
            done = await self.act(clerk, "screening items", lambda db, on=on, data=data: screening.add_item(
                db, clerk, self.ctx(at(on, 11)), opened.id, data
            ))  # fmt: skip
            if done is None or not item["outcome"]:
                continue
            item_id = next(x.id for x in done.items if x.description == data.description.strip())
            steps = ["controlled"] if item["outcome"] == "controlled" else ["controlled", "resolved"]
            for k, status in enumerate(steps):
                moment = at(min(on + timedelta(days=5 + 7 * k), today - timedelta(days=1)), 15)
                await self.act(clerk, f"screening {status}", lambda db, m=moment, s=status, i=item_id: (
                    screening.resolve_item(db, clerk, self.ctx(m), opened.id, i, ItemResolveIn(status=s))
                ))  # fmt: skip
        filed_on = min(r.opened_on + timedelta(days=26), today - timedelta(days=1))
        await self.act(clerk, "screening filed", lambda db: screening.file(
            db, clerk, self.ctx(at(filed_on, 16)), opened.id
        ))  # fmt: skip

    async def emergency(self, e: Any) -> None:
        clerk = self.clerk(e.township)
        rules = self.settings.village_line
        phone = f"139{zlib.crc32(f'{e.township}{e.received_at}'.encode()) % 10**8:08d}"
        data = EmergencyIn(
            what_happened=e.what, contact_phone=phone, people_affected=e.people,
            received_at=e.received_at, village=e.village,
        )  # fmt: skip
        moment = e.received_at + timedelta(minutes=5)
        done = await self.act(
            clerk, "emergencies", lambda db: emergency.request(db, clerk, self.ctx(moment), rules, data)
        )
        if done is None:
            return
        note = "已联系村干部和派出所赶到现场。"
        await self.act(clerk, "emergencies responded", lambda db: emergency.respond(
            db, clerk, self.ctx(e.responded_at), done.id, note
        ))  # fmt: skip
        if e.resolved_at and e.resolved_at < datetime.now(UTC):
            await self.act(clerk, "emergencies resolved", lambda db: emergency.resolve(
                db, clerk, self.ctx(e.resolved_at), done.id, "已妥善处置，当事人情绪稳定。"
            ))  # fmt: skip
