"""Events of the trail (全程留痕): every entry of every service's chain, and the heads each service anchors.

Every service publishes them (each keeps its own chains), all on the county's subject: a chain is keyed by its
tenant's uuid, which is all `shared.trail.record` knows, and the county's own chain belongs to no township. The
tenant travels in the envelope's `tenantid` and in the payload's `tenant`. Reporting keeps the copy (docs/trail.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec


class TrailRecorded(msgspec.Struct, frozen=True):
    """留痕: one entry of a service's chain with every field its hash covers, so the copy can recompute it.

    `detail` is the entry's detail as its canonical JSON text (the text the hash covers), not an object: the
    envelope refuses payload keys such as `name` or `address`, and a detail's keys are the service's words, which
    must travel unchanged for the hash to be recomputed.
    """

    event_type = "trail.recorded.v1"
    service: str
    tenant: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_id: str
    actor_role: str
    action: str
    object_type: str
    object_id: str
    request_id: str | None
    trace_id: str | None
    detail: str
    prev_hash: str
    hash: str


class TrailAnchored(msgspec.Struct, frozen=True):
    """锚定: the head of one tenant's chain in one service, published when it moved since the last anchor."""

    event_type = "trail.anchored.v1"
    service: str
    tenant: uuid.UUID
    seq: int
    hash: str
    anchored_at: datetime
