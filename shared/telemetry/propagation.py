"""W3C trace context across NATS: headers out on publish, a parent context back on consume."""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry import context as otel_context
from opentelemetry.propagate import extract, inject

TRACEPARENT = "traceparent"


def inject_headers(ctx: otel_context.Context | None = None) -> dict[str, str]:
    """Headers carrying the current (or given) span's context: traceparent, and tracestate/baggage if any."""
    carrier: dict[str, str] = {}
    inject(carrier, context=ctx)
    return carrier


def extract_context(headers: Mapping[str, str] | None) -> otel_context.Context:
    return extract(dict(headers or {}))


def current_traceparent() -> str | None:
    """The traceparent of the active span, captured into an envelope when it is written to the outbox."""
    return inject_headers().get(TRACEPARENT)


def context_from_traceparent(traceparent: str | None) -> otel_context.Context:
    return extract_context({TRACEPARENT: traceparent} if traceparent else None)
