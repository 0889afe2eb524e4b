"""Events the portal service consumes: its handler registry (the events it publishes go through its outbox)."""

from shared.events.consumer import HandlerRegistry

REGISTRY = HandlerRegistry()
