"""Events intake publishes (payloads carry ids and codes, never names, ID numbers or phones)."""

from __future__ import annotations

import uuid
from datetime import date

import msgspec


class PetitionRegistered(msgspec.Struct, frozen=True):
    event_type = "petition.registered.v1"
    petition_id: uuid.UUID
    channel: str
    category: str
    kind: str
    village: str | None
    received_on: date
    acceptance_due_on: date
    people_count: int
    is_collective: bool
    is_skip_level: bool
    is_repeat_suspected: bool
    registration_level: str


class PetitionDecided(msgspec.Struct, frozen=True):
    """受理 / 不予受理 / 转送: one payload for the three decisions; the event type says which."""

    event_types = ("petition.accepted.v1", "petition.not_accepted.v1", "petition.forwarded.v1")

    petition_id: uuid.UUID
    decision: str
    decided_on: date
    on_time: bool
    forwarded_to: str | None = None
    handling_due_on: date | None = None
    # What supervision routes an accepted petition by, and the digest of the notice's query code (查询码).
    category: str | None = None
    kind: str | None = None
    village: str | None = None
    people_count: int = 1
    is_collective: bool = False
    query_code_digest: str | None = None
    # The decision notice's 文号 (大佳何信受〔2026〕3号): how later documents refer to the matter on paper.
    document_number: str | None = None


class RepeatLinkDecided(msgspec.Struct, frozen=True):
    event_type = "petition.repeat_linked.v1"
    petition_id: uuid.UUID
    earlier_petition_id: uuid.UUID
    confirmed: bool


class PetitionInstructed(msgspec.Struct, frozen=True):
    """领导阅批; the instruction text stays in intake (it may quote the petitioner)."""

    event_type = "petition.instructed.v1"
    petition_id: uuid.UUID
    instruction_id: uuid.UUID
    channel: str
    leader_level: str
