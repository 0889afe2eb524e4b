"""A dead letter read back from its message, the replay's headers, and the NATS rights reporting needs for both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.reporting.domain.dead_letter import read, replay_headers, replay_msg_id, replay_of
from shared.events.envelope import Envelope
from shared.events.permissions import dead_letter_durable, service_permissions
from shared.events.streams import DurableSpec

AT = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
SUBJECT = "xf.dajiahe.attendance.corrected"


def headers(**extra: str) -> dict[str, str]:
    return {
        "Nats-Msg-Id": "0193-event:reporting-attendance-corrected",
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "Xf-Original-Subject": SUBJECT,
        "Xf-Consumer": "reporting-attendance-corrected",
        "Xf-Error": "UnexpectedEventType",
        "Xf-Error-Detail": "UnexpectedEventType",
        "Xf-Deliveries": "1",
        "Xf-Stream-Sequence": "812",
        **extra,
    }


def envelope() -> Envelope:
    return Envelope.new(
        service="training", type="attendance.corrected.v9", subject=uuid.uuid4(), tenant="dajiahe",
        tenant_id=uuid.uuid4(), data={"attendance_id": str(uuid.uuid4())},
    )  # fmt: skip


def test_a_dead_letter_names_where_it_failed_and_only_the_events_id_type_and_tenant() -> None:
    e = envelope()
    letter = read(41, f"xfdlq.reporting.{SUBJECT}", e.to_json(), headers(), AT, "xfdlq")
    assert (letter.dlq_seq, letter.service, letter.consumer) == (
        41,
        "reporting",
        "reporting-attendance-corrected",
    )
    assert (letter.original_subject, letter.original_seq, letter.deliveries) == (SUBJECT, 812, 1)
    assert (letter.event_id, letter.event_type, letter.event_tenant) == (
        e.id,
        "attendance.corrected.v9",
        "dajiahe",
    )
    assert letter.decodable and letter.error_type == "UnexpectedEventType"
    assert letter.dead_lettered_at == AT


def test_a_message_that_does_not_decode_is_kept_as_undecodable() -> None:
    letter = read(42, f"xfdlq.intake.{SUBJECT}", b"\xff not json", headers(), AT, "xfdlq")
    assert not letter.decodable
    assert (letter.event_id, letter.event_type, letter.event_tenant) == (None, None, None)


def test_missing_headers_read_as_unknown_and_the_subject_gives_the_original() -> None:
    letter = read(43, f"xfdlq.supervision.{SUBJECT}", b"{}", None, AT, "xfdlq")
    assert (letter.service, letter.original_subject, letter.consumer) == ("supervision", SUBJECT, "")
    assert (letter.deliveries, letter.original_seq, letter.error_type) == (0, None, "")


def test_a_replay_sends_the_original_headers_with_a_new_message_id_the_same_for_each_attempt() -> None:
    sent = replay_headers(headers(), 41)
    assert sent == {
        "Nats-Msg-Id": "0193-event:replay-41",
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    }
    assert replay_headers(headers(), 41) == sent
    assert replay_msg_id(headers(), 41) != "0193-event", "the event stream's duplicate window would drop it"


def test_the_dead_letter_of_a_replay_that_failed_again_points_to_the_one_replayed() -> None:
    consumer = "reporting-attendance-corrected"
    assert replay_of(f"0193-event:replay-41:{consumer}", consumer) == 41
    assert replay_of(f"0193-event:replay-41:replay-57:{consumer}", consumer) == 57
    assert replay_of(f"0193-event:{consumer}", consumer) is None
    assert replay_of(None, consumer) is None


def test_reporting_reads_the_dead_letter_stream_and_replays_only_to_consumed_subjects() -> None:
    consumed = ["xf.*.petition.registered", "xf.*.case.opened", "xf.*.petition.registered"]
    own = [DurableSpec("reporting-petition-registered", "xf.*.petition.registered")]
    publish = service_permissions("reporting", own, consumed=consumed)["publish"]["allow"]
    durable = dead_letter_durable().durable
    assert f"$JS.API.CONSUMER.CREATE.XF_DLQ.{durable}" in publish
    assert f"$JS.API.CONSUMER.MSG.NEXT.XF_DLQ.{durable}" in publish
    assert "$JS.API.STREAM.MSG.GET.XF_DLQ" in publish
    assert "xf.*.case.opened" in publish and publish.count("xf.*.petition.registered") == 1
    assert "xf.>" not in publish
    assert not [p for p in publish if p.endswith(">") and p.startswith("$JS.API")]
    assert "$JS.API.STREAM.MSG.GET.XF" not in publish, "no stored event of the main stream"


def test_no_other_service_reads_or_replays_dead_letters() -> None:
    publish = service_permissions("intake", consumed=["xf.*.case.opened"])["publish"]["allow"]
    assert not [p for p in publish if "XF_DLQ." in p and "STREAM.INFO" not in p]
    assert "xf.*.case.opened" not in publish
