"""A handler registers for a contract with one event type or several; each type gets its own durable."""

from __future__ import annotations

import pytest

from shared.contracts.intake import PetitionDecided, PetitionRegistered
from shared.events.consumer import HandlerRegistry


async def _noop(envelope: object, db: object) -> None:
    return None


def test_a_contract_with_three_event_types_gets_three_durables_for_one_handler() -> None:
    registry = HandlerRegistry()
    registry.handles(PetitionDecided, durable="supervision-petition-decided")(_noop)
    specs = {s.event_type: s for s in registry}
    assert set(specs) == set(PetitionDecided.event_types)
    assert specs["petition.not_accepted.v1"].durable.durable == "supervision-petition-decided-not-accepted"
    assert specs["petition.forwarded.v1"].durable.filter_subject == "xf.*.petition.forwarded"
    assert {s.handler for s in specs.values()} == {_noop}


def test_a_single_type_contract_keeps_its_durable_name() -> None:
    registry = HandlerRegistry()
    registry.handles(PetitionRegistered, durable="supervision-petition-registered")(_noop)
    (spec,) = list(registry)
    assert (spec.event_type, spec.durable.durable) == ("petition.registered.v1", "supervision-petition-registered")


def test_a_durable_name_is_taken_once() -> None:
    registry = HandlerRegistry()
    registry.handles(PetitionDecided, durable="d")(_noop)
    with pytest.raises(ValueError, match="already has a handler"):
        registry.handles("petition.accepted.v1", durable="d-accepted")
    with pytest.raises(ValueError, match="one filter_subject"):
        registry.handles(PetitionDecided, durable="e", filter_subject="xf.>")
