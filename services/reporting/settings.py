"""Settings of the reporting service, read from XF_REPORTING_* environment variables."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_REPORTING_")  # the rest is ServiceSettings' own
