"""The demo year as a plan: who did what on which day, drawn from one fixed seed and the county's date.

Pure: no database, no clock of its own. The same seed and the same "today" give the same plan, so a test, or a run
cut short and resumed, rebuilds the same year. The texts come from texts/petitions.json, written
apart from the code (colloquial, with typos and numbers in words), and are varied per petition by their slots.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from shared.clock import CHINA

SEED = 20261201
TEXTS = Path(__file__).parent / "texts" / "petitions.json"

# Townships no test counts (the suites work in dajiahe, changjie, xidian, and name qiantong, huangtan, yuexi):
# the demo year lives here so `xinfang test`, which runs `up`, finds the tests' townships as they expect.
# Weights make the county unbalanced, as counties are: the ranking and its spread have something to show.
TOWNSHIPS: dict[str, float] = {
    "yuelong": 3.0,
    "taoyuan": 2.2,
    "meilin": 1.6,
    "qiaotouhu": 1.4,
    "liyang": 1.0,
    "yishi": 0.9,
    "chalu": 0.8,
    "sangzhou": 0.6,
}
PETITIONS = 320
CHANNELS = {"visit": 0.36, "letter": 0.18, "phone": 0.2, "online": 0.21, "mailbox": 0.05}
MONTH_WEIGHT = {
    1: 1.4,
    2: 0.7,
    3: 1.0,
    4: 1.0,
    5: 0.9,
    6: 1.1,
    7: 1.2,
    8: 1.0,
    9: 0.9,
    10: 0.8,
    11: 1.0,
    12: 1.3,
}
ACCEPTANCE_DAYS = 15  # intake's default rule; the plan only uses it to decide some late on purpose
HANDLING_DAYS = 60
CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Person:
    name: str
    phone: str | None
    is_representative: bool


@dataclass(frozen=True)
class CasePlan:
    taken_on: date
    opinion_on: date | None
    opinion_text: str
    verdict: str | None
    verdict_on: date | None
    order_on: date | None
    order_text: str
    hard_on: date | None


@dataclass(frozen=True)
class PetitionPlan:
    key: str
    township: str
    village: str
    channel: str
    category: str
    kind: str
    content: str
    received_on: date
    registered_on: date
    people_count: int
    petitioners: tuple[Person, ...]
    by_county: bool
    decision: str | None
    decided_on: date | None
    reason: str | None
    forwarded_to: str | None
    instructed: bool
    case: CasePlan | None


@dataclass(frozen=True)
class DiaryPlan:
    township: str
    village: str
    entry_date: date
    category: str
    concern: str
    people_count: int
    on_spot: str | None
    level: str | None
    resolved_on: date | None


@dataclass(frozen=True)
class ScreeningPlan:
    township: str
    period: str
    opened_on: date
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class EmergencyPlan:
    township: str
    village: str
    what: str
    people: int
    received_at: datetime
    responded_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class DemoYear:
    today: date
    first: date
    petitions: tuple[PetitionPlan, ...]
    diary: tuple[DiaryPlan, ...]
    screening: tuple[ScreeningPlan, ...]
    emergencies: tuple[EmergencyPlan, ...] = field(default=())


@cache
def texts() -> dict[str, Any]:
    return json.loads(TEXTS.read_text(encoding="utf-8"))


def in_words(n: int) -> str:
    """How people say an amount: 三万五, 一万二千, 八千: the digits a clerk would have to read twice."""
    wan, rest = divmod(n, 10000)
    thousands = rest // 1000
    if wan and thousands:
        return f"{_small(wan)}万{CHINESE_DIGITS[thousands]}"
    if wan:
        return f"{_small(wan)}万"
    return f"{CHINESE_DIGITS[thousands]}千" if thousands else str(n)


def _small(n: int) -> str:
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CHINESE_DIGITS[tens]}十{CHINESE_DIGITS[ones] if ones else ''}"


def build(today: date, villages: dict[str, dict[str, str]], seed: int = SEED) -> DemoYear:
    """The year before `today` (the county's date); `villages`: township slug → {village slug: name}."""
    rng = random.Random(seed)
    first = today - timedelta(days=365)
    last = today - timedelta(days=1)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    weights = [MONTH_WEIGHT[d.month] * (0.35 if d.weekday() >= 5 else 1.0) for d in days]
    received = sorted(rng.choices(days, weights=weights, k=PETITIONS))
    petitions = tuple(
        _petition(rng, f"demo-{first:%Y%m%d}-{i:04d}", d, last, villages) for i, d in enumerate(received)
    )
    return DemoYear(
        today=today,
        first=first,
        petitions=petitions,
        diary=tuple(_diary(rng, days, last, villages)),
        screening=tuple(_screening(rng, today, villages)),
        emergencies=tuple(_emergencies(rng, days, villages)),
    )


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _fill(rng: random.Random, text: str, village_name: str, on: date) -> str:
    t = texts()
    amount = rng.choice([3800, 8600, 12000, 23000, 35000, 46000, 68000, 120000])
    return text.format(
        village=village_name,
        amount=in_words(amount) if rng.random() < 0.6 else f"{amount}元",
        n=rng.choice(["两", "三", "四", "五", "七", "十来", "二十几", "3", "6"]),
        company=rng.choice(t["companies"]),
        month=rng.choice([on.month, max(1, on.month - 1), max(1, on.month - 2)]),
    )


def _person(rng: random.Random, representative: bool) -> Person:
    t = texts()
    name = rng.choice(t["surnames"]) + rng.choice(t["given"])
    phone = f"13{rng.randint(5, 9)}{rng.randint(0, 99999999):08d}" if rng.random() < 0.7 else None
    return Person(name, phone, representative)


def _petition(
    rng: random.Random, key: str, received_on: date, last: date, villages: dict[str, dict[str, str]]
) -> PetitionPlan:
    t = texts()
    township = _pick(rng, TOWNSHIPS)
    village = rng.choice(sorted(villages[township]))
    channel = _pick(rng, CHANNELS)
    source = rng.choice(t["petitions"])
    # How the matter is told differs by channel and person: a letter opens politely, a call is written down.
    told = rng.choice(t["openings"][channel]) + source["text"] + rng.choice(t["closings"])
    content = _fill(rng, told, villages[township][village], received_on)
    # 补录: a letter is opened days after it came; a visit is written down the same day.
    lag = {"letter": rng.randint(1, 4), "mailbox": rng.randint(0, 2)}.get(channel, 0)
    registered_on = min(received_on + timedelta(days=lag), last)
    collective = rng.random() < 0.07
    people = rng.randint(6, 30) if collective else rng.choice([1, 1, 1, 1, 2, 3])
    named = min(people, rng.randint(1, 3) if collective else people)
    persons = tuple(_person(rng, k == 0 and named > 1) for k in range(named))
    decision, decided_on, reason, forwarded = _decision(rng, registered_on, last)
    case = _case(rng, decided_on, last) if decision == "accepted" and decided_on else None
    return PetitionPlan(
        key=key,  # the registration's idempotency key: a resumed run replays it
        township=township,
        village=village,
        channel=channel,
        category=source["category"],
        kind=source["kind"],
        content=content,
        received_on=received_on,
        registered_on=registered_on,
        people_count=people,
        petitioners=persons,
        by_county=rng.random() < 0.05,  # 越级访: brought to the county before the township had it
        decision=decision,
        decided_on=decided_on,
        reason=reason,
        forwarded_to=forwarded,
        instructed=channel in ("letter", "mailbox") and rng.random() < 0.45,
        case=case,
    )


def _decision(
    rng: random.Random, registered_on: date, last: date
) -> tuple[str | None, date | None, str | None, str | None]:
    t = texts()
    late = rng.random() < 0.1
    wait = rng.randint(ACCEPTANCE_DAYS + 1, ACCEPTANCE_DAYS + 10) if late else rng.randint(1, 12)
    decided_on = registered_on + timedelta(days=wait)
    if decided_on > last:
        return None, None, None, None  # still awaiting acceptance today
    roll = rng.random()
    if roll < 0.08:
        return "not_accepted", decided_on, rng.choice(t["not_accepted"]), None
    if roll < 0.15:
        return "forwarded", decided_on, None, rng.choice(t["forwarded"])
    return "accepted", decided_on, None, None


def _case(rng: random.Random, accepted_on: date, last: date) -> CasePlan:
    t = texts()
    taken_on = min(accepted_on + timedelta(days=rng.randint(0, 2)), last)
    roll = rng.random()
    stalled = roll < 0.06  # no opinion at all: the overdue backlog
    late = 0.06 <= roll < 0.16
    days = rng.randint(HANDLING_DAYS + 2, HANDLING_DAYS + 30) if late else rng.randint(12, HANDLING_DAYS - 2)
    opinion_on: date | None = None if stalled else accepted_on + timedelta(days=days)
    if opinion_on and (opinion_on > last or opinion_on < taken_on):
        opinion_on = None
    verdict, verdict_on = None, None
    if opinion_on and rng.random() < 0.9:
        verdict_on = opinion_on + timedelta(days=rng.randint(3, 14))
        if verdict_on <= last:
            verdict = rng.choices(
                ["satisfied", "basically_satisfied", "dissatisfied"], weights=[0.66, 0.24, 0.1]
            )[0]
        else:
            verdict_on = None
    open_until = opinion_on or last
    order_on = accepted_on + timedelta(days=rng.randint(40, 70))
    order_on = order_on if (stalled or late) and order_on < open_until and order_on <= last else None
    hard_on = accepted_on + timedelta(days=rng.randint(75, 110))
    hard_on = hard_on if stalled and rng.random() < 0.6 and hard_on <= last else None
    return CasePlan(
        taken_on=taken_on,
        opinion_on=opinion_on,
        opinion_text=rng.choice(t["opinions"]),
        verdict=verdict,
        verdict_on=verdict_on,
        order_on=order_on,
        order_text=rng.choice(t["orders"]),
        hard_on=hard_on,
    )


def _diary(
    rng: random.Random, days: list[date], last: date, villages: dict[str, dict[str, str]]
) -> list[DiaryPlan]:
    out = []
    for entry_date in sorted(rng.choices(days, k=72)):
        township = _pick(rng, TOWNSHIPS)
        village = rng.choice(sorted(villages[township]))
        source = rng.choice(texts()["diary"])
        concern = _fill(rng, source["text"], villages[township][village], entry_date)
        level = resolved_on = None
        if not source["settled"]:
            resolved_on = entry_date + timedelta(days=rng.randint(2, 25))
            if resolved_on > last or rng.random() < 0.15:
                resolved_on = None
            else:
                level = rng.choices(["village", "township", "county"], weights=[0.55, 0.35, 0.1])[0]
        out.append(
            DiaryPlan(township, village, entry_date, source["category"], concern,
                      rng.choice([1, 1, 2, 3, 5]), source["settled"], level, resolved_on)
        )  # fmt: skip
    return out


def _screening(rng: random.Random, today: date, villages: dict[str, dict[str, str]]) -> list[ScreeningPlan]:
    """Monthly registers of the last six ended months in the busier townships, one to three items each."""
    out = []
    y, m = today.year, today.month
    for _ in range(6):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        for township in list(TOWNSHIPS)[:4]:
            items = []
            for _k in range(rng.randint(1, 3)):
                source = rng.choice(texts()["screening"])
                village = rng.choice(sorted(villages[township]))
                items.append(
                    {
                        "village": village,
                        "description": _fill(rng, source["description"], villages[township][village], today),
                        "measures": source["measures"],
                        "risk_level": source["risk"],
                        "people_count": rng.randint(1, 25),
                        "responsible_person": _person(rng, False).name,
                        "outcome": rng.choices([None, "controlled", "resolved"], weights=[0.3, 0.3, 0.4])[0],
                    }
                )
            out.append(
                ScreeningPlan(township, f"{y}-{m:02d}", date(y, m, 1) + timedelta(days=2), tuple(items))
            )
    return out


def _emergencies(
    rng: random.Random, days: list[date], villages: dict[str, dict[str, str]]
) -> list[EmergencyPlan]:
    out = []
    for on in sorted(rng.choices(days[:-2], k=14)):
        township = _pick(rng, TOWNSHIPS)
        village = rng.choice(sorted(villages[township]))
        at = datetime.combine(on, time(rng.randint(7, 21), rng.randint(0, 59)), CHINA)
        responded = at + timedelta(minutes=rng.randint(10, 150))
        resolved = responded + timedelta(hours=rng.randint(2, 40)) if rng.random() < 0.85 else None
        out.append(
            EmergencyPlan(township, village, rng.choice(texts()["emergencies"]), rng.randint(1, 6),
                          at, responded, resolved)
        )  # fmt: skip
    return out
