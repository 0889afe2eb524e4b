"""The demo year as a plan: who did what on which day, drawn from one fixed seed and the county's date.

Pure: no database, no clock of its own. The same seed and the same "today" give the same plan, so a test, or a run
cut short and resumed, rebuilds the same year. The texts come from texts/petitions.json and texts/training.json,
written apart from the code (colloquial, with typos and numbers in words), and are varied per petition by their
slots. The demo townships' staff (`staff`) are the realm's demo users: the diary is kept by their village liaisons
only, and the training sessions count only them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import cycle
from pathlib import Path
from typing import Any

from shared.clock import CHINA

from .actors import DemoUser, liaison_user, staff_user, username

SEED = 20261201
TEXTS = Path(__file__).parent / "texts" / "petitions.json"
TRAINING_TEXTS = Path(__file__).parent / "texts" / "training.json"

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
# Each township's village liaisons (信息员): the first villages the county file lists (the seat first), more in
# the busier townships. Trainers of their own: two townships; the county trainer records the others' sessions.
LIAISONS = {t: 3 if weight >= 1.4 else 2 for t, weight in TOWNSHIPS.items()}
TRAINERS = ("yuelong", "taoyuan")
# 岔路镇 records no training in the year: the county's laggard, 0 on coverage. It is also the first township by
# slug, which tests/integration/training_records/test_coverage.py reads as a year without hours.
TRAINING_TOWNSHIPS = tuple(t for t in TOWNSHIPS if t != "chalu")
# Training's own session types and hours (services/training_records/domain/training.py, at most 40 h a session).
COUNTY_SESSIONS = {"training_class": 0.3, "study_meeting": 0.35, "seminar": 0.15, "experience_exchange": 0.2}
TOWNSHIP_SESSIONS = {"study_meeting": 0.6, "experience_exchange": 0.25, "training_class": 0.15}
COUNTY_HOURS = {
    "training_class": (6.0, 8.0, 12.0),  # a day, a long day, two days
    "study_meeting": (2.5, 3.0),
    "seminar": (3.0, 3.5),
    "experience_exchange": (2.0, 2.5),
}
TOWNSHIP_HOURS = {
    "training_class": (3.0, 4.0),
    "study_meeting": (1.5, 2.0, 2.5),
    "experience_exchange": (2.0,),
}
HOLIDAYS = (((1, 1), (1, 3)), ((2, 10), (2, 24)), ((5, 1), (5, 5)), ((10, 1), (10, 8)))
ATTENDANCE = {"present": 0.86, "excused": 0.08, "absent": 0.06}
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
class AttendancePlan:
    username: str  # a demo cadre (actors.username)
    status: str  # present | excused | absent
    hours: float | None  # present: None for the whole session, or the part they stayed; otherwise 0


@dataclass(frozen=True)
class TrainingPlan:
    key: str  # the recording's idempotency key: a resumed run replays it
    level: str  # county | township
    township: str | None
    session_type: str
    topic: str
    starts_at: datetime
    hours: float
    place: str
    trainers: tuple[str, ...]
    speakers: tuple[str, ...]
    recorder: str | None  # the township's own trainer (username); None: the county trainer
    recorded_at: datetime
    attendance_at: datetime
    attendance: tuple[AttendancePlan, ...]


@dataclass(frozen=True)
class DemoYear:
    today: date
    first: date
    petitions: tuple[PetitionPlan, ...]
    diary: tuple[DiaryPlan, ...]
    screening: tuple[ScreeningPlan, ...]
    emergencies: tuple[EmergencyPlan, ...] = field(default=())
    training: tuple[TrainingPlan, ...] = field(default=())


@cache
def texts() -> dict[str, Any]:
    return json.loads(TEXTS.read_text(encoding="utf-8"))


@cache
def training_texts() -> dict[str, Any]:
    return json.loads(TRAINING_TEXTS.read_text(encoding="utf-8"))


def liaison_villages(villages: dict[str, dict[str, str]], township: str) -> list[str]:
    return list(villages[township])[: LIAISONS[township]]


def cadres(villages: dict[str, dict[str, str]], township: str) -> list[str]:
    """The township's petition cadres training counts (clerk, leader, liaisons; not its trainer), by username."""
    liaisons = [username(township, "village-liaison", v) for v in liaison_villages(villages, township)]
    return [username(township, "township-clerk"), username(township, "township-leader"), *liaisons]


def staff(villages: dict[str, dict[str, str]], names: dict[str, str]) -> tuple[DemoUser, ...]:
    """Every demo township's staff as the realm holds them (`names`: township slugs → names)."""
    out: list[DemoUser] = []
    for t in TOWNSHIPS:
        roles = ["township-clerk", "township-leader", *(["trainer"] if t in TRAINERS else [])]
        out += [staff_user(t, names[t], role) for role in roles]
        out += [liaison_user(t, v, villages[t][v]) for v in liaison_villages(villages, t)]
    return tuple(out)


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
        # A stream of its own from the same seed: the year's other parts do not move when training's plan does.
        training=tuple(_training(random.Random(f"{seed}-training"), first, last, villages)),
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
        village = rng.choice(liaison_villages(villages, township))  # kept by the township's liaisons
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


