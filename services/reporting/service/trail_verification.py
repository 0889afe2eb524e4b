"""Verification on an auditor's request: each service's own chains, fetched over HTTP with the auditor's token,
compared with the copy and the anchors (services/reporting/domain/trail.py), and the result kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import msgspec

from services.reporting.domain.trail import Comparison, compare
from services.reporting.persistence import trail as store
from services.reporting.service.trail_io import VerificationIn, VerificationResultView, VerificationView
from services.reporting.service.trail_search import tenant_of
from services.reporting.trail_settings import TrailApis
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import NotFound, RuleViolation
from shared.events.envelope import uuid7
from shared.tenancy import COUNTY_CHAIN
from shared.trail import TrailRecord
from shared.trail.api import ChainHeads, ChainPage

PAGE = 1000
TIMEOUT = 30.0


class ChainUnavailable(Exception):
    """The service did not serve its chain: down, or it refused the token."""


@dataclass(frozen=True)
class ServiceChains:
    """One service's chains over HTTP, as its /trail/chain and /trail/heads serve them."""

    client: httpx.AsyncClient
    base_url: str

    async def _get(self, path: str, params: dict | None = None) -> bytes:
        try:
            r = await self.client.get(f"{self.base_url.rstrip('/')}{path}", params=params)
        except httpx.HTTPError as exc:
            raise ChainUnavailable(type(exc).__name__) from exc
        if r.status_code != 200:
            raise ChainUnavailable(f"HTTP {r.status_code}")
        return r.content

    async def townships(self) -> list[uuid.UUID]:
        return [
            h.township for h in msgspec.json.decode(await self._get("/trail/heads"), type=ChainHeads).heads
        ]

    async def chain(self, township: uuid.UUID) -> list[TrailRecord]:
        entries: list[TrailRecord] = []
        after: int | None = 0
        while after is not None:
            params = {"township": str(township), "after_seq": after, "limit": PAGE}
            page = msgspec.json.decode(await self._get("/trail/chain", params), type=ChainPage)
            entries += [TrailRecord(**msgspec.structs.asdict(e)) for e in page.entries]
            after = page.next_after_seq
        return entries


def _result(service: str, tenant: uuid.UUID | None, c: Comparison | None, why: str | None = None):  # noqa: ANN202
    if c is None:
        return VerificationResultView(service, tenant, "unreachable", None, None, None, None, None, 0, 0, why)
    return VerificationResultView(
        service=service, tenant_id=tenant, status="ok" if c.ok else "problem",
        reason=str(c.reason) if c.reason else None, seq=c.seq, service_head_seq=c.service_head_seq,
        copy_head_seq=c.copy_head_seq, anchor_seq=c.anchor_seq, entries_checked=c.entries_checked,
        pending=c.pending, detail=c.detail,
    )  # fmt: skip


def _narrowed(apis: TrailApis, asked: VerificationIn) -> tuple[dict[str, str], uuid.UUID | None]:
    services = apis.services()
    if asked.service is not None:
        if asked.service not in services:
            raise RuleViolation("service", "invalid_value")
        services = {asked.service: services[asked.service]}
    return services, tenant_of(asked.township) if asked.township else None


async def _verify_service(
    db: TenantSession, service: str, chains: ServiceChains, township: uuid.UUID | None, copied_by: datetime
) -> list[VerificationResultView]:
    known = {t for s, t in await store.chains(db) if s == service}
    try:
        tenants = known | set(await chains.townships())
    except ChainUnavailable as exc:
        tenants = known
        if not tenants or township:
            return [_result(service, township, None, str(exc))]
    results = []
    for tenant in sorted(_only(tenants, township), key=str):
        try:
            own = await chains.chain(tenant)
        except ChainUnavailable as exc:
            results.append(_result(service, tenant, None, str(exc)))
            continue
        copy, anchors = await store.chain_of(db, service, tenant), await store.anchors_of(db, service, tenant)
        results.append(_result(service, tenant, compare(own, copy, anchors, copied_by)))
    return results


def _only(tenants: Iterable[uuid.UUID], township: uuid.UUID | None) -> set[uuid.UUID]:
    return {township} if township else set(tenants)


async def verify(
    db: TenantSession, by: Principal, apis: TrailApis, authorization: str, asked: VerificationIn
) -> VerificationView:
    services, township = _narrowed(apis, asked)
    requested_at = datetime.now(UTC)
    copied_by = requested_at - timedelta(seconds=apis.copy_grace)
    results: list[VerificationResultView] = []
    # The auditor's own token: each service checks it and serves the chain only to an auditor.
    async with httpx.AsyncClient(timeout=TIMEOUT, headers={"Authorization": authorization}) as client:
        for service, base_url in services.items():
            results += await _verify_service(
                db, service, ServiceChains(client, base_url), township, copied_by
            )
    view = VerificationView(
        id=uuid7(), requested_at=requested_at, finished_at=datetime.now(UTC), requested_by=by.user_id,
        ok=all(r.status == "ok" for r in results), results=results,
    )  # fmt: skip
    await store.add_verification(
        db,
        {
            "id": view.id, "tenant_id": COUNTY_CHAIN, "requested_by": view.requested_by,
            "requested_at": view.requested_at, "finished_at": view.finished_at, "ok": view.ok,
            "narrowed_to": msgspec.to_builtins(asked), "results": msgspec.to_builtins(results),
        },
    )  # fmt: skip
    return view


async def latest(db: TenantSession) -> VerificationView:
    row = await store.latest_verification(db)
    if row is None:
        raise NotFound()
    return VerificationView(
        id=row.id, requested_at=row.requested_at, finished_at=row.finished_at, requested_by=row.requested_by,
        ok=row.ok, results=msgspec.convert(row.results, list[VerificationResultView]),
    )  # fmt: skip
