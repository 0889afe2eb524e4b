"""The trail's checks, pure: the copy's continuous verification as entries arrive, and the comparison of a service's
own chain with the copy and the anchors that names the first entry where they differ (docs/trail.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.trail import GENESIS_HASH, HASHED_FIELDS, TrailRecord, entry_hash


class Reason(StrEnum):
    """Why a service's chain, its copy and its anchors disagree, at the first entry where they do."""

    missing_in_service = "missing_in_service"  # the copy has the entry, the service's chain has a gap there
    cut_off = "cut_off"  # the service's chain ends before the copy or an anchor does
    differs = "differs"  # same seq, other content or hash: rewritten
    broken_chain = "broken_chain"  # the service's own links fail (and nothing else explains it)
    missing_in_copy = "missing_in_copy"  # the service has an entry that never reached the copy


class CopyProblem(StrEnum):
    """What the continuous verification of the copy can find without asking the service."""

    hash_mismatch = "hash_mismatch"  # an entry's hash is not the hash of its fields
    broken_link = "broken_link"  # an entry's prev_hash is not its predecessor's hash
    conflicting_entry = "conflicting_entry"  # the same seq arrived twice with two hashes
    anchor_differs = "anchor_differs"  # an anchor's hash is not the copy's hash of that seq


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


@dataclass(frozen=True)
class Problem:
    seq: int
    reason: str
    detail: str


def own_problem(entry: TrailRecord) -> Problem | None:
    """The entry alone: does its hash cover its fields?"""
    if entry_hash(entry.hashed_fields()) != entry.hash:
        return Problem(entry.seq, CopyProblem.hash_mismatch, "the entry's hash is not the hash of its fields")
    return None


@dataclass(frozen=True)
class Advance:
    verified_seq: int
    verified_hash: str
    problem: Problem | None = None


def advance(verified_seq: int, verified_hash: str, following: Iterable[TrailRecord]) -> Advance:
    """Move the verified head along the entries after it (in seq order) while they link up; a gap stops it
    without a problem (the missing entry may still be on its way), a bad link or hash stops it with one."""
    seq, head = verified_seq, verified_hash
    for entry in following:
        if entry.seq != seq + 1:
            break
        if entry.prev_hash != head:
            detail = f"prev_hash of {entry.seq} is not the hash of {seq or 'genesis'}"
            return Advance(seq, head, Problem(entry.seq, CopyProblem.broken_link, detail))
        if problem := own_problem(entry):
            return Advance(seq, head, problem)
        seq, head = entry.seq, entry.hash
    return Advance(seq, head)


def anchor_problem(anchor: Anchor, copied_hash: str | None) -> Problem | None:
    """An anchor against the copy's entry of its seq (None while that entry has not arrived)."""
    if copied_hash is not None and copied_hash != anchor.hash:
        return Problem(
            anchor.seq, CopyProblem.anchor_differs, "the anchor's hash is not the copy's hash of that seq"
        )
    return None


@dataclass(frozen=True)
class Comparison:
    """One chain (service, township) of a verification: ok, or the first entry where they differ and why."""

    reason: Reason | None
    seq: int | None
    detail: str | None
    service_head_seq: int
    copy_head_seq: int
    anchor_seq: int | None
    entries_checked: int
    pending: int  # the service's newest entries not yet in the copy, within the grace

    @property
    def ok(self) -> bool:
        return self.reason is None


def _fields_that_differ(a: TrailRecord, b: TrailRecord) -> list[str]:
    return [name for name in (*HASHED_FIELDS, "hash") if getattr(a, name) != getattr(b, name)]


class _Walk:
    """Walks seq 1, 2, … over the three sources at once and stops at the first disagreement."""

    def __init__(
        self,
        service: Mapping[int, TrailRecord],
        copy: Mapping[int, TrailRecord],
        anchors: Mapping[int, Anchor],
        copied_by: datetime | None,
    ) -> None:
        self.service, self.copy, self.anchors, self.copied_by = service, copy, anchors, copied_by
        self.service_head = max(service, default=0)
        self.copy_head = max(copy, default=0)
        self.anchor_head = max(anchors, default=None)
        self.checked = self.pending = 0
        self.prev = GENESIS_HASH

    def problem_at(self, seq: int) -> tuple[Reason, str] | None:
        mine, copied, anchor = self.service.get(seq), self.copy.get(seq), self.anchors.get(seq)
        if mine is None:
            return self._absent(seq, copied)
        if copied is not None and (differ := _fields_that_differ(mine, copied)):
            return Reason.differs, f"the service's entry differs from the copy in {', '.join(differ)}"
        if anchor is not None and anchor.hash != mine.hash:
            return Reason.differs, "the service's hash is not the anchored hash"
        if mine.prev_hash != self.prev:
            return Reason.broken_chain, "prev_hash is not the predecessor's hash"
        if entry_hash(mine.hashed_fields()) != mine.hash:
            return Reason.broken_chain, "the hash is not the hash of the entry's fields"
        if copied is None:
            if self.copied_by is None or mine.occurred_at <= self.copied_by:
                return Reason.missing_in_copy, "the service has this entry; the copy never received it"
            self.pending += 1
        self.prev = mine.hash
        self.checked += 1
        return None

    def _absent(self, seq: int, copied: TrailRecord | None) -> tuple[Reason, str]:
        if seq > self.service_head:
            ends = f"the service's chain ends at {self.service_head}"
            return (
                Reason.cut_off,
                f"{ends}; the copy reaches {self.copy_head}, the anchors {self.anchor_head or 0}",
            )
        if copied is not None:
            return Reason.missing_in_service, "the copy has this entry; the service's chain has a gap here"
        return Reason.broken_chain, "the service's chain has a gap here, and the copy lacks the entry too"

    def last(self) -> int:
        return max(self.service_head, self.copy_head, self.anchor_head or 0)


def compare(
    service: Sequence[TrailRecord],
    copy: Sequence[TrailRecord],
    anchors: Sequence[Anchor],
    copied_by: datetime | None = None,
) -> Comparison:
    """The service's own chain (as it serves it now) against the copy and the anchors.

    `copied_by`: an entry of the service newer than this instant and not yet in the copy is pending, not missing
    (its event may be on its way); None makes every absent entry missing.
    """
    walk = _Walk(
        {e.seq: e for e in service}, {e.seq: e for e in copy}, {a.seq: a for a in anchors}, copied_by
    )
    found: tuple[int, Reason, str] | None = None
    for seq in range(1, walk.last() + 1):
        if problem := walk.problem_at(seq):
            found = (seq, *problem)
            break
    seq, reason, detail = found or (None, None, None)
    return Comparison(
        reason, seq, detail, walk.service_head, walk.copy_head, walk.anchor_head, walk.checked, walk.pending
    )
