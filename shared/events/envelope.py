"""The CloudEvents 1.0 envelope every Xinfang event travels in, and the NATS subject it is published on.

Personal data (ID numbers, phone numbers, names, addresses of petitioners) never travels in an event
(docs/events.md): payloads carry a petitioner reference (an id) and the consumer reloads what it may see.
`Envelope` refuses, when built and when decoded, payload keys that name personal data and string values
that look like an ID number or a mainland mobile number.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

from shared.telemetry.redaction import contains_personal_data
from shared.tenancy import COUNTY

SUBJECT_ROOT = "xf"
SPEC_VERSION = "1.0"
JSON = "application/json"

# Subject tokens: no dots, spaces or wildcards. Types read "<aggregate>.<event>.v<N>" (docs/glossary.md).
_SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")
_TYPE = re.compile(r"^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.v[1-9][0-9]*$")
_PERSONAL_KEYS = frozenset(
    {"name", "full_name", "petitioner_name", "id_number", "id_card", "identity_number", "phone", "mobile",
     "telephone", "address", "home_address"}
)  # fmt: skip
_PERSONAL_SUFFIXES = ("_id_number", "_phone", "_mobile", "_telephone", "_address")

P = TypeVar("P")


class PersonalDataInEvent(ValueError):
    """Raised for a payload that would put personal data on the wire."""


def uuid7() -> uuid.UUID:
    """RFC 9562 version 7 (time-ordered), so outbox primary keys grow like their insertion order."""
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return uuid.UUID(int=value)


def _check_payload(data: Mapping[str, Any], path: str = "data") -> None:
    for key, value in data.items():
        where = f"{path}.{key}"
        if key.lower() in _PERSONAL_KEYS or key.lower().endswith(_PERSONAL_SUFFIXES):
            raise PersonalDataInEvent(f"{where}: personal data may not travel in events; send a reference")
        if isinstance(value, str) and contains_personal_data(value):
            raise PersonalDataInEvent(f"{where}: looks like an ID or phone number")
        if isinstance(value, Mapping):
            _check_payload(value, where)
        elif isinstance(value, list | tuple):  # to_builtins keeps a contract's tuples as tuples
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    _check_payload(item, f"{where}[{i}]")


class Envelope(msgspec.Struct, kw_only=True, omit_defaults=True):
    """CloudEvents 1.0 (JSON format) plus the extension attributes tenant, tenantid, actor and traceparent."""

    id: uuid.UUID
    source: str
    type: str
    subject: str
    time: datetime
    specversion: str
    datacontenttype: str
    tenant: str
    tenant_id: uuid.UUID | None = msgspec.field(default=None, name="tenantid")
    actor: str | None = None
    traceparent: str | None = None
    data: dict[str, Any] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        # Runs on construction and on decode: a malformed envelope never reaches the outbox or a handler.
        if not _SLUG.match(self.tenant):
            raise ValueError(f"tenant must be a township slug or {COUNTY!r}, got {self.tenant!r}")
        if not _TYPE.match(self.type):
            raise ValueError(f"type must read '<aggregate>.<event>.v<N>', got {self.type!r}")
        if self.tenant != COUNTY and self.tenant_id is None:
            raise ValueError("a township event carries its tenant id")
        _check_payload(self.data)

    @classmethod
    def new(
        cls,
        *,
        service: str,
        type: str,
        subject: str | uuid.UUID,
        tenant: str,
        tenant_id: uuid.UUID | None,
        data: Mapping[str, Any] | msgspec.Struct,
        actor: str | uuid.UUID | None = None,
    ) -> Envelope:
        """`subject` is the id of the object the event is about; `tenant` is the township slug or "county";
        `data` a dict or a contract Struct from shared/contracts."""
        return cls(
            id=uuid7(),
            source=f"xinfang/{service}",
            type=type,
            subject=str(subject),
            time=datetime.now(UTC),
            specversion=SPEC_VERSION,
            datacontenttype=JSON,
            tenant=tenant,
            tenant_id=tenant_id,
            actor=str(actor) if actor is not None else None,
            data=msgspec.to_builtins(data),  # UUIDs, dates and contract Structs become JSON values
        )

    @property
    def is_county_level(self) -> bool:
        return self.tenant == COUNTY

    def nats_subject(self, root: str = SUBJECT_ROOT) -> str:
        """xf.<tenant>.<aggregate>.<event>: the version stays out so one filter sees every version."""
        aggregate, event = self.type.split(".")[:2]
        return event_subject(self.tenant, aggregate, event, root)

    def payload_as(self, payload_type: type[P]) -> P:
        """The data as a contract type (a msgspec Struct or dataclass from shared/contracts)."""
        return msgspec.convert(self.data, payload_type)

    def to_json(self) -> bytes:
        return msgspec.json.encode(self)

    @classmethod
    def from_json(cls, raw: bytes | str) -> Envelope:
        return msgspec.json.decode(raw, type=cls)


def event_subject(tenant: str, aggregate: str, event: str, root: str = SUBJECT_ROOT) -> str:
    for token in (tenant, aggregate, event):
        if not _SLUG.match(token):
            raise ValueError(f"not a valid subject token: {token!r}")
    return f"{root}.{tenant}.{aggregate}.{event}"


def type_filter(event_type: str, root: str = SUBJECT_ROOT) -> str:
    """The subject filter for one event type in every tenant: petition.registered.v1 -> xf.*.petition.registered."""
    match = _TYPE.match(event_type)
    if not match:
        raise ValueError(f"type must read '<aggregate>.<event>.v<N>', got {event_type!r}")
    return f"{root}.*.{match.group(1)}.{match.group(2)}"
