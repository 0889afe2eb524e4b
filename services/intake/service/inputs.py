"""What a caller sends to intake: shapes and limits checked on decoding; business rules in the use cases."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import msgspec

from services.intake.domain.petition import AcceptanceDecision, Category, Channel, Kind
from shared.fields import Content, Name, Note, PeopleCount, Slug, Text


class PetitionerIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    id_number: str | None = None
    phone: str | None = None
    is_representative: bool = False


class PetitionIn(msgspec.Struct, forbid_unknown_fields=True):
    channel: Channel
    category: Category
    kind: Kind
    content: Content
    received_on: date
    petitioners: Annotated[list[PetitionerIn], msgspec.Meta(min_length=1, max_length=200)]
    township: Slug | None = None
    village: Slug | None = None
    people_count: PeopleCount | None = None
    attachment_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=20)] = []


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    decision: AcceptanceDecision
    reason: Note | None = None
    forwarded_to: Annotated[str, msgspec.Meta(max_length=200)] | None = None


class RevealIn(msgspec.Struct, forbid_unknown_fields=True):
    purpose: Annotated[str, msgspec.Meta(min_length=2, max_length=200)]


class RepeatDecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    confirmed: bool


class InstructionIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Text


class DraftIn(msgspec.Struct, forbid_unknown_fields=True):
    """What the clerk has typed so far: enough to look for earlier petitions of the same matter."""

    content: Content
    category: Category | None = None
    township: Slug | None = None
    village: Slug | None = None
    id_numbers: Annotated[list[str], msgspec.Meta(max_length=200)] = []
    phones: Annotated[list[str], msgspec.Meta(max_length=200)] = []


class PetitionQuery(msgspec.Struct, kw_only=True):
    """The list's search form; `acceptance` picks the work list: overdue, or due within DUE_SOON_DAYS."""

    township: str | None = None
    village: str | None = None
    channel: Channel | None = None
    category: Category | None = None
    status: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    three: str | None = None
    text: str | None = None
    acceptance: str | None = None
    page: int = 1
    page_size: int = 20
