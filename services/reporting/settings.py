"""Settings of the reporting service, read from XF_REPORTING_* environment variables."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from services.reporting.information_report_settings import InformationReportCalendar
from services.reporting.trail_settings import TrailApis
from shared.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="XF_REPORTING_")  # the rest is ServiceSettings' own
    # The auditors' trail (docs/trail.md): the services whose chains a verification fetches, the trace viewer.
    trail_apis: TrailApis = TrailApis()
    trace_viewer_url: str | None = Field(
        None, description="Trace viewer address with {trace_id}, e.g. https://traces.example/trace/{trace_id}"
    )
    information_reports: InformationReportCalendar = InformationReportCalendar()
