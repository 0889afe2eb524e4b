"""Settings of the supervision service, read from XF_SUPERVISION_* environment variables."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class SupervisionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_SUPERVISION_")  # the rest is ServiceSettings' own
