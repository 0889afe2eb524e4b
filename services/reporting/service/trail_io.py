"""What the trail routes answer and take (docs/trail.md: field names are the API the auditors' pages read)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec


class TrailEntryView(msgspec.Struct):
    """One entry of the copy, with every hashed field, its trace link and whether the copy verified it."""

    service: str
    tenant_id: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_id: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    request_id: str | None
    trace_id: str | None
    trace_url: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str
    verified: bool


class CaseTrailView(msgspec.Struct):
    case_id: uuid.UUID
    petition_id: uuid.UUID | None
    entries: list[TrailEntryView]


class CopyProblemView(msgspec.Struct):
    seq: int
    reason: str
    found_at: datetime | None
    detail: str | None


class ChainStateView(msgspec.Struct):
    """The continuous verification of one (service, township) chain of the copy."""

    service: str
    tenant_id: uuid.UUID
    received_seq: int
    verified_seq: int
    verified_hash: str
    anchor_seq: int | None
    anchor_hash: str | None
    anchored_at: datetime | None
    problem: CopyProblemView | None


class CopyView(msgspec.Struct):
    chains: list[ChainStateView]


class VerificationIn(msgspec.Struct, forbid_unknown_fields=True):
    """Narrow a verification to one service or one township (a slug or a tenant uuid); empty: everything."""

    service: str | None = None
    township: str | None = None


class VerificationResultView(msgspec.Struct):
    service: str
    tenant_id: uuid.UUID | None
    status: str  # ok / problem / unreachable
    reason: str | None
    seq: int | None
    service_head_seq: int | None
    copy_head_seq: int | None
    anchor_seq: int | None
    entries_checked: int
    pending: int
    detail: str | None


class VerificationView(msgspec.Struct):
    id: uuid.UUID
    requested_at: datetime
    finished_at: datetime
    requested_by: str
    ok: bool
    results: list[VerificationResultView]
