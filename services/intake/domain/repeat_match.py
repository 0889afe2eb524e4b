"""重复访 detection: how likely two petition records describe the same matter, and why."""

from __future__ import annotations

import heapq
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from services.intake.domain.text_normalise import Facts, Normaliser

# Logistic regression fitted on the dev split of tests/data/intake/repeat_pairs.jsonl plus random dev pairs as
# negatives (see its README); the test split was not used. Contradicting facts weigh most: wording varies by channel.
WEIGHTS: Mapping[str, float] = {
    "bias": -0.89,
    "text_tokens": 0.25,
    "text_bigrams": 0.01,
    "same_village": 0.63,
    "different_village": -1.29,
    "same_category": -0.03,
    "different_category": 0.02,
    "same_amount": 0.45,
    "different_amount": -3.41,
    "same_area": 0.10,
    "different_area": -2.56,
    "same_year": 0.35,
    "different_year": -3.41,
    "same_month": 0.41,
    "different_month": -0.32,
    "same_case_number": 1.17,
    "different_case_number": -1.30,
    "same_organisation": 1.17,
    "different_organisation": -2.42,
    "same_name": 0.63,
    "different_name": -1.54,
    "same_place": -0.27,
    "different_place": -1.56,
}
# The same keyed hash of the petitioner's identity outweighs wording: people re-tell their own matter.
SAME_PETITIONER_WEIGHT = 6.0
REPEAT_THRESHOLD = 0.5

REASON_TEXT: Mapping[str, str] = {
    "same_petitioner": "同一信访人",
    "text_similar": "内容相近",
    "same_village": "同村",
    "different_village": "不同村",
    "same_category": "同类问题",
    "different_category": "问题类别不同",
    "same_amount": "金额相同",
    "different_amount": "金额不同",
    "same_area": "面积相同",
    "different_area": "面积不同",
    "same_year": "年份相同",
    "different_year": "年份不同",
    "same_month": "时间相同",
    "different_month": "时间不同",
    "same_case_number": "案号相同",
    "different_case_number": "案号不同",
    "same_organisation": "涉及单位/项目相同",
    "different_organisation": "涉及单位/项目不同",
    "same_name": "涉及人员相同",
    "different_name": "涉及人员不同",
    "same_place": "地点相同",
    "different_place": "地点不同",
}


@dataclass(frozen=True)
class PetitionText:
    """What intake knows of a petition when it looks for repeats."""

    content: str
    village: str | None = None
    category: str | None = None
    received_on: date | None = None
    petitioner_keys: frozenset[str] = frozenset()  # keyed hashes (HMAC) of the petitioners' identities


@dataclass(frozen=True)
class Features:
    """A petition as the matcher sees it; computed once at registration and stored as JSON."""

    tokens: Mapping[str, int]
    bigrams: Mapping[str, int]
    facts: Facts
    village: str | None = None
    category: str | None = None
    petitioner_keys: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "tokens": dict(self.tokens),
            "bigrams": dict(self.bigrams),
            "facts": self.facts.to_json(),
            "village": self.village,
            "category": self.category,
            "petitioner_keys": list(self.petitioner_keys),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Features:
        return cls(
            tokens=_interned(data["tokens"]),
            bigrams=_interned(data["bigrams"]),
            facts=Facts.from_json(data["facts"]),
            village=data.get("village"),
            category=data.get("category"),
            petitioner_keys=tuple(data.get("petitioner_keys", ())),
        )


@dataclass(frozen=True)
class Match:
    """How likely two petitions are one matter (0..1), with reason codes such as "same_amount:12000元"."""

    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def is_repeat(self) -> bool:
        return self.score >= REPEAT_THRESHOLD

    def explained(self) -> list[str]:
        """The reasons in Chinese for the clerk: "金额不同(12000元/8000元)"."""
        return [reason_text(code) for code in self.reasons]


def reason_text(reason: str) -> str:
    code, _, detail = reason.partition(":")
    text = REASON_TEXT.get(code, code)
    return f"{text}({detail})" if detail else text


