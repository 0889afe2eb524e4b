"""Personal data never leaves the process in logs or spans: ID numbers and mobile numbers are masked on the way out."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import Status

# Bounded by "no ASCII letter or digit" rather than \b: Chinese text around a number ("电话13812345678") has no
# word boundary, while a run of digits inside a UUID or trace id ("...-a13812345678") is not a phone number.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])")
ID_NUMBER_MASK = "[身份证号已隐去]"
MOBILE_MASK = "[手机号已隐去]"


def redact(text: str) -> str:
    # ID numbers first: an 18-digit ID may contain an 11-digit run that looks like a mobile number.
    return MOBILE.sub(MOBILE_MASK, ID_NUMBER.sub(ID_NUMBER_MASK, text))


def contains_personal_data(text: str) -> bool:
    return bool(ID_NUMBER.search(text) or MOBILE.search(text))


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return tuple(redact(v) if isinstance(v, str) else v for v in value)
    return value


def redact_attributes(attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: _redact_value(value) for key, value in (attributes or {}).items()}


class RedactingFilter(logging.Filter):
    """Attach to handlers (a logger's filter does not see records propagated from child loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _redacted_span(span: ReadableSpan) -> ReadableSpan:
    events = [Event(e.name, redact_attributes(e.attributes), e.timestamp) for e in span.events]
    status = span.status
    if status.description:
        status = Status(status.status_code, redact(status.description))
    return ReadableSpan(
        name=redact(span.name),
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=redact_attributes(span.attributes),
        events=events,
        links=span.links,
        kind=span.kind,
        status=status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class RedactingSpanExporter(SpanExporter):
    """Wraps the real exporter and exports redacted copies.

    A SpanProcessor cannot do this job: on_start sees only the attributes set so far, and on_end gets a
    ReadableSpan that must not be mutated (other processors share it). Copying at export time sees every
    attribute, event (exception messages included) and status description the span ever had.
    """

    def __init__(self, inner: SpanExporter) -> None:
        self.inner = inner

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.inner.export([_redacted_span(s) for s in spans])

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)
