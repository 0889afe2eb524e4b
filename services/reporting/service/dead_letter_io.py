"""What the dead-letters API answers (every field in its OpenAPI document). Of the message itself only the event's
id, type and tenant: the payload stays in the dead-letter stream."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec


class DeadLetterView(msgspec.Struct, frozen=True):
    """One dead letter (死信): the message a consumer gave up on, and its replay once there is one.

    `seq` is its sequence in the dead-letter stream XF_DLQ; `original_seq` the event's in XF. An `undecodable`
    message has no event id, type or tenant. `replay_of`: the dead letter whose replay failed again into this one.
    """

    seq: int
    service: str
    consumer: str
    original_subject: str
    original_seq: int | None
    event_id: uuid.UUID | None
    event_type: str | None
    tenant: str | None
    undecodable: bool
    error_type: str
    error_detail: str
    deliveries: int
    dead_lettered_at: datetime
    replay_of: int | None
    replayed_at: datetime | None
    replayed_by: str | None
    replay_msg_id: str | None


class DeadLetterDetailView(msgspec.Struct, frozen=True):
    """A dead letter, and the dead letters its replay ended in (empty while none failed again)."""

    dead_letter: DeadLetterView
    failed_again_as: list[int]


class DeadLetterCount(msgspec.Struct, frozen=True):
    """死信数: per service and consumer, how many in all, how many not yet replayed (`waiting`), the latest's time."""

    service: str
    consumer: str
    total: int
    waiting: int
    latest: datetime


class DeadLetterPage(msgspec.Struct, frozen=True):
    """A page of dead letters, newest first, and the counts per consumer under the same filters."""

    items: list[DeadLetterView]
    total: int
    page: int
    page_size: int
    counts: list[DeadLetterCount]


class ReplayView(msgspec.Struct, frozen=True):
    """重放: the original message published again to its subject, with a new Nats-Msg-Id; `stream_seq` is its
    sequence in XF. Consumers that had applied the event skip it; the one that gave up applies it now."""

    seq: int
    subject: str
    msg_id: str
    stream_seq: int
    replayed_at: datetime
    replayed_by: str
