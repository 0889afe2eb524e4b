"""The trail's hash chain: canonical serialisation, link hashes and the walk that finds the first broken link.

Pure functions and small types, no I/O: what PostgreSQL stores is checked here, so the rules can be tested alone.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from shared.telemetry.redaction import contains_personal_data

# The predecessor of every tenant's first entry. Fixed for ever: every stored hash chains back to it.
GENESIS_HASH = "0" * 64

# docs/trail.md: ID numbers and mobile numbers never leave the service's own tables; the trail carries references.


class PersonalDataInDetail(ValueError):
    """A trail detail carried what looks like an ID number or a phone number."""


@dataclass(frozen=True)
class TrailRecord:
    """One stored trail entry (留痕记录): who did what to which object, and its link in the tenant's chain."""

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
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str

    def hashed_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}


# Every column but the hash itself, the predecessor's hash included: that is what makes it a chain.
HASHED_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(TrailRecord) if f.name != "hash")


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("occurred_at must carry a time zone")
    # PostgreSQL keeps microseconds and hands timestamptz back in UTC: serialise exactly what it returns.
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    # Sorted keys at every depth, no spaces, NaN refused (jsonb cannot hold it): one text for one value.
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=default
    )


def _iso_date(value: Any) -> str:
    """A detail's dates (a due date, a report-back date) as ISO text, as every timeline shows them."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"a trail detail holds JSON values and dates, not {type(value).__name__}")


def canonical_bytes(values: Mapping[str, Any]) -> bytes:
    """The serialisation the hash covers: sorted-key JSON of every hashed field, UTF-8."""
    if set(values) != set(HASHED_FIELDS):
        raise ValueError(f"a trail hash covers exactly {sorted(HASHED_FIELDS)}, got {sorted(values)}")
    document = {
        **values,
        "tenant_id": str(uuid.UUID(str(values["tenant_id"]))),
        "occurred_at": _instant(values["occurred_at"]),
    }
    return _json(document).encode("utf-8")


def entry_hash(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


def normalised_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """The detail as jsonb will give it back (plain JSON types; dates as ISO text), refused if it carries
    personal data."""
    text = _json(dict(detail), default=_iso_date)
    plain = json.loads(text)
    _refuse_personal_data(plain)
    # The entry's event carries this text (shared/trail/events.py) and the envelope checks it whole: a number
    # value that reads like a phone number (no string, so not caught above) is refused here, not at the outbox.
    if contains_personal_data(text):
        raise PersonalDataInDetail("trail detail must carry references, not ID or phone numbers")
    return plain


def canonical_detail(detail: Mapping[str, Any]) -> str:
    """A detail as the text its entry's hash covers: sorted keys, no spaces. Parsing it gives the detail back."""
    return _json(dict(detail), default=_iso_date)


def _refuse_personal_data(value: Any) -> None:
    # The one rule of logs, spans and events: a number inside an id (a UUID's hex group) is no phone number.
    if isinstance(value, str) and contains_personal_data(value):
        raise PersonalDataInDetail("trail detail must carry references, not ID or phone numbers")
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, child in children:
        _refuse_personal_data(key)
        _refuse_personal_data(child)


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying one tenant's chain: ok, or the first broken link and why."""

    tenant_id: uuid.UUID
    entries: int  # entries found intact before the first broken link (all of them when ok)
    head_hash: str  # hash of the last intact entry; GENESIS_HASH for an empty chain
    broken_seq: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


class ChainCheck:
    """Follows one tenant's entries in seq order and stops at the first broken link."""

    def __init__(self, tenant_id: uuid.UUID) -> None:
        self.tenant_id = tenant_id
        self._entries = 0
        self._head = GENESIS_HASH
        self._broken: tuple[int, str] | None = None

    def add(self, record: TrailRecord) -> bool:
        """False once the chain is broken; later entries cannot repair it."""
        if self._broken:
            return False
        expected_seq = self._entries + 1
        if record.seq != expected_seq:
            # The primary key keeps seq unique and the walk ascending, so a gap is the only way to differ.
            self._broken = (expected_seq, f"missing seq {expected_seq}")
        elif record.prev_hash != self._head:
            self._broken = (record.seq, "prev_hash does not match")
        elif entry_hash(record.hashed_fields()) != record.hash:
            self._broken = (record.seq, "hash mismatch")
        else:
            self._entries, self._head = record.seq, record.hash
        return self._broken is None

    def report(self) -> ChainReport:
        broken_seq, reason = self._broken or (None, None)
        return ChainReport(self.tenant_id, self._entries, self._head, broken_seq, reason)
