"""The NATS rights of each service follow its contracts: it may publish every event it declares, and only its own."""

from __future__ import annotations

from deploy.launcher.config import SERVICES
from shared.contracts.catalogue import contracts, event_types
from shared.events.permissions import AGGREGATES, SHARED_AGGREGATES, service_permissions
from shared.events.streams import DurableSpec


def producer(module: str) -> str:
    """shared/contracts/<service>[_<part>].py; the longest name wins (training_records before training)."""
    return max((s for s in SERVICES if module == s or module.startswith(f"{s}_")), key=len)


def test_every_service_has_its_aggregates_and_no_two_share_one() -> None:
    assert set(AGGREGATES) == set(SERVICES)
    owned = [a for aggregates in AGGREGATES.values() for a in aggregates]
    assert len(owned) == len(set(owned))


def test_every_contract_event_is_on_a_subject_its_producer_may_publish() -> None:
    for module, cls in contracts():
        for event_type in event_types(cls):
            aggregate = event_type.split(".")[0]
            if aggregate in SHARED_AGGREGATES:
                assert "xf.*.trail.>" in service_permissions("portal")["publish"]["allow"]
                continue
            assert aggregate in AGGREGATES[producer(module)], (
                f"{event_type} from shared/contracts/{module}.py"
            )


def test_a_service_may_publish_only_its_aggregates_and_read_only_its_inbox_and_durables() -> None:
    rights = service_permissions(
        "reporting", [DurableSpec("reporting_registered", "xf.*.petition.registered")]
    )
    publish, subscribe = rights["publish"]["allow"], rights["subscribe"]["allow"]
    assert "xf.*.information_report.>" in publish
    assert not [p for p in publish if p.startswith("xf.") and ".petition." in p]
    assert "$JS.API.CONSUMER.CREATE.XF.reporting_registered.xf.*.petition.registered" in publish
    assert not [p for p in publish if p.endswith(">") and p.startswith("$JS.API")]
    assert subscribe == ["_INBOX.reporting.>"]
