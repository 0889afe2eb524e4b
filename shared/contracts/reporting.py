"""Events of reporting: what its users did, not the figures (those are read through the API).

References only: a report's text is what a township wrote and may name people, so it stays in reporting; a
consumer that needs it reads the report through the API under its own caller's scope.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec


class InformationReportSubmitted(msgspec.Struct, frozen=True):
    """An upward information report (信访信息) was submitted and is frozen. `kind` regular (定期信息, with its
    `period` YYYY-MM) or major_matter (重大事项 / 紧急信息, with the `source_kind` collective_petition or emergency and
    the `source_id` of the petition or the emergency request). The tenant is the reporting township, or `county`
    for the county office's report to the city. `on_time`: submitted before `due_at` (docs/reporting.md)."""

    event_type = "information_report.submitted.v1"
    report_id: uuid.UUID
    kind: str
    period: str | None
    source_kind: str | None
    source_id: uuid.UUID | None
    due_at: datetime
    submitted_at: datetime
    on_time: bool
