"""Settings of the intake service, read from XF_INTAKE_* environment variables."""

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from services.intake.village_line_settings import VillageLineRules
from shared.settings import ServiceSettings


class IntakeRules(BaseModel):
    """County-configurable rules (docs/deadlines.md): defaults are the statutory ones."""

    acceptance_days: int = Field(15, description="Days from registration to decide acceptance (受理告知)")
    handling_days: int = Field(60, description="Days from acceptance to a written handling opinion")
    collective_threshold: int = Field(
        5, description="People about one matter that make a collective petition (集体访)"
    )
    repeat_window_days: int = Field(365, description="How far back a repeat petition (重复访) is looked for")
    max_attachment_bytes: int = Field(10 * 1024 * 1024, description="Largest attachment accepted")


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_INTAKE_")  # the rest is ServiceSettings' own

    personal_data_key: SecretStr = Field(
        SecretStr(""),
        description="Secret from which the personal-data encryption and matching keys are derived",
    )
    rules: IntakeRules = IntakeRules()
    village_line: VillageLineRules = VillageLineRules()
