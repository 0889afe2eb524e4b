"""Telemetry: traces, metrics and JSON logs for every process, with personal data masked before it leaves."""

from shared.telemetry.jsonlog import JsonFormatter, configure_logging
from shared.telemetry.propagation import (
    context_from_traceparent,
    current_traceparent,
    extract_context,
    inject_headers,
)
from shared.telemetry.provider import TelemetryHandle, setup_telemetry
from shared.telemetry.redaction import RedactingFilter, RedactingSpanExporter, redact

__all__ = [
    "JsonFormatter",
    "RedactingFilter",
    "RedactingSpanExporter",
    "TelemetryHandle",
    "configure_logging",
    "context_from_traceparent",
    "current_traceparent",
    "extract_context",
    "inject_headers",
    "redact",
    "setup_telemetry",
]
