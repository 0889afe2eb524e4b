"""The hand-written repeat-pair set (tests/data/intake/repeat_pairs_v2): its shape, its kinds, its one split, no personal data.

The extra dev pairs (pairs_dev_extra.jsonl) and the resubmission dev pairs (pairs_dev_resubmit.jsonl) are checked
too: same shape, their own key spaces, dev only.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from services.intake.domain.petition import Category, Channel
from shared.telemetry.redaction import contains_personal_data

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "intake" / "repeat_pairs_v2"
SEED = ROOT / "deploy" / "seed" / "ninghai.json"

REPEAT_KINDS = {
    "paraphrase",
    "escalation",
    "group_vs_individual",
    "passing_mention",
    "typos_homophones",
    "numbers_differently",
    "partial_facts",
    "channel_switch",
}
OTHER_KINDS = {
    "same_person_other_matter",
    "same_village_category_other_grievance",
    "same_site_other_grievance",
    "template_other_village",
    "policy_enquiry",
    "easy_negative",
}
# The extra dev pairs add negatives that differ from a repeat by one fact only (another plot, year, firm, section).
EXTRA_OTHER_KINDS = OTHER_KINDS | {"one_fact_apart"}
PAIR_KEYS = {"id", "matter", "same", "kind", "a", "b", "note"}
SIDE_KEYS = {"content", "channel", "township", "village", "category", "received_on", "petitioner"}


def _lines(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return _lines("pairs.jsonl")


@pytest.fixture(scope="module")
def extra() -> list[dict]:
    return _lines("pairs_dev_extra.jsonl")


@pytest.fixture(scope="module")
def resubmit() -> list[dict]:
    return _lines("pairs_dev_resubmit.jsonl")


@pytest.fixture(scope="module")
def split() -> dict:
    return json.loads((DATA / "split.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def villages() -> dict[str, set[str]]:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    return {t["slug"]: {v["slug"] for v in t["villages"]} for t in seed["townships"]}


def test_every_pair_has_the_record_shape(pairs, villages):
    assert len(pairs) >= 640
    _check_pairs(pairs, villages, keys=("p", "m", "P"), kinds=REPEAT_KINDS | OTHER_KINDS)


def _check_pairs(
    rows: list[dict], villages: dict[str, set[str]], keys: tuple[str, str, str], kinds: set[str]
) -> None:
    """Each file's pairs: the shape, its own prefixes for ids, matters and people, known kinds, dates in order."""
    pair_id, matter, person = keys
    assert len({p["id"] for p in rows}) == len(rows)
    for p in rows:
        assert set(p) == PAIR_KEYS, p["id"]
        assert re.fullmatch(rf"{pair_id}\d{{4}}", p["id"]) and re.fullmatch(
            rf"{matter}\d{{3}}", p["matter"]
        ), p["id"]
        assert p["kind"] in kinds, p["id"]
        assert p["same"] is (p["kind"] in REPEAT_KINDS | {"resubmission"}), p["id"]
        assert isinstance(p["note"], str) and p["note"].strip(), p["id"]
        for side in (p["a"], p["b"]):
            _check_side(side, villages, p["id"], person=rf"{person}\d{{3,}}")
        assert p["a"]["received_on"] <= p["b"]["received_on"], p["id"]


def _check_side(side: dict, villages: dict[str, set[str]], pid: str, person: str) -> None:
    assert set(side) == SIDE_KEYS, pid
    assert 10 <= len(side["content"]) <= 400, pid
    Channel(side["channel"])
    Category(side["category"])
    assert side["township"] in villages, pid
    assert side["village"] is None or side["village"] in villages[side["township"]], pid
    date.fromisoformat(side["received_on"])
    assert re.fullmatch(person, side["petitioner"]), pid


def test_kinds_are_balanced(pairs):
    per_kind = Counter(p["kind"] for p in pairs)
    assert set(per_kind) == REPEAT_KINDS | OTHER_KINDS
    assert min(per_kind.values()) >= 35, per_kind
    repeats = sum(p["same"] for p in pairs) / len(pairs)
    assert 0.45 <= repeats <= 0.55, repeats


@pytest.mark.parametrize("rows", ["pairs", "extra"])
def test_same_person_kind_is_one_person_and_the_other_hard_negatives_are_two(rows, request):
    # one_fact_apart (extra only) may be one person about a clearly separate case: it is not in OTHER_KINDS.
    for p in request.getfixturevalue(rows):
        same_person = p["a"]["petitioner"] == p["b"]["petitioner"]
        if p["kind"] == "same_person_other_matter":
            assert same_person, p["id"]
        elif p["kind"] in OTHER_KINDS:
            assert not same_person, p["id"]


def test_the_split_covers_every_pair_once_and_no_matter_crosses_it(pairs, split):
    dev, test = set(split["dev"]), set(split["test"])
    assert not dev & test
    assert dev | test == {p["id"] for p in pairs}
    side = {pid: "dev" for pid in dev} | {pid: "test" for pid in test}
    sides_of_matter: dict[str, set[str]] = {}
    for p in pairs:
        sides_of_matter.setdefault(p["matter"], set()).add(side[p["id"]])
    crossing = [m for m, sides in sides_of_matter.items() if len(sides) > 1]
    assert not crossing, crossing
    assert 0.35 <= len(dev) / len(pairs) <= 0.45
    for kind in REPEAT_KINDS | OTHER_KINDS:
        of_kind = [p for p in pairs if p["kind"] == kind]
        share = sum(side[p["id"]] == "dev" for p in of_kind) / len(of_kind)
        assert 0.3 <= share <= 0.5, (kind, share)


@pytest.mark.parametrize("rows", ["pairs", "extra", "resubmit"])
def test_no_text_holds_an_id_number_or_a_mobile_number(rows, request):
    found = request.getfixturevalue(rows)
    leaking = [p["id"] for p in found for s in ("a", "b") if contains_personal_data(p[s]["content"])]
    assert not leaking, leaking


def test_extra_dev_pairs_have_the_record_shape(extra, villages):
    assert len(extra) >= 250
    _check_pairs(extra, villages, keys=("x", "mx", "Q"), kinds=REPEAT_KINDS | EXTRA_OTHER_KINDS)
    per_kind = Counter(p["kind"] for p in extra)
    assert set(per_kind) == REPEAT_KINDS | EXTRA_OTHER_KINDS, per_kind
    assert per_kind["one_fact_apart"] >= 35, per_kind


def test_resubmission_dev_pairs_have_the_record_shape(resubmit, villages):
    assert len(resubmit) >= 70
    # A letter sent again in its own words is always the same matter: the file holds repeats only.
    _check_pairs(resubmit, villages, keys=("r", "mr", "R"), kinds={"resubmission"})


def test_the_dev_only_files_keep_their_own_keys_and_stay_out_of_the_split(pairs, extra, resubmit, split):
    # Disjoint key spaces let the extra files be concatenated to dev without merging matters or people by accident.
    def keys(rows: list[dict]) -> tuple[set[str], set[str], set[str]]:
        people = {p[s]["petitioner"] for p in rows for s in ("a", "b")}
        return {p["id"] for p in rows}, {p["matter"] for p in rows}, people

    files = [keys(pairs), keys(extra), keys(resubmit)]
    for n, ours in enumerate(files):
        for other in files[n + 1 :]:
            for mine, theirs in zip(ours, other, strict=True):
                assert not mine & theirs
    for ids, _, _ in files[1:]:
        assert not ids & (set(split["dev"]) | set(split["test"]))
