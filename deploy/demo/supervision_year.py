"""The demo year in supervision: each accepted petition's case taken, supervised, answered and rated on its days.

Supervision opens the cases itself, from intake's petition.accepted.v1 events (dated by the decision, so each
case's handling clock runs from its acceptance day); this step waits for them, then runs the use cases the API
handlers call — take, supervision order, hard case by hand, handling opinion, satisfaction — in a transaction
under the actor's scope with a FixedClock on the plan's day (intake_year.py says why not over HTTP). Run by
`python -m deploy.demo supervision …` with supervision's own environment.
"""

from __future__ import annotations

import asyncio
import time as wall
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from services.supervision.domain.case import OpinionKind, Satisfaction, SatisfactionSource
from services.supervision.persistence.case_repo import CaseRepo
from services.supervision.persistence.case_tables import CaseRow
from services.supervision.service import hard_cases, moves, orders, steps
from services.supervision.service.context import SupervisionContext
from services.supervision.service.oversight_io import OrderIn
from services.supervision.settings import SupervisionSettings
from shared.auth import Principal
from shared.clock import FixedClock
from shared.db.request import data_scope_of
from shared.db.session import DataScope, TenantSession, scoped_transaction
from shared.errors import RuleViolation, StateConflict

from . import actors
from .intake_year import at
from .plan import CasePlan, DemoYear
from .step import DemoStep

OPINIONS = frozenset({OpinionKind.opinion})
HARD_CASE_REASON = "超期未办结，群众多次来访，需县级领导包案化解。"


class SupervisionStep(DemoStep):
    settings: SupervisionSettings

    def __init__(
        self, settings: SupervisionSettings, county: dict[str, Principal], names: dict[str, str]
    ) -> None:
        super().__init__(settings, county, names, "supervision")
        self.skipped: dict[str, int] = {}

    def ctx(self, moment: datetime) -> SupervisionContext:
        return SupervisionContext(self.settings.rules, self.settings.county, clock=FixedClock(at=moment))

    async def act(self, by: Principal, what: str, work: Callable[[TenantSession], Awaitable[Any]]) -> Any:
        try:
            done = await self._once(by, work)
        except (StateConflict, RuleViolation):
            # Done by an earlier run, or the stack's scanner moved the case on first (a lapsed window).
            self.skipped[what] = self.skipped.get(what, 0) + 1
            return None
        self.count(what)
        return done

    async def _once(
        self, by: Principal, work: Callable[[TenantSession], Awaitable[Any]], tries: int = 4
    ) -> Any:
        """The stack's deadline scanner locks the same clocks now and then: a deadlock rolls back, and is tried
        again, as a client would retry a failed request."""
        for attempt in range(tries):
            try:
                async with scoped_transaction(self.sessions, data_scope_of(by)) as db:
                    return await work(db)
            except DBAPIError as exc:
                if "deadlock" not in str(exc).lower() or attempt == tries - 1:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))
        return None

    async def wait_for_cases(
        self, petitions: dict[str, str], within: float, stall: float = 90.0
    ) -> dict[str, uuid.UUID]:
        """Supervision's worker opens the cases a while after intake's relay publishes the acceptances: wait
        while cases keep appearing, and give up on the rest once none has for `stall` seconds."""
        deadline = wall.monotonic() + within
        keys = {uuid.UUID(petition_id): key for key, petition_id in petitions.items()}
        seen, moved = -1, wall.monotonic()
        while True:
            async with scoped_transaction(self.sessions, DataScope.county()) as db:
                rows = await db.execute(
                    select(CaseRow.petition_id, CaseRow.id).where(CaseRow.petition_id.in_(list(keys)))
                )
                found = {keys[petition_id]: case_id for petition_id, case_id in rows}
            if len(found) != seen:
                seen, moved = len(found), wall.monotonic()
            if len(found) == len(petitions) or wall.monotonic() > min(deadline, moved + stall):
                return found
            await asyncio.sleep(2.0)

    async def run(self, year: DemoYear, petitions: dict[str, str], within: float = 900.0) -> dict[str, int]:
        cases = await self.wait_for_cases(petitions, within)
        self.counts["cases found"] = len(cases)
        self.counts["cases missing"] = len(petitions) - len(cases)
        for p in year.petitions:
            if p.case and p.key in cases:
                await self.case(p.township, cases[p.key], p.case)
        return {**self.counts, **{f"skipped {k}": v for k, v in self.skipped.items()}}

    async def case(self, township: str, case_id: uuid.UUID, plan: CasePlan) -> None:
        clerk = actors.township_staff(township, self.names[township])
        officer = self.county["county.officer"]
        acts: list[tuple[date, int, Callable[[], Awaitable[Any]]]] = [
            (plan.taken_on, 0, lambda: self.act(clerk, "taken", lambda db: moves.take(
                db, clerk, self.ctx(at(plan.taken_on, 9)), case_id))),
        ]  # fmt: skip
        if plan.order_on:
            order = OrderIn(demand=plan.order_text)
            acts.append((plan.order_on, 1, lambda: self.act(officer, "supervision orders", lambda db: orders.issue(
                db, officer, self.ctx(at(plan.order_on, 10)), case_id, order))))  # fmt: skip
        if plan.hard_on:
            acts.append((plan.hard_on, 2, lambda: self.act(officer, "hard cases", lambda db: hard_cases.flag_by_hand(
                db, officer, self.ctx(at(plan.hard_on, 11)), case_id, HARD_CASE_REASON))))  # fmt: skip
        if plan.opinion_on:
            acts.append((plan.opinion_on, 3, lambda: self.act(clerk, "opinions", lambda db: steps.issue_opinion(
                db, clerk, self.ctx(at(plan.opinion_on, 14)), case_id, plan.opinion_text, OPINIONS))))  # fmt: skip
        if plan.verdict and plan.verdict_on:
            acts.append((plan.verdict_on, 4, lambda: self.act(clerk, f"verdicts {plan.verdict}", lambda db: self.rate(
                db, clerk, case_id, plan))))  # fmt: skip
        for _on, _order, act in sorted(acts, key=lambda a: (a[0], a[1])):
            await act()

    async def rate(self, db: TenantSession, by: Principal, case_id: uuid.UUID, plan: CasePlan) -> Any:
        assert plan.verdict and plan.verdict_on
        case = await CaseRepo(db).load_visible(by, case_id, for_update=True)
        note = "电话回访，信访人表示" + {"satisfied": "满意。", "basically_satisfied": "基本满意。"}.get(
            plan.verdict, "不满意，要求复查。"
        )
        return await steps.rate(
            db, by, self.ctx(at(plan.verdict_on, 16)), case, Satisfaction(plan.verdict),
            SatisfactionSource.return_visit, note,
        )  # fmt: skip
