"""What a set-aside outbox row keeps as its reason: the error's class and a short message, no envelope content."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import msgspec
import nats.errors
import pytest

from shared.events.envelope import Envelope
from shared.events.relay import REASON_LENGTH, SetAside

ROW = SimpleNamespace(id=uuid.uuid4(), subject="xf.dajiahe.petition.registered")


def reason_for(raw: bytes) -> SetAside:
    with pytest.raises(msgspec.ValidationError) as caught:
        Envelope.from_json(raw)
    return SetAside.of(ROW, caught.value)


def test_a_missing_field_is_named_by_the_reason() -> None:
    row = reason_for(b'{"id": "0190a1b2-0000-7000-8000-000000000000", "data": {"petition_id": "x"}}')
    assert row.error == "ValidationError"
    assert row.reason == "ValidationError: Object missing required field `source`"


def test_values_quoted_in_the_message_stay_out_of_the_reason() -> None:
    raw = msgspec.json.encode(
        {"id": str(uuid.uuid4()), "source": "s", "type": "petition.registered.v1", "subject": "s",
         "time": "2026-01-01T00:00:00Z", "specversion": "1.0", "datacontenttype": "application/json",
         "tenant": "张三 13812345678", "tenantid": str(uuid.uuid4())}
    )  # fmt: skip
    row = reason_for(raw)
    assert row.reason.startswith("ValidationError: tenant must be a township slug")
    assert "张三" not in row.reason and "13812345678" not in row.reason


def test_personal_data_outside_quotes_is_redacted_and_the_reason_is_short() -> None:
    row = SetAside.of(ROW, nats.errors.Error("refused 13812345678 " + "x" * 500))
    assert "13812345678" not in row.reason
    assert len(row.reason) <= REASON_LENGTH


def test_an_error_without_a_message_is_its_class() -> None:
    assert SetAside.of(ROW, TimeoutError()).reason == "TimeoutError"
