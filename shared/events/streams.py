"""JetStream streams and durable consumers, declared as code and ensured at start-up."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig

from shared.events.envelope import SUBJECT_ROOT

log = logging.getLogger(__name__)

# Longer than the relay's worst retry gap, so a republished row is recognised by Nats-Msg-Id.
DUPLICATE_WINDOW = 120.0
MAX_DELIVER = 5
BACKOFF = (1.0, 5.0, 30.0, 120.0)  # seconds before the 2nd, 3rd, ... delivery
ACK_WAIT = 30.0


@dataclass(frozen=True)
class EventTopology:
    """Names of the event stream and its dead-letter stream; tests use their own roots to stay apart."""

    stream: str = "XF"
    root: str = SUBJECT_ROOT
    dlq_stream: str = "XF_DLQ"
    dlq_root: str = "xfdlq"

    def stream_configs(self) -> list[StreamConfig]:
        return [
            StreamConfig(
                name=self.stream,
                subjects=[f"{self.root}.>"],
                storage=StorageType.FILE,
                duplicate_window=DUPLICATE_WINDOW,
            ),
            # Dead letters stay until someone deals with them: no limits beyond the server's. The window is
            # the server's default, written out so the declared config reads back unchanged.
            StreamConfig(
                name=self.dlq_stream,
                subjects=[f"{self.dlq_root}.>"],
                storage=StorageType.FILE,
                duplicate_window=DUPLICATE_WINDOW,
            ),
        ]

    def dead_letter_subject(self, service: str, original_subject: str) -> str:
        return f"{self.dlq_root}.{service}.{original_subject}"


TOPOLOGY = EventTopology()


async def ensure_streams(js: JetStreamContext, topology: EventTopology = TOPOLOGY) -> None:
    """Add each stream, or update it to the declared config; safe to run at every start of every replica.

    Only the NATS operator may add or change a stream (the launcher runs this first): a service's worker
    runs it too, finds every stream as declared and so needs no more than the right to read stream info.
    """
    for config in topology.stream_configs():
        try:
            info = await js.stream_info(config.name)
        except nats.js.errors.NotFoundError:
            await js.add_stream(config)
            log.info("created stream %s", config.name)
        else:
            if not _declared_in(config, info.config):
                await js.update_stream(config)
                log.info("updated stream %s to its declared config", config.name)


def _declared_in(declared: StreamConfig, actual: StreamConfig) -> bool:
    found = actual.as_dict()
    return all(found.get(key) == value for key, value in declared.as_dict().items())


@dataclass(frozen=True)
class DurableSpec:
    """One durable pull consumer: explicit ack, at most `max_deliver` deliveries, then dead-letter.

    `backoff` is the runner's nak delay before the 2nd, 3rd, ... delivery. It is deliberately not the
    server's BackOff: the server then replaces ack_wait with backoff[0] (checked on nats-server 2.15), so a
    handler slower than the first delay would be redelivered while it still runs.
    """

    durable: str
    filter_subject: str
    max_deliver: int = MAX_DELIVER
    backoff: tuple[float, ...] = BACKOFF
    ack_wait: float = ACK_WAIT

    def __post_init__(self) -> None:
        if any(c in self.durable for c in ". *>/\\"):
            raise ValueError(
                f"durable names may not contain '.', spaces, wildcards or slashes: {self.durable!r}"
            )
        if self.max_deliver < 1:
            raise ValueError("max_deliver must be at least 1")

    def consumer_config(self) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=self.durable,
            name=self.durable,
            filter_subject=self.filter_subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            max_deliver=self.max_deliver,
            ack_wait=self.ack_wait,
        )

    def nak_delay(self, num_delivered: int) -> float:
        if not self.backoff:
            return 0.0
        return self.backoff[min(num_delivered, len(self.backoff)) - 1]


async def ensure_consumer(js: JetStreamContext, stream: str, spec: DurableSpec) -> None:
    """Create the durable, or push the declared config onto an existing one.

    A durable keeps the config it was created with unless told otherwise (docs/stack-notes.md): sending it again
    updates the editable fields (ack_wait, max_deliver, filter_subject); a change the server refuses
    (deliver_policy, for one) is logged and the durable goes on with its existing config.
    """
    try:
        await js.add_consumer(stream, spec.consumer_config())
    except nats.js.errors.APIError as exc:
        try:
            await js.consumer_info(stream, spec.durable)
        except nats.js.errors.NotFoundError:
            raise exc from None
        log.warning("durable %s kept its existing config: %s", spec.durable, exc.description)
