"""Settings of the intake service, read from XF_INTAKE_* environment variables."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_INTAKE_", env_nested_delimiter="__", extra="ignore")
