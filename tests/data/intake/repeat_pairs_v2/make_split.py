"""Split pairs.jsonl once into dev (40 %) and test (60 %): stratified by kind, every pair of one matter on one side.

Run once: `python tests/data/intake/repeat_pairs_v2/make_split.py`. When split.json exists it is never rewritten; the
script recomputes the split and says whether it still agrees (it does unless pairs.jsonl changed, and then the change
is a decision to make by hand, not a rerun).
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs.jsonl"
SPLIT = HERE / "split.json"
SEED = 20251201
DEV_SHARE = 0.4


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def make_split(pairs: list[dict], seed: int = SEED, dev_share: float = DEV_SHARE) -> dict:
    by_matter: dict[str, list[dict]] = defaultdict(list)
    for pair in pairs:
        by_matter[pair["matter"]].append(pair)
    per_kind = Counter(pair["kind"] for pair in pairs)
    target = {
        "dev": {k: n * dev_share for k, n in per_kind.items()},
        "test": {k: n * (1 - dev_share) for k, n in per_kind.items()},
    }
    taken: dict[str, Counter] = {"dev": Counter(), "test": Counter()}
    matters = sorted(by_matter)
    random.Random(seed).shuffle(matters)
    # a stable sort: the largest matters first, ties in the shuffled order
    matters.sort(key=lambda m: -len(by_matter[m]))
    side_of: dict[str, str] = {}
    for matter in matters:
        kinds = Counter(pair["kind"] for pair in by_matter[matter])

        def need(side: str, kinds: Counter = kinds) -> float:
            # how far this side is from its share of each of the matter's kinds (relative, so both sides compare)
            return sum(n * (target[side][k] - taken[side][k]) / target[side][k] for k, n in kinds.items())

        side = "dev" if need("dev") > need("test") else "test"
        side_of[matter] = side
        taken[side].update(kinds)
    ids = {"dev": [], "test": []}
    for pair in pairs:
        ids[side_of[pair["matter"]]].append(pair["id"])
    return {
        "seed": seed,
        "dev_share": dev_share,
        "rule": "never tune on test: fit and choose on dev only; test is read once per change, to report",
        "dev": sorted(ids["dev"]),
        "test": sorted(ids["test"]),
    }


def summary(pairs: list[dict], split: dict) -> str:
    side = {pid: s for s in ("dev", "test") for pid in split[s]}
    counts = Counter((pair["kind"], side[pair["id"]]) for pair in pairs)
    lines = [f"{'kind':40s} {'dev':>4s} {'test':>5s}"]
    for kind in sorted({pair["kind"] for pair in pairs}):
        lines.append(f"{kind:40s} {counts[kind, 'dev']:4d} {counts[kind, 'test']:5d}")
    lines.append(f"{'all':40s} {len(split['dev']):4d} {len(split['test']):5d}")
    return "\n".join(lines)


def main() -> int:
    pairs = load_pairs()
    split = make_split(pairs)
    if SPLIT.exists():
        same = json.loads(SPLIT.read_text(encoding="utf-8")) == split
        print(
            "split.json exists and is not rewritten;",
            "it agrees with pairs.jsonl" if same else "IT DIFFERS from a fresh split",
        )
        print(summary(pairs, json.loads(SPLIT.read_text(encoding="utf-8"))))
        return 0 if same else 1
    SPLIT.write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(summary(pairs, split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