def _training(
    rng: random.Random, first: date, last: date, villages: dict[str, dict[str, str]]
) -> list[TrainingPlan]:
    """About two sessions a month: one the county bureau organises, one (now and then two) a township does; none
    in the last three days, so each has its attendance recorded by the time the year ends."""
    span, end = (last - first).days + 1, last - timedelta(days=3)
    # Each township holds its own about twice a year: a shuffled round of them, then another.
    n = len(TRAINING_TOWNSHIPS)
    towns = cycle([*rng.sample(TRAINING_TOWNSHIPS, n), *rng.sample(TRAINING_TOWNSHIPS, n)])
    out: list[TrainingPlan] = []
    for k in range(12):
        lo, hi = first + timedelta(days=span * k // 12), first + timedelta(days=span * (k + 1) // 12 - 1)
        days = [lo + timedelta(days=i) for i in range((min(hi, end) - lo).days + 1)]
        workdays = [d for d in days if d.weekday() < 5 and not _holiday(d)]
        levels = ["county", "township", *(["township"] if rng.random() < 0.3 else [])]
        for level, on in zip(levels, sorted(rng.sample(workdays, len(levels))), strict=True):
            key = f"demo-training-{first:%Y%m%d}-{len(out):02d}"
            if level == "county":
                out.append(_county_session(rng, key, on, villages))
            else:
                out.append(_township_session(rng, key, on, villages, next(towns)))
    return out


def _holiday(on: date) -> bool:
    """New Year, the Spring Festival's usual weeks, May Day, National Day: no one holds a training then."""
    return any(start <= (on.month, on.day) <= end for start, end in HOLIDAYS)


def _county_session(
    rng: random.Random, key: str, on: date, villages: dict[str, dict[str, str]]
) -> TrainingPlan:
    t = training_texts()
    kind = _pick(rng, COUNTY_SESSIONS)
    # A training class gathers every township's people; a meeting some townships' clerks, and leaders for the
    # analyses and seminars.
    towns = (
        TRAINING_TOWNSHIPS if kind == "training_class" else rng.sample(TRAINING_TOWNSHIPS, rng.randint(4, 7))
    )
    invited: list[str] = []
    for town in towns:
        clerk, leader, *liaisons = cadres(villages, town)
        invited.append(clerk)
        if kind in ("study_meeting", "seminar") and rng.random() < 0.6:
            invited.append(leader)
        invited += [x for x in liaisons if kind == "training_class" or rng.random() < 0.15]
    return _session(
        rng, key, "county", None, kind, rng.choice(t["county"][kind]), rng.choice(COUNTY_HOURS[kind]), on,
        rng.choice(t["county_places"]), None, invited,
    )  # fmt: skip


def _township_session(
    rng: random.Random, key: str, on: date, villages: dict[str, dict[str, str]], town: str
) -> TrainingPlan:
    t = training_texts()
    kind = _pick(rng, TOWNSHIP_SESSIONS)
    seat = next(iter(villages[town].values()))
    place = rng.choice(t["township_places"]).format(seat=seat)
    recorder = username(town, "trainer") if town in TRAINERS else None
    return _session(
        rng, key, "township", town, kind, rng.choice(t["township"][kind]), rng.choice(TOWNSHIP_HOURS[kind]), on,
        place, recorder, cadres(villages, town),
    )  # fmt: skip


def _session(
    rng: random.Random, key: str, level: str, township: str | None, kind: str, topic: str, hours: float,
    on: date, place: str, recorder: str | None, invited: list[str],
) -> TrainingPlan:  # fmt: skip
    t = training_texts()
    starts = time(9) if hours >= 6 else rng.choice([time(9), time(14, 30)])
    attendance = []
    for who in invited:
        status = _pick(rng, ATTENDANCE)
        stayed = (
            round(hours * rng.choice([0.5, 0.8]), 1) if status == "present" and rng.random() < 0.08 else None
        )
        attendance.append(AttendancePlan(who, status, stayed if status == "present" else 0.0))
    return TrainingPlan(
        key=key, level=level, township=township, session_type=kind, topic=topic,
        starts_at=datetime.combine(on, starts, CHINA), hours=hours, place=place,
        trainers=tuple(rng.sample(t["trainers"], rng.randint(1, 2))),
        speakers=tuple(rng.sample(t["speakers"], 1)) if kind in ("seminar", "experience_exchange") else (),
        recorder=recorder,
        recorded_at=datetime.combine(on - timedelta(days=rng.randint(0, 3)), time(16, 30), CHINA),
        attendance_at=datetime.combine(on + timedelta(days=rng.randint(0, 2)), time(17, 30), CHINA),
        attendance=tuple(attendance),
    )  # fmt: skip
