"""The petitioner's own view without an account (可查询、可跟踪、可评价): the query code on the acceptance notice
shows one matter's dates and steps (no personal data, no content) and takes the petitioner's verdict once.

Only the code's digest is stored. Wrong codes are counted per client (a digest of its address) in a transaction of
their own, so the count survives the refusal; after too many in a row the client waits, right codes included.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.supervision.domain.case import RATED_OPINION, CaseStage, Satisfaction, SatisfactionSource
from services.supervision.persistence.case_repo import (
    CaseRepo,
    MoveRepo,
    NoticeRepo,
    SatisfactionRepo,
    UnitRepo,
)
from services.supervision.persistence.case_tables import CaseRow, QueryAttemptRow
from services.supervision.persistence.township_repo import TownshipRepo
from services.supervision.service import clock_store, steps
from services.supervision.service.context import PETITIONER, SupervisionContext
from services.supervision.settings import PublicQuerySettings
from shared.db.session import DataScope, scoped_transaction
from shared.errors import AppError, RuleViolation, register_reasons
from shared.query_code import normalise_query_code, query_code_digest

register_reasons({"unknown_code": ("查询码不正确", "is not a valid query code")})


class Throttled(AppError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many wrong query codes; try again later")
        self.retry_after = retry_after


class QueryIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class VerdictIn(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    verdict: Satisfaction


class ProgressStep(msgspec.Struct, kw_only=True):
    on: date
    step: str  # accepted, routed, assigned, transferred, objected, opinion, review, reexamination, extension, rated
    unit: str | None = None
    document_number: str | None = None


class ProgressView(msgspec.Struct, kw_only=True):
    township: str
    accepted_on: date
    stage: str
    due_on: date | None
    steps: list[ProgressStep]
    may_rate: bool
    verdicts: list[str]


@dataclass(frozen=True)
class Caller:
    address: str

    def key(self) -> str:
        return hashlib.sha256(f"xinfang-query-client:{self.address}".encode()).hexdigest()[:32]


async def progress(
    sessions: async_sessionmaker[AsyncSession], ctx: SupervisionContext, settings: PublicQuerySettings,
    caller: Caller, code: str,
) -> ProgressView:  # fmt: skip
    tenant_id, case_id = await _find(sessions, ctx, settings, caller, code)
    async with scoped_transaction(sessions, DataScope.township(tenant_id)) as db:
        return await _view(db, ctx, case_id)


async def give_verdict(
    sessions: async_sessionmaker[AsyncSession], ctx: SupervisionContext, settings: PublicQuerySettings,
    caller: Caller, data: VerdictIn,
) -> ProgressView:  # fmt: skip
    """满意度 from the petitioner, once per opinion; 不满意 requests the review (its 30-day clock starts)."""
    tenant_id, case_id = await _find(sessions, ctx, settings, caller, data.code)
    async with scoped_transaction(sessions, DataScope.township(tenant_id)) as db:
        case = await db.get(CaseRow, case_id, with_for_update=True)
        await steps.rate(db, PETITIONER, ctx, case, data.verdict, SatisfactionSource.petitioner, None)
        return await _view(db, ctx, case_id)


async def _find(
    sessions: async_sessionmaker[AsyncSession], ctx: SupervisionContext, settings: PublicQuerySettings,
    caller: Caller, code: str,
) -> tuple[uuid.UUID, uuid.UUID]:  # fmt: skip
    """One transaction holds the client's attempt row from the check to the count, so guesses sent at once queue
    behind each other; the refusal is raised after the commit, so the count survives it."""
    now, found, wait = ctx.now(), None, 0
    async with scoped_transaction(sessions, None) as db:
        attempt = await _attempt(db, caller.key())
        if attempt.blocked_until is not None and attempt.blocked_until > now:
            wait = int((attempt.blocked_until - now).total_seconds()) + 1
        else:
            printed = normalise_query_code(code)
            found = await _case_of(sessions, query_code_digest(printed)) if printed else None
            _count(attempt, found is not None, now, settings)
    if wait:
        raise Throttled(wait)
    if found is None:
        raise RuleViolation("code", "unknown_code")
    return found


def _count(attempt: QueryAttemptRow, right: bool, now: datetime, settings: PublicQuerySettings) -> None:
    attempt.last_at = now
    if right:
        attempt.failures, attempt.blocked_until = 0, None
        return
    attempt.failures += 1
    if attempt.failures >= settings.failures_allowed:
        attempt.failures, attempt.blocked_until = 0, now + timedelta(minutes=settings.block_minutes)


async def _attempt(db: AsyncSession, key: str) -> QueryAttemptRow:
    await db.execute(insert(QueryAttemptRow).values(client=key, failures=0).on_conflict_do_nothing())
    return await db.scalar(select(QueryAttemptRow).where(QueryAttemptRow.client == key).with_for_update())


async def _case_of(
    sessions: async_sessionmaker[AsyncSession], digest: str
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The one county-wide read of this path: which township's case carries the digest (nothing else)."""
    async with scoped_transaction(sessions, DataScope.county()) as db:
        case = await CaseRepo(db).by_query_code(digest)
        return (case.tenant_id, case.id) if case else None


async def _view(db: AsyncSession, ctx: SupervisionContext, case_id: uuid.UUID) -> ProgressView:
    case = await db.get(CaseRow, case_id)
    township = await TownshipRepo(db).get(case.tenant_id)
    moves = await MoveRepo(db).of_case(case.id)
    units = await UnitRepo(db).many({m.to_unit_id for m in moves if m.to_unit_id})
    verdicts = await SatisfactionRepo(db).of_case(case.id)
    steps_ = [ProgressStep(on=case.accepted_on, step="accepted")]
    steps_ += [
        ProgressStep(on=m.moved_on, step=m.move, unit=units[m.to_unit_id].name if m.to_unit_id else None)
        for m in moves
    ]
    steps_ += [
        ProgressStep(on=n.issued_on, step=n.kind, document_number=n.document_number)
        for n in await NoticeRepo(db).of_case(case.id)
    ]
    steps_ += [ProgressStep(on=v.recorded_on, step="rated") for v in verdicts]
    stage = CaseStage(case.stage)
    rated = {v.opinion for v in verdicts}
    return ProgressView(
        township=township.name if township else case.township,
        accepted_on=case.accepted_on,
        stage=case.stage,
        due_on=clock_store.next_duty_due(await clock_store.of_case(db, case.id)),
        steps=sorted(steps_, key=lambda s: s.on),
        may_rate=stage in RATED_OPINION and RATED_OPINION[stage] not in rated,
        verdicts=[v.verdict for v in verdicts],
    )


def client_of(peer: str | None, forwarded_for: str | None, trusted: list[str]) -> Caller:
    """The real client: the peer, unless the peer is a trusted proxy (the portal) that names it."""
    if peer in trusted and forwarded_for:
        return Caller(forwarded_for.split(",")[0].strip()[:64])
    return Caller(peer or "unknown")
