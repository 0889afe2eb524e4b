"""Tracer and meter providers of one process, and the hooks that instrument Litestar and SQLAlchemy with them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from litestar.config.app import AppConfig
from litestar.plugins.opentelemetry import OpenTelemetryConfig
from litestar.plugins.opentelemetry import OpenTelemetryPlugin as LitestarOpenTelemetryPlugin
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.telemetry.files import JsonLinesSpanExporter
from shared.telemetry.jsonlog import configure_logging
from shared.telemetry.redaction import RedactingSpanExporter

log = logging.getLogger(__name__)

# Probes hit every few seconds; their spans would drown the traces people look for.
_UNTRACED_PATHS = ["^/health/"]


class OpenTelemetryPlugin(LitestarOpenTelemetryPlugin):
    """Litestar's OpenTelemetry plugin, which also keeps Litestar away from logging the process set up itself.

    Litestar's default LoggingConfig runs when the app is built, after configure_logging, and replaces the root
    handler with a plain-text one that redacts nothing. Keep the class name: Litestar finds the plugin whose
    middleware opens the server spans by that name.
    """

    def __init__(self, config: OpenTelemetryConfig, keep_logging: bool) -> None:
        super().__init__(config)
        self.keep_logging = keep_logging

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config = super().on_app_init(app_config)
        if self.keep_logging:
            app_config.logging_config = None
        return app_config


@dataclass
class TelemetryHandle:
    service_name: str
    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    log_handler: logging.Handler | None = None

    def tracer(self, name: str) -> trace.Tracer:
        return self.tracer_provider.get_tracer(name)

    def litestar_plugin(self) -> OpenTelemetryPlugin:
        config = OpenTelemetryConfig(
            tracer_provider=self.tracer_provider,
            meter_provider=self.meter_provider,
            exclude=_UNTRACED_PATHS,
            exclude_spans=["receive", "send"],
        )
        return OpenTelemetryPlugin(config, keep_logging=self.log_handler is not None)

    def instrument_sqlalchemy(self, *engines: AsyncEngine) -> None:
        """A span per statement on these engines, under whatever span is current.

        SQLAlchemyInstrumentor().instrument(engine=...) is a process-wide singleton that silently ignores a
        second call (a second engine, or a second app in one test process) and patches create_engine
        globally; its per-engine part, EngineTracer, is used directly instead.
        """
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
        from opentelemetry.semconv.metrics import MetricInstruments

        tracer = self.tracer_provider.get_tracer("opentelemetry.instrumentation.sqlalchemy")
        usage = self.meter_provider.get_meter(
            "opentelemetry.instrumentation.sqlalchemy"
        ).create_up_down_counter(name=MetricInstruments.DB_CLIENT_CONNECTIONS_USAGE, unit="connections")
        for engine in engines:
            EngineTracer(tracer, engine.sync_engine, usage)

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()


def _span_exporter(otlp_endpoint: str | None, trace_file: Path | None) -> SpanExporter | None:
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/traces")
    if trace_file:
        return JsonLinesSpanExporter(trace_file)
    return None


def _metric_readers(otlp_endpoint: str | None) -> list[MetricReader]:
    if not otlp_endpoint:
        return []  # no collector: instruments still work, their values go nowhere
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

    return [
        PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/metrics"))
    ]


def setup_telemetry(
    service_name: str,
    otlp_endpoint: str | None = None,
    trace_file: Path | None = None,
    *,
    span_exporter: SpanExporter | None = None,
    set_global: bool = True,
    json_logs: bool = True,
) -> TelemetryHandle:
    """OTLP over HTTP when `otlp_endpoint` is set (e.g. http://collector:4318), else spans as JSON lines in
    `trace_file` when set, else spans are made (trace ids still reach logs and headers) but not exported.

    `span_exporter` replaces both (tests pass an InMemorySpanExporter and export synchronously). Whatever the
    exporter, spans pass through RedactingSpanExporter first. `set_global=False` leaves the process-wide
    providers alone, for a second setup in one process (tests); hand the handle's providers on explicitly.
    """
    resource = Resource.create({SERVICE_NAME: service_name})
    tracer_provider = TracerProvider(resource=resource)
    if span_exporter is not None:
        tracer_provider.add_span_processor(SimpleSpanProcessor(RedactingSpanExporter(span_exporter)))
    elif exporter := _span_exporter(otlp_endpoint, trace_file):
        tracer_provider.add_span_processor(BatchSpanProcessor(RedactingSpanExporter(exporter)))
    meter_provider = MeterProvider(resource=resource, metric_readers=_metric_readers(otlp_endpoint))
    if set_global:
        trace.set_tracer_provider(tracer_provider)
        metrics.set_meter_provider(meter_provider)
    handler = configure_logging(service_name) if json_logs else None
    return TelemetryHandle(service_name, tracer_provider, meter_provider, handler)
