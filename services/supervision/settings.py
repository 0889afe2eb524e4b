"""Settings of the supervision service, read from XF_SUPERVISION_* environment variables."""

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import SettingsConfigDict

from services.supervision.domain.calendar import DayCounting
from shared.settings import ServiceSettings


class SupervisionRules(BaseModel):
    """County-configurable clocks (docs/deadlines.md): the defaults are the statute's (信访工作条例 2022)."""

    handling_days: int = Field(
        60, ge=1, le=365, description="Days from acceptance to the written handling opinion"
    )
    extension_max_days: int = Field(
        30, ge=0, le=90, description="Most days an extension may add (leader's approval)"
    )
    review_request_days: int = Field(
        30, ge=1, le=365, description="Days after an opinion to request review (复查)"
    )
    review_days: int = Field(30, ge=1, le=365, description="Days to answer a review")
    reexamination_request_days: int = Field(
        30, ge=1, le=365, description="Days after a review opinion to request re-examination (复核)"
    )
    reexamination_days: int = Field(30, ge=1, le=365, description="Days to answer a re-examination")
    objection_working_days: int = Field(
        5, ge=1, le=30, description="Working days in which a unit may object that a case is not its own"
    )
    report_back_days: int = Field(
        15, ge=1, le=365, description="Default days to report back on an assignment (交办)"
    )
    internal_counting: DayCounting = Field(
        DayCounting.calendar,
        description="How the county counts its own internal deadlines (report-back); statutory ones stay in calendar days",
    )
    remind_days_before: list[int] = Field(
        [7, 1], description="Reminders (催办) this many days before a deadline, to the responsible unit"
    )
    escalate_county_after_days: int = Field(
        5,
        ge=0,
        le=60,
        description="Days after a missed deadline (the township leader is told at once) before the county officer is",
    )

    spot_check_share: float = Field(
        0.1,
        gt=0,
        le=1,
        description="Share of a month's closed cases a spot check (抽查) samples for a return visit",
    )

    order_reply_days: int = Field(
        30, ge=1, le=365, description="Default days the unit has to reply to a supervision order (督办单)"
    )
    follow_up_days: int = Field(
        15, ge=1, le=90, description="Days between follow-up reports (续报) of an extended or hard case"
    )
    hard_case_age_days: int = Field(
        180, ge=30, le=3650, description="A case open longer than this is a hard case (疑难积案)"
    )
    hard_case_repeat_count: int = Field(
        3, ge=2, le=100, description="A matter with this many cases or more is a hard case (重复访)"
    )

    @field_validator("remind_days_before")
    @classmethod
    def _distinct_positive(cls, value: list[int]) -> list[int]:
        if any(d < 1 for d in value) or len(set(value)) != len(value):
            raise ValueError("reminder days must be distinct and at least 1")
        return sorted(value, reverse=True)


class ScannerSettings(BaseModel):
    enabled: bool = Field(True, description="Run the deadline scanner in this worker process")
    interval_seconds: float = Field(
        5.0, gt=0, description="How often the worker looks for reminders that fell due"
    )
    batch_size: int = Field(200, ge=1, le=5000, description="Clocks one scanner transaction claims at most")
    claim_hold_seconds: float = Field(
        0.0,
        ge=0,
        description="Fault drills only: hold claimed clocks this long before firing (0 in production)",
    )


class OversightSettings(BaseModel):
    flagging_enabled: bool = Field(True, description="Flag hard cases by rule in this worker process")
    flag_interval_hours: float = Field(
        24.0, gt=0, description="How often the worker flags hard cases by rule"
    )


class PublicQuerySettings(BaseModel):
    """The petitioner's query page (查询码): wrong codes from one client in a row before it is made to wait."""

    failures_allowed: int = Field(
        10, ge=1, le=1000, description="Wrong query codes in a row before a client waits"
    )
    block_minutes: int = Field(
        15, ge=1, le=1440, description="How long a client waits after too many wrong codes"
    )
    trusted_proxies: list[str] = Field(
        [], description="Addresses (the portal's) whose X-Forwarded-For names the real client"
    )


class SupervisionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_SUPERVISION_")  # the rest is ServiceSettings' own

    rules: SupervisionRules = SupervisionRules()
    scanner: ScannerSettings = ScannerSettings()
    public_query: PublicQuerySettings = PublicQuerySettings()
    oversight: OversightSettings = OversightSettings()
