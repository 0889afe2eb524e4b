"""Settings of the training_records service, read from XF_TRAINING_RECORDS_* environment variables."""

from decimal import Decimal

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from shared.auth.roles import Role
from shared.settings import ServiceSettings

# The cadres whose training a county counts (信访干部): the roles that work petitions, not trainers or auditors.
PETITION_ROLES = (Role.village_liaison, Role.township_clerk, Role.township_leader, Role.county_officer)


class TrainingRules(BaseModel):
    """What a county asks of its petition cadres each year, and the limits of what a trainer may upload."""

    yearly_hours: dict[Role, Decimal] = Field(
        default_factory=lambda: {
            Role.village_liaison: Decimal(8),
            Role.township_clerk: Decimal(24),
            Role.township_leader: Decimal(12),
            Role.county_officer: Decimal(32),
        },
        description="Training hours each petition role needs in a year (a cadre with two roles needs the larger)",
    )
    max_session_hours: Decimal = Field(
        Decimal(40), gt=0, le=200, description="Longest session one record may count"
    )
    max_material_bytes: int = Field(
        20 * 1024 * 1024, ge=1024, description="Largest training material accepted"
    )
    max_sheet_bytes: int = Field(
        5 * 1024 * 1024, ge=1024, description="Largest sign-in sheet (.xlsx) accepted"
    )

    @field_validator("yearly_hours")
    @classmethod
    def _petition_roles_only(cls, v: dict[Role, Decimal]) -> dict[Role, Decimal]:
        if stray := set(v) - set(PETITION_ROLES):
            raise ValueError(f"only petition roles have a yearly requirement, not {sorted(stray)}")
        if any(h < 0 for h in v.values()):
            raise ValueError("a yearly requirement cannot be negative")
        return v


class StaffDirectorySettings(BaseModel):
    """The realm's read-only client for the cadres: the service never changes a user."""

    client_id: str = Field(
        "xinfang-training-records",
        description="Keycloak client that only reads users (view-users, query-users, view-realm)",
    )
    client_secret: SecretStr = Field(SecretStr(""), description="Secret of that client")
    refresh_seconds: int = Field(
        300, ge=5, le=86400, description="How long the cadre list is trusted before re-reading"
    )


class TrainingRecordsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_TRAINING_RECORDS_")  # the rest is ServiceSettings' own
    rules: TrainingRules = TrainingRules()
    directory: StaffDirectorySettings = StaffDirectorySettings()
