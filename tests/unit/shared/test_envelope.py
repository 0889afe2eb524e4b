"""The event envelope: CloudEvents JSON both ways, subject naming, and personal data kept out of events and logs."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest

from shared.events.envelope import Envelope, PersonalDataInEvent, event_subject, type_filter, uuid7
from shared.telemetry import setup_telemetry
from shared.telemetry.redaction import ID_NUMBER_MASK, MOBILE_MASK, RedactingFilter, redact
from shared.tenancy import tenant_id_for

DAJIAHE = tenant_id_for("dajiahe")


def registered(**data: object) -> Envelope:
    return Envelope.new(
        service="intake",
        type="petition.registered.v1",
        subject=uuid.UUID(int=7),
        tenant="dajiahe",
        tenant_id=DAJIAHE,
        actor="user-1",
        data=data or {"petitioner_ref": str(uuid.UUID(int=9)), "channel": "visit"},
    )


def test_an_envelope_survives_a_json_round_trip() -> None:
    original = registered()
    original.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    assert Envelope.from_json(original.to_json()) == original


def test_the_json_carries_the_cloudevents_attributes_and_our_extensions() -> None:
    doc = json.loads(registered().to_json())
    assert doc["specversion"] == "1.0"
    assert doc["datacontenttype"] == "application/json"
    assert doc["source"] == "xinfang/intake"
    assert doc["type"] == "petition.registered.v1"
    assert doc["subject"] == str(uuid.UUID(int=7))
    assert doc["tenant"] == "dajiahe" and doc["tenantid"] == str(DAJIAHE)
    assert doc["actor"] == "user-1"
    assert doc["time"].endswith("Z")
    assert uuid.UUID(doc["id"]).version == 7
    assert "traceparent" not in doc, "an absent extension is left out, not sent as null"


def test_the_nats_subject_names_tenant_aggregate_and_event_without_the_version() -> None:
    assert registered().nats_subject() == "xf.dajiahe.petition.registered"
    assert event_subject("county", "training_session", "recorded") == "xf.county.training_session.recorded"
    assert type_filter("petition.registered.v2") == "xf.*.petition.registered"


def test_a_subject_token_with_a_dot_or_wildcard_is_refused() -> None:
    for bad in ("da.jiahe", "*", ">", "Dajiahe"):
        with pytest.raises(ValueError):
            event_subject(bad, "petition", "registered")


def test_a_township_event_without_its_tenant_id_is_refused() -> None:
    with pytest.raises(ValueError, match="tenant id"):
        Envelope.new(
            service="intake",
            type="petition.registered.v1",
            subject="x",
            tenant="dajiahe",
            tenant_id=None,
            data={},
        )


def test_a_county_level_event_needs_no_tenant_id() -> None:
    event = Envelope.new(
        service="reporting",
        type="analysis.published.v1",
        subject="2026-05",
        tenant="county",
        tenant_id=None,
        data={},
    )
    assert event.is_county_level and event.nats_subject() == "xf.county.analysis.published"


def test_uuid7_ids_grow_with_time() -> None:
    ids = [uuid7() for _ in range(50)]
    assert [i.int >> 80 for i in ids] == sorted(i.int >> 80 for i in ids)
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)


@pytest.mark.parametrize(
    "data",
    [
        {"id_number": "x"},
        {"petitioner": {"phone": "x"}},
        {"name": "张三"},
        {"petitioners": [{"contact_mobile": "x"}]},
        {"petitioners": ({"name": "张三"},)},  # a contract's tuple stays a tuple in to_builtins
        {"note": "身份证330226198001011234"},
        {"note": "联系电话13812345678"},
    ],
)
def test_personal_data_in_a_payload_is_refused(data: dict) -> None:
    with pytest.raises(PersonalDataInEvent):
        registered(**data)


def test_a_received_envelope_with_personal_data_does_not_decode() -> None:
    doc = json.loads(registered().to_json())
    doc["data"]["phone"] = "13812345678"
    with pytest.raises(ValueError):
        Envelope.from_json(json.dumps(doc))


def test_redaction_masks_id_numbers_and_mobiles_but_not_other_numbers() -> None:
    text = "身份证号33022619800101123X，电话13812345678，另+86 13987654321，案件号2026000123，金额12000"
    assert redact(text) == (
        f"身份证号{ID_NUMBER_MASK}，电话{MOBILE_MASK}，另{MOBILE_MASK}，案件号2026000123，金额12000"
    )


def test_an_id_number_is_masked_whole_not_as_a_phone_inside_it() -> None:
    assert redact("330226138123456789") == ID_NUMBER_MASK


def test_the_logging_filter_masks_personal_data_in_messages_arguments_and_tracebacks() -> None:
    record = logging.LogRecord(
        "t",
        logging.INFO,
        __file__,
        1,
        "petitioner %s called from %s",
        ("330226198001011234", "13812345678"),
        None,
    )
    try:
        raise ValueError("bad id 330226198001011234")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert record.getMessage() == f"petitioner {ID_NUMBER_MASK} called from {MOBILE_MASK}"
    assert "330226198001011234" not in record.exc_text and ID_NUMBER_MASK in record.exc_text


def test_digits_inside_a_uuid_or_trace_id_are_not_taken_for_a_phone_number() -> None:
    for text in ("0b1e5f2a-1c3d-4e5f-8a9b-13812345678f", "4bf92f3577b34da6a13912345678e4736"):
        assert redact(text) == text
    assert registered(petition_id="0b1e5f2a-1c3d-4e5f-8a9b-13812345678f").data["petition_id"].endswith("678f")


def test_without_a_collector_spans_go_to_a_json_lines_file_redacted(tmp_path: Path) -> None:
    handle = setup_telemetry("unit", trace_file=tmp_path / "spans.jsonl", set_global=False, json_logs=False)
    with handle.tracer("unit").start_as_current_span("call 13812345678"):
        pass
    handle.shutdown()  # flushes the batch processor
    [line] = (tmp_path / "spans.jsonl").read_text().splitlines()
    assert json.loads(line)["name"] == f"call {MOBILE_MASK}"
