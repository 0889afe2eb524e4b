"""Settings of the portal service, read from XF_PORTAL_* environment variables."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_PORTAL_", env_nested_delimiter="__", extra="ignore")
