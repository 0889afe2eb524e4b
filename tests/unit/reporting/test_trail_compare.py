"""The trail's checks alone: the copy's verified head as entries arrive in any order, and the comparison of a
service's chain with the copy and the anchors naming the first entry where they differ, and why."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

from services.reporting.domain.trail import (
    Anchor,
    CopyProblem,
    Reason,
    advance,
    anchor_problem,
    compare,
    own_problem,
)
from shared.trail import GENESIS_HASH, TrailRecord, entry_hash

TENANT = uuid.UUID("3b0c8a6e-1f2d-4c55-9e1a-7d2b6f0a9c11")
T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def chain(n: int, start: datetime = T0) -> list[TrailRecord]:
    entries, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        values = {
            "tenant_id": TENANT, "seq": seq, "occurred_at": start + timedelta(minutes=seq),
            "actor_id": "u-1", "actor_role": "township-clerk", "action": "petition.registered",
            "object_type": "petition", "object_id": f"p-{seq}", "request_id": None, "trace_id": None,
            "detail": {"by": "张三", "n": seq}, "prev_hash": prev,
        }  # fmt: skip
        entry = TrailRecord(**values, hash=entry_hash(values))
        entries.append(entry)
        prev = entry.hash
    return entries


def rehashed(entry: TrailRecord, **changes: object) -> TrailRecord:
    changed = dataclasses.replace(entry, **changes)
    return dataclasses.replace(changed, hash=entry_hash(changed.hashed_fields()))


def anchors(entries: list[TrailRecord], *seqs: int) -> list[Anchor]:
    return [Anchor(e.seq, e.hash) for e in entries if e.seq in seqs]


# -- the continuous verification ------------------------------------------------------------------------------
def test_the_verified_head_moves_along_linked_entries_and_waits_at_a_gap() -> None:
    entries = chain(5)
    moved = advance(0, GENESIS_HASH, [entries[0], entries[1], entries[3], entries[4]])
    assert (moved.verified_seq, moved.verified_hash, moved.problem) == (2, entries[1].hash, None)
    moved = advance(moved.verified_seq, moved.verified_hash, entries[2:])
    assert (moved.verified_seq, moved.problem) == (5, None)


def test_a_bad_link_or_hash_stops_the_head_with_the_problem() -> None:
    entries = chain(3)
    forged = rehashed(entries[1], prev_hash="f" * 64)
    moved = advance(1, entries[0].hash, [forged, entries[2]])
    assert (
        moved.verified_seq == 1 and moved.problem.reason == CopyProblem.broken_link and moved.problem.seq == 2
    )
    altered = dataclasses.replace(entries[1], action="petition.accepted")  # hash not recomputed
    moved = advance(1, entries[0].hash, [altered])
    assert moved.problem.reason == CopyProblem.hash_mismatch
    assert own_problem(altered).seq == 2 and own_problem(entries[1]) is None


def test_an_anchor_is_checked_against_the_copied_hash_once_it_is_there() -> None:
    entry = chain(1)[0]
    assert anchor_problem(Anchor(1, entry.hash), entry.hash) is None
    assert anchor_problem(Anchor(1, entry.hash), None) is None
    assert anchor_problem(Anchor(1, "a" * 64), entry.hash).reason == CopyProblem.anchor_differs


# -- the comparison on request --------------------------------------------------------------------------------
def test_the_same_chain_in_the_service_the_copy_and_the_anchors_is_ok() -> None:
    entries = chain(6)
    result = compare(entries, entries, anchors(entries, 3, 6))
    assert result.ok and result.entries_checked == 6
    assert (result.service_head_seq, result.copy_head_seq, result.anchor_seq) == (6, 6, 6)


def test_an_entry_deleted_in_the_middle_is_missing_in_the_service() -> None:
    entries = chain(6)
    result = compare([e for e in entries if e.seq != 3], entries, anchors(entries, 6))
    assert (result.reason, result.seq) == (Reason.missing_in_service, 3)


def test_the_newest_entries_cut_off_are_cut_off_at_the_first_missing_seq() -> None:
    entries = chain(6)
    result = compare(entries[:4], entries, anchors(entries, 2))
    assert (result.reason, result.seq, result.service_head_seq) == (Reason.cut_off, 5, 4)


def test_a_cut_beyond_the_copy_is_still_caught_by_an_anchor() -> None:
    entries = chain(6)
    result = compare(entries[:4], entries[:4], anchors(entries, 6))
    assert (result.reason, result.seq) == (Reason.cut_off, 5)


def test_a_rewritten_chain_with_recomputed_hashes_differs_at_its_first_rewritten_entry() -> None:
    entries = chain(5)
    rewritten, prev = entries[:2], entries[1].hash
    for e in entries[2:]:
        e = rehashed(e, prev_hash=prev, detail={"by": "李四", "n": e.seq})
        rewritten.append(e)
        prev = e.hash
    result = compare(rewritten, entries, [])
    assert (result.reason, result.seq) == (Reason.differs, 3)
    assert "detail" in result.detail and "hash" in result.detail
    # Without a copy of it, the anchor alone still shows it.
    result = compare(rewritten, [], anchors(entries, 4), copied_by=None)
    assert result.reason == Reason.missing_in_copy and result.seq == 1
    result = compare(rewritten, entries[:2], anchors(entries, 4), copied_by=T0)
    assert (result.reason, result.seq) == (Reason.differs, 4)


def test_a_field_changed_in_place_differs_from_the_copy() -> None:
    entries = chain(3)
    changed = [entries[0], dataclasses.replace(entries[1], actor_id="u-2"), entries[2]]
    result = compare(changed, entries, [])
    assert (result.reason, result.seq) == (Reason.differs, 2) and "actor_id" in result.detail


def test_the_services_own_broken_link_is_a_broken_chain() -> None:
    entries = chain(3)
    broken = [entries[0], dataclasses.replace(entries[1], action="x")]  # the copy never saw either version
    result = compare(broken, entries[:1], [], copied_by=None)
    assert (result.reason, result.seq) == (Reason.broken_chain, 2)
    gap = compare([entries[0], entries[2]], [entries[0]], [], copied_by=None)
    assert (gap.reason, gap.seq) == (Reason.broken_chain, 2)


def test_an_entry_the_copy_never_got_is_missing_in_copy_and_a_new_one_is_pending() -> None:
    entries = chain(4)
    result = compare(entries, entries[:3], [], copied_by=T0 + timedelta(minutes=10))
    assert (result.reason, result.seq) == (Reason.missing_in_copy, 4)
    result = compare(entries, entries[:3], [], copied_by=T0 + timedelta(minutes=3))
    assert result.ok and result.pending == 1 and result.entries_checked == 4


def test_empty_everywhere_is_ok() -> None:
    result = compare([], [], [])
    assert result.ok and result.service_head_seq == 0 and result.anchor_seq is None
