"""The hand-written repeat-pair set (tests/data/intake/repeat_pairs_v2): its shape, its kinds, its one split, no personal data."""

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
PAIR_KEYS = {"id", "matter", "same", "kind", "a", "b", "note"}
SIDE_KEYS = {"content", "channel", "township", "village", "category", "received_on", "petitioner"}


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    lines = (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def split() -> dict:
    return json.loads((DATA / "split.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def villages() -> dict[str, set[str]]:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    return {t["slug"]: {v["slug"] for v in t["villages"]} for t in seed["townships"]}


def test_every_pair_has_the_record_shape(pairs, villages):
    assert len(pairs) >= 640
    assert len({p["id"] for p in pairs}) == len(pairs)
    for p in pairs:
        assert set(p) == PAIR_KEYS, p["id"]
        assert re.fullmatch(r"p\d{4}", p["id"]) and re.fullmatch(r"m\d{3}", p["matter"]), p["id"]
        assert p["kind"] in REPEAT_KINDS | OTHER_KINDS, p["id"]
        assert p["same"] is (p["kind"] in REPEAT_KINDS), p["id"]
        assert isinstance(p["note"], str) and p["note"].strip(), p["id"]
        for side in (p["a"], p["b"]):
            assert set(side) == SIDE_KEYS, p["id"]
            assert 10 <= len(side["content"]) <= 400, p["id"]
            Channel(side["channel"])
            Category(side["category"])
            assert side["township"] in villages, p["id"]
            assert side["village"] is None or side["village"] in villages[side["township"]], p["id"]
            date.fromisoformat(side["received_on"])
            assert re.fullmatch(r"P\d{3,}", side["petitioner"]), p["id"]
        assert p["a"]["received_on"] <= p["b"]["received_on"], p["id"]


def test_kinds_are_balanced(pairs):
    per_kind = Counter(p["kind"] for p in pairs)
    assert set(per_kind) == REPEAT_KINDS | OTHER_KINDS
    assert min(per_kind.values()) >= 35, per_kind
    repeats = sum(p["same"] for p in pairs) / len(pairs)
    assert 0.45 <= repeats <= 0.55, repeats


def test_same_person_kind_is_one_person_and_the_other_hard_negatives_are_two(pairs):
    for p in pairs:
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


def test_no_text_holds_an_id_number_or_a_mobile_number(pairs):
    leaking = [p["id"] for p in pairs for s in ("a", "b") if contains_personal_data(p[s]["content"])]
    assert not leaking, leaking