@dataclass
class Idf:
    """Document frequencies of tokens and bigrams over a body of petitions (the candidate set)."""

    documents: int = 0
    token_df: dict[str, int] = field(default_factory=dict)
    bigram_df: dict[str, int] = field(default_factory=dict)
    _weights: dict[int, float] = field(default_factory=dict, repr=False, compare=False)
    _vectors: dict[int, tuple[Mapping[str, int], dict[str, float], float]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def fit(cls, corpus: Iterable[Features]) -> Idf:
        idf = cls()
        for item in corpus:
            idf.add(item)
        return idf

    def add(self, item: Features) -> None:
        self._weights.clear()
        self._vectors.clear()
        self.documents += 1
        for term in item.tokens:
            self.token_df[term] = self.token_df.get(term, 0) + 1
        for term in item.bigrams:
            self.bigram_df[term] = self.bigram_df.get(term, 0) + 1

    def weight(self, df: int) -> float:
        # BM25's idf stays positive, and with no corpus at all every term weighs the same.
        found = self._weights.get(df)
        if found is None:
            found = self._weights[df] = math.log(1 + (self.documents - df + 0.5) / (df + 0.5))
        return found

    def vector(self, counts: Mapping[str, int], df: Mapping[str, int]) -> tuple[dict[str, float], float]:
        """A petition's weighted terms and their norm, kept while this Idf lives: a draft scored against
        a whole shortlist is weighed once, not once per candidate."""
        cached = self._vectors.get(id(counts))
        if cached is not None and cached[0] is counts:
            return cached[1], cached[2]
        weights = {t: (1 + math.log(c)) * self.weight(df.get(t, 0)) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        self._vectors[id(counts)] = (counts, weights, norm)
        return weights, norm


def features(text: PetitionText, normaliser: Normaliser) -> Features:
    """特征: tokens, character bigrams and facts of one petition, ready to store."""
    normalised = normaliser.normalise(text.content, text.received_on)
    joined = "".join(normalised.tokens)
    return Features(
        tokens=_interned(Counter(normalised.tokens)),
        bigrams=_interned(Counter(joined[i : i + 2] for i in range(len(joined) - 1))),
        facts=normalised.facts,
        village=text.village,
        category=text.category,
        petitioner_keys=tuple(sorted(text.petitioner_keys)),
    )


def score(a: PetitionText, b: PetitionText, normaliser: Normaliser, idf: Idf | None = None) -> Match:
    """Whether b repeats a; without an Idf fitted on the candidate set every word weighs the same."""
    return score_features(features(a, normaliser), features(b, normaliser), idf or Idf())


def score_features(fa: Features, fb: Features, idf: Idf) -> Match:
    signals, reasons = evidence(fa, fb, idf)
    logit = WEIGHTS["bias"] + sum(WEIGHTS.get(name, 0.0) * value for name, value in signals.items())
    if "same_petitioner" in signals:
        logit += SAME_PETITIONER_WEIGHT
    return Match(score=round(1 / (1 + math.exp(-logit)), 4), reasons=reasons)


def evidence(fa: Features, fb: Features, idf: Idf) -> tuple[dict[str, float], list[str]]:
    """The signals the score weighs (text cosines and fact indicators) and their reason codes."""
    text_tokens = _cosine(fa.tokens, fb.tokens, idf.token_df, idf)
    text_bigrams = _cosine(fa.bigrams, fb.bigrams, idf.bigram_df, idf)
    signals = {"text_tokens": text_tokens, "text_bigrams": text_bigrams}
    reasons = []
    if set(fa.petitioner_keys) & set(fb.petitioner_keys):
        signals["same_petitioner"] = 1.0
        reasons.append("same_petitioner")
    reasons.append(f"text_similar:{(text_tokens + text_bigrams) / 2:.2f}")
    for name, verdict, detail in (*_attribute_checks(fa, fb), *_organisation_check(fa, fb)):
        signals[f"{verdict}_{name}"] = 1.0
        reasons.append(f"{verdict}_{name}" + (f":{detail}" if detail else ""))
    return signals, reasons


def _attribute_checks(fa: Features, fb: Features) -> Iterable[tuple[str, str, str]]:
    for name, left, right in (
        ("village", {fa.village} - {None}, {fb.village} - {None}),
        ("category", {fa.category} - {None}, {fb.category} - {None}),
        ("amount", set(fa.facts.amounts), set(fb.facts.amounts)),
        ("area", set(fa.facts.areas), set(fb.facts.areas)),
        ("year", set(fa.facts.years), set(fb.facts.years)),
        ("month", set(fa.facts.months), set(fb.facts.months)),
        ("case_number", set(fa.facts.case_numbers), set(fb.facts.case_numbers)),
        ("name", _surnames(fa.facts.names), _surnames(fb.facts.names)),
        ("place", set(fa.facts.places), set(fb.facts.places)),
    ):
        if not left or not right:
            continue
        shared = left & right
        if shared:
            yield (
                name,
                "same",
                "、".join(sorted(map(str, shared))) if name not in ("village", "category") else "",
            )
        else:
            yield (
                name,
                "different",
                f"{'、'.join(sorted(map(str, left)))}/{'、'.join(sorted(map(str, right)))}",
            )


def _organisation_check(fa: Features, fb: Features) -> Iterable[tuple[str, str, str]]:
    left, right = fa.facts.organisations, fb.facts.organisations
    if not left or not right:
        return
    # The head of a firm's or project's name tells it apart (恒达 / 金鑫); the rest is its trade.
    shared = {a for a in left for b in right if a[:2] in b or b[:2] in a}
    if shared:
        yield "organisation", "same", "、".join(sorted(shared))
    else:
        yield "organisation", "different", f"{'、'.join(left)}/{'、'.join(right)}"


def _surnames(names: Iterable[str]) -> set[str]:
    return {name[0] for name in names}


def _cosine(a: Mapping[str, int], b: Mapping[str, int], df: Mapping[str, int], idf: Idf) -> float:
    if not a or not b:
        return 0.0
    wa, na = idf.vector(a, df)
    wb, nb = idf.vector(b, df)
    if len(wb) < len(wa):
        wa, wb = wb, wa
    dot = sum(w * wb[t] for t, w in wa.items() if t in wb)
    return dot / (na * nb) if na and nb else 0.0


def _interned(counts: Mapping[str, int]) -> dict[str, int]:
    # Many stored petitions share words; interning keeps a large index from holding a copy of each.
    return {sys.intern(term): count for term, count in counts.items()}


class RepeatIndex:
    """Petitions held for repeat search: an inverted index over tokens, facts and petitioner keys."""

    def __init__(self) -> None:
        self.idf = Idf()
        self._ids: list[str] = []
        self._features: list[Features] = []
        self._postings: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, petition_id: str, item: Features) -> None:
        row = len(self._ids)
        self._ids.append(petition_id)
        self._features.append(item)
        self.idf.add(item)
        for key in index_keys(item):
            self._postings[key].append(row)

    def candidates(
        self, draft: Features, limit: int = 10, min_score: float = REPEAT_THRESHOLD, shortlist: int = 200
    ) -> list[tuple[str, Match]]:
        """候选重复件: the stored petitions most likely to be the draft's matter, best first."""
        rows = self._shortlist(draft, shortlist)
        scored = ((self._ids[row], score_features(draft, self._features[row], self.idf)) for row in rows)
        found = [pair for pair in scored if pair[1].score >= min_score]
        return heapq.nlargest(limit, found, key=lambda pair: pair[1].score)

    def _shortlist(self, draft: Features, size: int) -> list[int]:
        """Rows sharing the draft's rarer tokens and facts, by summed weight; common words are skipped."""
        common = max(50, self.idf.documents // 10)
        totals: dict[int, float] = defaultdict(float)
        for key in index_keys(draft):
            postings = self._postings.get(key, ())
            if not postings or (len(postings) > common and not key.startswith("key:")):
                continue
            weight = self.idf.weight(len(postings)) * (3.0 if key.startswith(("fact:", "key:")) else 1.0)
            for row in postings:
                totals[row] += weight
        return heapq.nlargest(size, totals, key=totals.__getitem__)


def index_keys(item: Features) -> set[str]:
    """What a petition is found by: its tokens, its facts (amounts, areas, case numbers), its petitioners."""
    keys = {f"tok:{term}" for term in item.tokens}
    facts = item.facts
    # Facts that single a matter out; a bare surname (张某) or a year is shared by too many to help.
    full_names = (name for name in facts.names if len(name) >= 2)
    keys |= {
        f"fact:{value}"
        for value in (*facts.amounts, *facts.areas, *facts.case_numbers, *facts.organisations, *full_names)
    }
    keys |= {f"key:{key}" for key in item.petitioner_keys}
    return keys
