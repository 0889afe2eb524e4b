"""What each service may publish and consume on NATS: its own aggregates' subjects, its durables, its own inbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shared.events.streams import TOPOLOGY, DurableSpec, EventTopology

JS_API = "$JS.API"

# The first token of every event type a service publishes (its contracts in shared/contracts/<service>*.py);
# the later services have their objects (docs/architecture.md) here before their contracts exist.
AGGREGATES: dict[str, tuple[str, ...]] = {
    "intake": ("petition", "diary", "screening", "emergency"),
    "supervision": (
        "case",
        "supervision_order",
        "reminder",
        "onsite_supervision",
        "hard_case",
        "follow_up_report",
        "spot_check",
        "satisfaction",
        "review",
        "calendar",
    ),
    "training_records": ("training_session", "attendance"),
    "reporting": ("information_report", "situation_analysis"),
    "portal": (),
}


def inbox_prefix(user: str) -> str:
    """Replies (JetStream acks, pulled messages) come back under the user's own prefix, so no other
    service can subscribe to them."""
    return f"_INBOX.{user}"


def service_permissions(
    service: str, durables: Iterable[DurableSpec] = (), topology: EventTopology = TOPOLOGY
) -> dict[str, Any]:
    """nats-server permissions of one service's user: everything not allowed here is refused."""
    publish = [f"{topology.root}.*.{aggregate}.>" for aggregate in AGGREGATES[service]]
    publish.append(f"{topology.dlq_root}.{service}.>")
    # Streams are the operator's: a service may read their state, never create, change or purge them.
    publish += [f"{JS_API}.STREAM.INFO.{stream}" for stream in (topology.stream, topology.dlq_stream)]
    for durable in durables:
        publish += _consumer_rights(topology.stream, durable)
    return {"publish": {"allow": publish}, "subscribe": {"allow": [f"{inbox_prefix(service)}.>"]}}


def _consumer_rights(stream: str, spec: DurableSpec) -> list[str]:
    # The filter is part of the create subject, so the service cannot widen its durable to other events.
    return [
        f"{JS_API}.CONSUMER.CREATE.{stream}.{spec.durable}.{spec.filter_subject}",
        f"{JS_API}.CONSUMER.INFO.{stream}.{spec.durable}",
        f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.{spec.durable}",
        f"$JS.ACK.{stream}.{spec.durable}.>",
    ]
