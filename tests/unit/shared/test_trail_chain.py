"""The trail's canonical hashing and chain walk: stable, sensitive to every field, and precise about breaks."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared.trail import (
    GENESIS_HASH,
    HASHED_FIELDS,
    PersonalDataInDetail,
    TrailRecord,
    canonical_bytes,
    entry_hash,
)
from shared.trail.chain import ChainCheck, ChainReport, normalised_detail

TENANT = uuid.UUID("3b0c7f0e-2f1a-5d1e-9a51-1b6c1f0e7a10")


def first_entry() -> TrailRecord:
    values = {
        "tenant_id": TENANT,
        "seq": 1,
        "occurred_at": datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC),
        "actor_id": "7d4e2c1a-0000-4000-8000-000000000001",
        "actor_role": "township-clerk",
        "action": "petition.registered",
        "object_type": "petition",
        "object_id": "5a1f0000-0000-4000-8000-0000000000aa",
        "request_id": "req-1",
        "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
        "detail": {"channel": "visit", "category": "征地拆迁", "petitioners": 6},
        "prev_hash": GENESIS_HASH,
    }
    return TrailRecord(**values, hash=entry_hash(values))


def chain(length: int) -> list[TrailRecord]:
    entries = [first_entry()]
    for seq in range(2, length + 1):
        entries.append(following(entries[-1], seq))
    return entries


def following(previous: TrailRecord, seq: int) -> TrailRecord:
    values = previous.hashed_fields() | {
        "seq": seq,
        "occurred_at": previous.occurred_at + timedelta(seconds=1),
        "prev_hash": previous.hash,
    }
    return TrailRecord(**values, hash=entry_hash(values))


# One changed value per hashed field; a field missing here fails the completeness test below.
CHANGED = {
    "tenant_id": uuid.UUID("3b0c7f0e-2f1a-5d1e-9a51-1b6c1f0e7a11"),
    "seq": 2,
    "occurred_at": datetime(2026, 3, 1, 8, 30, 15, 123457, tzinfo=UTC),
    "actor_id": "7d4e2c1a-0000-4000-8000-000000000002",
    "actor_role": "township-leader",
    "action": "petition.accepted",
    "object_type": "case",
    "object_id": "5a1f0000-0000-4000-8000-0000000000ab",
    "request_id": None,
    "trace_id": "4bf92f3577b34da6a3ce929d0e0e4737",
    "detail": {"channel": "visit", "category": "征地拆迁", "petitioners": 5},
    "prev_hash": "f" * 64,
}


# Pinned: a change here would orphan every chain already stored. An auditor's own tool can rebuild this text.
CANONICAL = (
    '{"action":"petition.registered","actor_id":"7d4e2c1a-0000-4000-8000-000000000001",'
    '"actor_role":"township-clerk","detail":{"category":"征地拆迁","channel":"visit","petitioners":6},'
    '"object_id":"5a1f0000-0000-4000-8000-0000000000aa","object_type":"petition",'
    '"occurred_at":"2026-03-01T08:30:15.123456+00:00","prev_hash":"' + "0" * 64 + '",'
    '"request_id":"req-1","seq":1,"tenant_id":"3b0c7f0e-2f1a-5d1e-9a51-1b6c1f0e7a10",'
    '"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}'
)


def test_the_canonical_text_is_sorted_key_json_of_every_field() -> None:
    assert canonical_bytes(first_entry().hashed_fields()) == CANONICAL.encode("utf-8")


def test_the_hash_of_a_known_entry_never_changes() -> None:
    assert first_entry().hash == hashlib.sha256(CANONICAL.encode("utf-8")).hexdigest()
    assert first_entry().hash == "cddfd243d5f57358317f980a41f461851d8440b7c397037a359d11c2b6e05f07"


def test_every_hashed_field_has_a_changed_value_in_this_test() -> None:
    assert set(CHANGED) == set(HASHED_FIELDS)
    assert "hash" not in HASHED_FIELDS and "prev_hash" in HASHED_FIELDS


@pytest.mark.parametrize("name", sorted(CHANGED))
def test_changing_any_field_changes_the_hash(name: str) -> None:
    original = first_entry()
    assert entry_hash(original.hashed_fields() | {name: CHANGED[name]}) != original.hash


def test_detail_key_order_does_not_change_the_hash() -> None:
    original = first_entry()
    reordered = dict(reversed(list(original.detail.items())))
    assert entry_hash(original.hashed_fields() | {"detail": reordered}) == original.hash


def test_the_same_instant_in_another_time_zone_hashes_the_same() -> None:
    original = first_entry()
    beijing = original.occurred_at.astimezone(timezone(timedelta(hours=8)))
    assert entry_hash(original.hashed_fields() | {"occurred_at": beijing}) == original.hash


def test_a_time_without_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        entry_hash(first_entry().hashed_fields() | {"occurred_at": datetime(2026, 3, 1, 8, 30)})


def test_a_hash_over_missing_or_extra_fields_is_refused() -> None:
    values = first_entry().hashed_fields()
    with pytest.raises(ValueError, match="exactly"):
        entry_hash({k: v for k, v in values.items() if k != "trace_id"})
    with pytest.raises(ValueError, match="exactly"):
        entry_hash(values | {"extra": 1})


def test_an_intact_chain_is_reported_ok_with_its_head() -> None:
    entries = chain(5)
    check = ChainCheck(TENANT)
    assert all(check.add(e) for e in entries)
    report = check.report()
    assert (report.ok, report.entries, report.head_hash, report.broken_seq) == (
        True,
        5,
        entries[-1].hash,
        None,
    )


def test_an_empty_chain_is_ok_and_its_head_is_genesis() -> None:
    report = ChainCheck(TENANT).report()
    assert (report.ok, report.entries, report.head_hash) == (True, 0, GENESIS_HASH)


def test_an_altered_entry_is_the_first_broken_link() -> None:
    entries = chain(5)
    entries[2] = dataclasses.replace(entries[2], detail={"channel": "letter"})
    report = walk(entries)
    assert (report.broken_seq, report.reason, report.entries) == (3, "hash mismatch", 2)


def test_a_removed_entry_is_reported_as_missing() -> None:
    entries = chain(5)
    del entries[2]
    report = walk(entries)
    assert (report.broken_seq, report.reason) == (3, "missing seq 3")


def test_an_altered_and_rehashed_entry_breaks_its_successor_link() -> None:
    entries = chain(5)
    forged = entries[2].hashed_fields() | {"detail": {"channel": "letter"}}
    entries[2] = TrailRecord(**forged, hash=entry_hash(forged))
    report = walk(entries)
    assert (report.broken_seq, report.reason) == (4, "prev_hash does not match")


def test_a_chain_that_does_not_start_at_genesis_is_broken_at_its_first_entry() -> None:
    entries = chain(2)
    values = entries[0].hashed_fields() | {"prev_hash": "a" * 64}
    entries[0] = TrailRecord(**values, hash=entry_hash(values))
    assert (walk(entries).broken_seq, walk(entries).reason) == (1, "prev_hash does not match")


def walk(entries: list[TrailRecord]) -> ChainReport:
    check = ChainCheck(TENANT)
    for e in entries:
        if not check.add(e):
            break
    return check.report()


@pytest.mark.parametrize(
    "detail",
    [
        {"note": "身份证 33022619800101123X"},
        {"contact": "13812345678"},
        {"petitioners": [{"phone": "电话15988887777"}]},
    ],
)
def test_detail_with_an_id_or_phone_number_is_refused(detail: dict) -> None:
    with pytest.raises(PersonalDataInDetail):
        normalised_detail(detail)


def test_detail_with_references_and_long_numbers_is_kept_as_json_gives_it_back() -> None:
    detail = {"petitioner_ref": "pt-000123", "at_ms": "1767225600000", "ids": (1, 2), "ratio": 0.5}
    assert normalised_detail(detail) == {
        "petitioner_ref": "pt-000123",
        "at_ms": "1767225600000",
        "ids": [1, 2],
        "ratio": 0.5,
    }


def test_a_detail_s_dates_become_iso_text_and_other_objects_are_refused() -> None:
    from datetime import date

    assert normalised_detail({"due_on": date(2027, 1, 5), "none": None}) == {
        "due_on": "2027-01-05",
        "none": None,
    }
    with pytest.raises(TypeError):
        normalised_detail({"who": object()})


@pytest.mark.parametrize(
    "ref",
    # UUIDs whose last group holds eleven digits that read like a mobile number (one in a few thousand uuid7s):
    # a reference, not a phone number (seen as a 500 on a repeat confirmation in a CI run).
    [
        "01a231d8-b021-7c95-b63c-a13812345678",
        "01a231d8-b021-7c95-b63c-13812345678a",
        "01a231d8-b021-7c95-b63c-313812345678",
    ],
)
def test_an_id_whose_digits_look_like_a_phone_number_is_a_reference(ref: str) -> None:
    assert normalised_detail({"earlier_petition_id": ref}) == {"earlier_petition_id": ref}
