"""A trail entry's event carries every hashed field, its detail as the canonical text the hash covers, passes the
envelope's personal-data check whatever the detail's keys, and gives the entry back with the same hash."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import msgspec
import pytest

from shared.contracts.trail import TrailAnchored, TrailRecorded
from shared.events.envelope import Envelope
from shared.tenancy import COUNTY
from shared.trail import GENESIS_HASH, PersonalDataInDetail, TrailRecord, entry_hash
from shared.trail.chain import canonical_detail, normalised_detail
from shared.trail.events import _envelope, record_of, recorded_payload

TENANT = uuid.UUID("9a1e1c5e-3a8b-4d7f-8a36-2c4f5b6d7e81")


def entry(detail: dict) -> TrailRecord:
    values = {
        "tenant_id": TENANT, "seq": 7, "occurred_at": datetime(2026, 5, 4, 3, 2, 1, 123456, tzinfo=UTC),
        "actor_id": "5f1f6a57-2e0c-4d8e-9a55-0c1b2d3e4f50", "actor_role": "county-officer,township-clerk",
        "action": "case.hard_case_lead_set", "object_type": "case", "object_id": str(uuid.uuid4()),
        "request_id": "req-1", "trace_id": "0af7651916cd43dd8448eb211c80319c",
        "detail": normalised_detail(detail), "prev_hash": GENESIS_HASH,
    }  # fmt: skip
    return TrailRecord(**values, hash=entry_hash(values))


def test_the_event_round_trips_to_the_same_entry_and_hash() -> None:
    original = entry(
        {"by": "王五", "lead": "赵六", "due_on": "2026-06-01", "days": 15, "ratio": 0.5, "x": None}
    )
    envelope = _envelope("supervision", TENANT, "s", recorded_payload("supervision", original), "u")
    decoded = Envelope.from_json(envelope.to_json())
    back = record_of(decoded.payload_as(TrailRecorded))
    assert back == original and entry_hash(back.hashed_fields()) == original.hash
    assert (decoded.tenant, decoded.tenant_id, decoded.type) == (COUNTY, TENANT, "trail.recorded.v1")
    assert decoded.nats_subject() == "xf.county.trail.recorded"


def test_a_detail_key_the_envelope_refuses_travels_inside_the_text() -> None:
    # `name` and `address` are refused as payload keys; a detail (a unit's name, a meeting's address) may use them.
    original = entry({"name": "县人社局", "address": "城关镇会议室"})
    payload = recorded_payload("training_records", original)
    assert (
        payload.detail == canonical_detail(original.detail) == '{"address":"城关镇会议室","name":"县人社局"}'
    )
    envelope = _envelope("training_records", TENANT, "s", payload, "u")
    assert record_of(Envelope.from_json(envelope.to_json()).payload_as(TrailRecorded)) == original


def test_a_number_that_reads_like_a_phone_is_refused_when_recorded_not_when_published() -> None:
    with pytest.raises(PersonalDataInDetail):
        normalised_detail({"count": 13812345678})
    assert normalised_detail({"count": 1381234}) == {"count": 1381234}


def test_an_anchor_names_the_service_tenant_seq_and_hash() -> None:
    at = datetime(2026, 5, 4, tzinfo=UTC)
    payload = TrailAnchored("intake", TENANT, 12, "a" * 64, at)
    envelope = Envelope.from_json(_envelope("intake", TENANT, "s", payload, "system:x").to_json())
    assert envelope.payload_as(TrailAnchored) == payload
    assert msgspec.to_builtins(payload)["seq"] == 12
