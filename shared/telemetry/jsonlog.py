"""Structured logs: one JSON object per line, with the trace and span ids of the active span."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from opentelemetry import trace

from shared.telemetry.exceptions import safe_traceback
from shared.telemetry.redaction import RedactingFilter, scrub

# Fields a caller may add with `extra=`: identifiers only (see shared.errors), never values.
EXTRA_FIELDS = ("request_id", "route", "error_type", "exception")
# httpx logs every request at INFO with its full URL, search query included; its warnings still come through.
_QUIETED = {"httpx": logging.WARNING, "httpcore": logging.WARNING}
# uvicorn gives its logger a plain-text handler of its own: sent to the root handler, its lines are redacted too.
# Not uvicorn.access: uvicorn logs requests whenever that logger has a handler, even with --no-access-log.
_UVICORN = ("uvicorn", "uvicorn.error")


class JsonFormatter(logging.Formatter):
    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self.service_name,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            {key: scrub(str(value)) for key in EXTRA_FIELDS if (value := getattr(record, key, None))}
        )
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            entry["trace_id"] = trace.format_trace_id(span_context.trace_id)
            entry["span_id"] = trace.format_span_id(span_context.span_id)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)

    def formatException(self, ei) -> str:  # noqa: ANN001 - logging's own signature
        return safe_traceback(ei[1]) if ei[1] is not None else ""


def configure_logging(service_name: str, level: int = logging.INFO) -> logging.Handler:
    """Replace the root logger's handlers with one JSON handler on stderr that redacts personal data."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter(service_name))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name, quiet_level in _QUIETED.items():
        logging.getLogger(name).setLevel(quiet_level)
    for name in _UVICORN:
        own = logging.getLogger(name)
        for old in list(own.handlers):
            own.removeHandler(old)
        own.propagate = True
    return handler
