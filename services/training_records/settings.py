"""Settings of the training_records service, read from XF_TRAINING_RECORDS_* environment variables."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class TrainingRecordsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_TRAINING_RECORDS_")  # the rest is ServiceSettings' own
