"""A dead letter as shared/events/consumer.py writes it, read back: what failed where, and how to replay it.

The runner publishes the original message's data to `xfdlq.<service>.<original subject>` with the original headers
plus Xf-Original-Subject, Xf-Consumer, Xf-Error, Xf-Error-Detail, Xf-Deliveries and Xf-Stream-Sequence, and a
Nats-Msg-Id of `<original Nats-Msg-Id>:<consumer>`. Only the envelope's id, type and tenant are read from the data.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import msgspec

MSG_ID = "Nats-Msg-Id"
ORIGINAL_SUBJECT = "Xf-Original-Subject"
CONSUMER = "Xf-Consumer"
ERROR = "Xf-Error"
ERROR_DETAIL = "Xf-Error-Detail"
DELIVERIES = "Xf-Deliveries"
STREAM_SEQUENCE = "Xf-Stream-Sequence"
# The headers the dead-lettering added: a replay sends the message as it first went out, without them.
ADDED_HEADERS = frozenset({ORIGINAL_SUBJECT, CONSUMER, ERROR, ERROR_DETAIL, DELIVERIES, STREAM_SEQUENCE})
UNDECODABLE = "undecodable"


class _Identity(msgspec.Struct):
    """The three envelope fields a dead letter shows; every other field of the data is left unread."""

    id: uuid.UUID
    type: str
    tenant: str | None = None


@dataclass(frozen=True)
class DeadLetter:
    dlq_seq: int
    service: str
    consumer: str
    original_subject: str
    original_seq: int | None
    event_id: uuid.UUID | None
    event_type: str | None
    event_tenant: str | None
    decodable: bool
    error_type: str
    error_detail: str
    deliveries: int
    dead_lettered_at: datetime
    msg_id: str | None  # the dead letter's own Nats-Msg-Id, which tells a replay's second failure


def read(
    dlq_seq: int, subject: str, data: bytes, headers: Mapping[str, str] | None, at: datetime, dlq_root: str
) -> DeadLetter:
    """A message of the dead-letter stream; headers a foreign publisher left out read as unknown, never fail."""
    h = headers or {}
    service, _, rest = subject.removeprefix(f"{dlq_root}.").partition(".")
    identity = _identity(data)
    return DeadLetter(
        dlq_seq=dlq_seq,
        service=service,
        consumer=h.get(CONSUMER) or "",
        original_subject=h.get(ORIGINAL_SUBJECT) or rest,
        original_seq=_number(h.get(STREAM_SEQUENCE)),
        event_id=identity.id if identity else None,
        event_type=identity.type if identity else None,
        event_tenant=identity.tenant if identity else None,
        decodable=identity is not None,
        error_type=h.get(ERROR) or "",
        error_detail=(h.get(ERROR_DETAIL) or "")[:300],
        deliveries=_number(h.get(DELIVERIES)) or 0,
        dead_lettered_at=at,
        msg_id=h.get(MSG_ID),
    )


def _identity(data: bytes) -> _Identity | None:
    try:
        return msgspec.json.decode(data, type=_Identity)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def original_msg_id(headers: Mapping[str, str]) -> str | None:
    """The message's Nats-Msg-Id before the runner appended `:<consumer>`."""
    found, consumer = headers.get(MSG_ID), headers.get(CONSUMER)
    if found and consumer and found.endswith(f":{consumer}"):
        return found.removesuffix(f":{consumer}")
    return found


def replay_msg_id(headers: Mapping[str, str], dlq_seq: int) -> str:
    """New to the event stream, so its duplicate window does not swallow the replay; the same for every attempt of
    one replay, so a publish repeated after a lost answer is stored once."""
    return f"{original_msg_id(headers) or 'dlq'}:replay-{dlq_seq}"


def replay_headers(headers: Mapping[str, str], dlq_seq: int) -> dict[str, str]:
    """The original message's headers (its trace context among them), with the replay's own Nats-Msg-Id."""
    kept = {k: v for k, v in headers.items() if k not in ADDED_HEADERS and k != MSG_ID}
    return {**kept, MSG_ID: replay_msg_id(headers, dlq_seq)}


def replay_of(dead_letter_msg_id: str | None, consumer: str) -> int | None:
    """A dead letter of a replayed message carries `<...>:replay-<seq>:<consumer>`: the dead letter whose replay
    failed again. Read from the id itself, so the link holds even when it arrives before the replay commits."""
    if not dead_letter_msg_id:
        return None
    _, found, seq = dead_letter_msg_id.removesuffix(f":{consumer}").rpartition(":replay-")
    return int(seq) if found and seq.isdigit() else None
