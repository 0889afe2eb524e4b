"""Personal data never leaves the process in logs or spans: ID numbers, mobiles and URL queries are masked."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import Status

from shared.telemetry.exceptions import frames_only, safe_traceback

# Bounded by "no ASCII letter or digit" rather than \b: Chinese text around a number ("电话13812345678") has no
# word boundary, while a run of digits inside a UUID or trace id ("...-a13812345678") is not a phone number.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])")
ID_NUMBER_MASK = "[身份证号已隐去]"
MOBILE_MASK = "[手机号已隐去]"
# A search string is a name as often as a number, and no pattern tells a name: a URL (or a bare path, as in
# "GET /petitions?q=...") keeps its path and loses its whole query, however it is encoded.
_URL_QUERY = re.compile(
    r"((?:[a-z][a-z0-9+.-]*://[^\s/?#\"'<>]*(?:/[^\s?#\"'<>]*)?)|(?<![\w/])/[^\s?#\"'<>]*)\?[^\s#\"'<>]*",
    re.IGNORECASE,
)
QUERY_MASK = "[查询参数已隐去]"
# Attributes that hold a URL or its parts (old and current HTTP semantic conventions).
_URL_ATTRIBUTES = frozenset({"http.url", "url.full", "http.target", "http.request.uri"})
_QUERY_ATTRIBUTES = frozenset({"url.query", "http.query"})
_MESSAGE_ATTRIBUTE, _STACKTRACE_ATTRIBUTE = "exception.message", "exception.stacktrace"
# A status description is the exception's str(); only its type survives ("<class 'X'>: ..." or "X: ...").
_STATUS_TYPE = re.compile(r"^(?:<class '([\w.]+)'>|([A-Za-z_][\w.]*))(?::|$)", re.ASCII)


def redact(text: str) -> str:
    # ID numbers first: an 18-digit ID may contain an 11-digit run that looks like a mobile number.
    return MOBILE.sub(MOBILE_MASK, ID_NUMBER.sub(ID_NUMBER_MASK, text))


def without_queries(text: str) -> str:
    return _URL_QUERY.sub(lambda m: f"{m.group(1)}?{QUERY_MASK}", text)


# Span names, subjects and SQL statements come back thousands of times a second in a busy worker: a text found
# clean is remembered rather than searched again (py-spy put a tenth of the reporting worker's time in these
# regexes). Only clean texts: one that held personal data is never kept.
_CLEAN: set[str] = set()
_CLEAN_MAX = 4096


def scrub(text: str) -> str:
    """What a log line or a span attribute may keep of a text: no URL query, no ID number, no mobile."""
    if text in _CLEAN:
        return text
    scrubbed = redact(without_queries(text))
    if scrubbed == text:
        if len(_CLEAN) >= _CLEAN_MAX:
            _CLEAN.clear()
        _CLEAN.add(text)
    return scrubbed


def contains_personal_data(text: str) -> bool:
    return bool(ID_NUMBER.search(text) or MOBILE.search(text))


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return tuple(scrub(v) if isinstance(v, str) else v for v in value)
    return value


def _attribute(key: str, value: Any) -> Any:
    if key in _QUERY_ATTRIBUTES:
        return QUERY_MASK
    if key in _URL_ATTRIBUTES and isinstance(value, str) and "?" in value:
        return f"{value.split('?', 1)[0]}?{QUERY_MASK}"
    if key == _MESSAGE_ATTRIBUTE:
        return ""  # the event keeps exception.type; the message may be a statement's values
    if key == _STACKTRACE_ATTRIBUTE and isinstance(value, str):
        return frames_only(value)
    return _redact_value(value)


def redact_attributes(attributes: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: _attribute(key, value) for key, value in (attributes or {}).items()}


def status_type(description: str) -> str:
    found = _STATUS_TYPE.match(description)
    return (found.group(1) or found.group(2)) if found else "error"


class RedactingFilter(logging.Filter):
    """Attach to handlers (a logger's filter does not see records propagated from child loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(record.exc_info[1])
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


def _redacted_span(span: ReadableSpan) -> ReadableSpan:
    events = [Event(e.name, redact_attributes(e.attributes), e.timestamp) for e in span.events]
    status = span.status
    if status.description:
        status = Status(status.status_code, status_type(status.description))
    return ReadableSpan(
        name=scrub(span.name),
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
