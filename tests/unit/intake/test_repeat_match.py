"""重复访 detection: the labelled pairs, the facts that decide, and the index that finds candidates."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from services.intake.domain.repeat_match import (
    REPEAT_THRESHOLD,
    Features,
    Idf,
    PetitionText,
    RepeatIndex,
    features,
    reason_text,
    score,
    score_features,
)
from services.intake.domain.text_normalise import build_normaliser, place_names_from_seed

REPO = Path(__file__).resolve().parents[3]
PAIRS = REPO / "tests" / "data" / "intake" / "repeat_pairs.jsonl"


@pytest.fixture(scope="module")
def normaliser():
    seed = json.loads((REPO / "deploy" / "seed" / "ninghai.json").read_text(encoding="utf-8"))
    return build_normaliser(place_names_from_seed(seed))


@pytest.fixture(scope="module")
def generator():
    """The script that made the labelled set, for distractor petitions in the same style."""
    spec = importlib.util.spec_from_file_location(
        "make_repeat_pairs", PAIRS.with_name("make_repeat_pairs.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def petition(record: dict) -> PetitionText:
    return PetitionText(
        content=record["content"],
        village=record["village"],
        category=record["category"],
        received_on=date.fromisoformat(record["received_on"]),
    )


def precision_recall(normaliser, split: str) -> tuple[float, float, int]:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]
    rows = [row for row in rows if row["split"] == split]
    pairs = [(features(petition(r["a"]), normaliser), features(petition(r["b"]), normaliser)) for r in rows]
    idf = Idf.fit(item for pair in pairs for item in pair)  # the candidate set's own word weights, no labels
    predicted = [score_features(a, b, idf).score >= REPEAT_THRESHOLD for a, b in pairs]
    true_pos = sum(p and r["same"] for p, r in zip(predicted, rows, strict=True))
    precision = true_pos / max(1, sum(predicted))
    recall = true_pos / max(1, sum(r["same"] for r in rows))
    return precision, recall, len(rows)


@pytest.mark.parametrize("split", ["test", "dev"])
def test_labelled_pairs_are_told_apart_with_precision_and_recall_above_ninety_percent(
    normaliser, split
) -> None:
    precision, recall, count = precision_recall(normaliser, split)
    summary = f"{split} split, {count} pairs: precision {precision:.3f}, recall {recall:.3f}"
    print(summary)
    assert precision >= 0.90 and recall >= 0.90, summary


def test_the_labelled_set_is_large_and_balanced() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]
    test_rows = [r for r in rows if r["split"] == "test"]
    assert len(test_rows) >= 300
    assert 0.4 <= sum(r["same"] for r in test_rows) / len(test_rows) <= 0.6
    assert sum(r["kind"] == "hard_negative_same_village_topic" for r in test_rows) >= 100


LETTER = (
    "尊敬的领导：我是大佳何镇涨家溪村村民张建国，2023年因39省道拓宽工程建设，我家位于后山脚的3亩承包地被征用，"
    "按标准应得征地补偿款12000元，至今分文未得。恳请领导重视。"
)
PHONE = "电话反映：涨家溪的老张说二三年修39省道拓宽工程把他家后山脚那三亩地征了，一万二千块补偿一直拖着不给。"


def test_a_phone_note_repeating_a_letter_in_other_words_is_a_repeat(normaliser) -> None:
    match = score(
        PetitionText(LETTER, "涨家溪村", "land", date(2024, 3, 1)),
        PetitionText(PHONE, "涨家溪村", "land", date(2024, 6, 1)),
        normaliser,
    )
    assert match.is_repeat, match
    assert "same_amount:12000元" in match.reasons and "same_area:3亩" in match.reasons


def test_a_different_amount_means_a_different_matter(normaliser) -> None:
    other = LETTER.replace("12000元", "8000元")
    match = score(
        PetitionText(LETTER, "涨家溪村", "land", date(2024, 3, 1)),
        PetitionText(other, "涨家溪村", "land", date(2024, 6, 1)),
        normaliser,
    )
    assert not match.is_repeat, match
    assert "different_amount:12000元/8000元" in match.reasons
    assert "金额不同(12000元/8000元)" in match.explained()


def test_the_same_petitioner_hash_makes_a_repeat_despite_sparse_wording(normaliser) -> None:
    first = PetitionText("征地补偿款的事", "涨家溪村", "land", date(2024, 3, 1), frozenset({"k1"}))
    again = PetitionText("补偿款还是没发下来", "涨家溪村", "land", date(2024, 5, 1), frozenset({"k1"}))
    stranger = PetitionText("补偿款还是没发下来", "涨家溪村", "land", date(2024, 5, 1), frozenset({"k2"}))
    assert score(first, again, normaliser).is_repeat
    assert not score(first, stranger, normaliser).is_repeat
    assert "same_petitioner" in score(first, again, normaliser).reasons


def test_reason_codes_read_in_chinese() -> None:
    assert reason_text("same_petitioner") == "同一信访人"
    assert reason_text("text_similar:0.82") == "内容相近(0.82)"


def test_features_survive_a_json_round_trip(normaliser) -> None:
    item = features(PetitionText(LETTER, "涨家溪村", "land", date(2024, 3, 1), frozenset({"k1"})), normaliser)
    assert Features.from_json(json.loads(json.dumps(item.to_json(), ensure_ascii=False))) == item


def test_the_index_ranks_the_true_repeat_first_among_a_thousand_distractors(normaliser, generator) -> None:
    rng = random.Random(4)
    phrases = generator.Phrases(rng, "test")
    villages = generator.village_list()
    index = RepeatIndex()
    for number in range(1000):
        # A third of the distractors share the repeat's village and topic, like a busy township's register.
        village = ("大佳何镇", "涨家溪村") if number % 3 == 0 else rng.choice(villages)
        category = "land" if number % 3 == 0 else rng.choice(list(generator.SUBTYPES))
        matter = generator.sample_matter(rng, village, category)
        record = generator.record(
            phrases, matter, rng.choice(generator.CHANNELS), date(2024, 5, 1), keep=set()
        )
        index.add(f"distractor-{number}", features(petition(record), normaliser))
    index.add("the-letter", features(PetitionText(LETTER, "涨家溪村", "land", date(2024, 3, 1)), normaliser))
    draft = features(PetitionText(PHONE, "涨家溪村", "land", date(2024, 6, 1)), normaliser)

    found = index.candidates(draft, limit=5, min_score=0.0)

    assert found[0][0] == "the-letter", found
    assert found[0][1].is_repeat
    assert "same_amount:12000元" in found[0][1].reasons
    assert sum(match.is_repeat for _, match in found) <= 2, found
