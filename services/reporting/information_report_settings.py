"""The reporting calendar of upward information reports (信访信息报送制度), read as XF_REPORTING_INFORMATION_REPORTS__*.

A regular report (定期信息) is due by the end of the Nth day after its month ends; a major matter (重大事项) within H
hours of the event that raised it. An emergency (紧急信息) has its own, shorter limit: intake's emergency help runs
on response deadlines of hours, so the superior must hear of it while it can still act — a day later the matter
is usually over, and a report that arrives after it tells nobody anything they could use. Two hours is the limit
local 信访信息 rules commonly set for 重大紧急信息; a collective petition keeps the general 24 hours.
"""

from pydantic import BaseModel, Field


class InformationReportCalendar(BaseModel):
    regular_due_day: int = Field(
        5,
        ge=1,
        le=28,
        description="A regular (monthly) information report is due by this day after its month ends",
    )
    major_matter_hours: int = Field(
        24, ge=1, le=168, description="Hours after a collective petition's registration its report is due"
    )
    emergency_hours: int = Field(
        2, ge=1, le=48, description="Hours after an emergency request its report (紧急信息) is due"
    )
