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
    "training_records": ("training_session", "attendance", "cadre_roster"),
    "reporting": ("information_report", "situation_analysis"),
    "portal": (),
}
# Aggregates every service publishes: each keeps its own trail chains and announces them (shared/contracts/trail.py).
SHARED_AGGREGATES: tuple[str, ...] = ("trail",)


def inbox_prefix(user: str) -> str:
    """Replies (JetStream acks, pulled messages) come back under the user's own prefix, so no other
    service can subscribe to them."""
    return f"_INBOX.{user}"


# Reporting keeps every service's dead letters and replays them (docs/reporting.md).
DEAD_LETTER_KEEPER = "reporting"


def dead_letter_durable() -> DurableSpec:
    """No filter: the whole dead-letter stream, which holds nothing but dead letters. Keeping a row fails only while
    its database is away, so it is redelivered every ack_wait for hours, not five times."""
    return DurableSpec("reporting-dead-letters", "", max_deliver=1000, backoff=())


def service_permissions(
    service: str,
    durables: Iterable[DurableSpec] = (),
    topology: EventTopology = TOPOLOGY,
    consumed: Iterable[str] = (),
) -> dict[str, Any]:
    """nats-server permissions of one service's user: everything not allowed here is refused.

    `consumed`: every service's durables' filter subjects, the only subjects a dead letter can come from."""
    publish = [f"{topology.root}.*.{aggregate}.>" for aggregate in (*AGGREGATES[service], *SHARED_AGGREGATES)]
    publish.append(f"{topology.dlq_root}.{service}.>")
    # Streams are the operator's: a service may read their state, never create, change or purge them.
    publish += [f"{JS_API}.STREAM.INFO.{stream}" for stream in (topology.stream, topology.dlq_stream)]
    for durable in durables:
        publish += _consumer_rights(topology.stream, durable)
    if service == DEAD_LETTER_KEEPER:
        publish += _dead_letter_rights(topology, consumed)
    return {"publish": {"allow": publish}, "subscribe": {"allow": [f"{inbox_prefix(service)}.>"]}}


def _dead_letter_rights(topology: EventTopology, consumed: Iterable[str]) -> list[str]:
    # Its durable on the dead-letter stream (created with no filter: the create subject has none to pin), one
    # stored dead letter read back for a replay, and the replay's publish: on the subjects some durable consumes,
    # not xf.>, so it cannot put out an event no one reads.
    stream, durable = topology.dlq_stream, dead_letter_durable().durable
    return [
        f"{JS_API}.CONSUMER.CREATE.{stream}.{durable}",
        f"{JS_API}.CONSUMER.INFO.{stream}.{durable}",
        f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
        f"{JS_API}.STREAM.MSG.GET.{stream}",
        *sorted(set(consumed)),
    ]


def _consumer_rights(stream: str, spec: DurableSpec) -> list[str]:
    # The filter is part of the create subject, so the service cannot widen its durable to other events.
    return [
        f"{JS_API}.CONSUMER.CREATE.{stream}.{spec.durable}.{spec.filter_subject}",
        f"{JS_API}.CONSUMER.INFO.{stream}.{spec.durable}",
        f"{JS_API}.CONSUMER.MSG.NEXT.{stream}.{spec.durable}",
        f"$JS.ACK.{stream}.{spec.durable}.>",
    ]
