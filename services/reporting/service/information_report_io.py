"""What the information-report API takes and answers (every field in its OpenAPI document)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

import msgspec

from services.reporting.domain.information_report import BODY_MAX, TITLE_MAX, ReportKind, SourceKind, Status

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=TITLE_MAX, description="标题")]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=BODY_MAX, description="正文")]
Period = Annotated[str, msgspec.Meta(description="所报月份 YYYY-MM（定期信息）")]


class DraftIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """`regular`: `period` YYYY-MM. `major_matter`: `source_kind` and `source_id` (the collective petition's id,
    or the emergency request's)."""

    kind: ReportKind
    period: Period | None = None
    source_kind: SourceKind | None = None
    source_id: uuid.UUID | None = None


class EditIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: Title | None = None
    body: Body | None = None


class ScreeningCountsView(msgspec.Struct, frozen=True):
    recorded: int
    controlled: int
    resolved: int


class ScreeningFactsView(msgspec.Struct, frozen=True):
    """The month's screening items (不稳定因素排查) by id: recorded, first controlled (稳控), first resolved (化解) in
    the month; `by_township` their counts."""

    recorded: list[uuid.UUID]
    controlled: list[uuid.UUID]
    resolved: list[uuid.UUID]
    by_township: dict[str, ScreeningCountsView]


class MajorMatterView(msgspec.Struct, frozen=True):
    """A collective petition (its petition id) or an emergency request (its request id): references and counts."""

    source_kind: str
    source_id: uuid.UUID
    township: str
    raised_at: datetime
    people_count: int | None = None
    responded_at: datetime | None = None
    resolved_at: datetime | None = None


class ReportFactsView(msgspec.Struct, frozen=True):
    """What reporting assembled the draft from: a regular report's screening items and the month's major matters;
    a major matter's report its one matter."""

    screening: ScreeningFactsView | None = None
    major_matters: list[MajorMatterView] = msgspec.field(default_factory=list)


class InformationReportView(msgspec.Struct, frozen=True):
    """`status`: draft (not yet due), overdue (not submitted, past due), on_time or late (submitted before / after
    `due_at`). `due_on`: the county's day it is due, the month it is counted in."""

    id: uuid.UUID
    kind: ReportKind
    township: str
    period: str | None
    source_kind: SourceKind | None
    source_id: uuid.UUID | None
    title: str
    body: str
    facts: ReportFactsView
    due_at: datetime
    due_on: date
    status: Status
    drafted_by: str
    drafted_at: datetime
    edited_at: datetime | None
    submitted_by: str | None
    submitted_at: datetime | None


class InformationReportPage(msgspec.Struct, frozen=True):
    items: list[InformationReportView]
    total: int
    page: int
    page_size: int
