"""The demo year's training: reproducible from the seed, about two sessions a month inside the year, of training's
own types and hours, and attended only by the demo townships' cadres (who are the realm's demo users)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from deploy.demo import actors
from deploy.demo.__main__ import places
from deploy.demo.plan import TOWNSHIPS, TRAINERS, build, cadres, liaison_villages, staff
from deploy.launcher.config import REPO_ROOT
from services.training_records.domain.training import SessionType, credited_hours_problem
from services.training_records.settings import PETITION_ROLES, TrainingRules

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def county() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    return places(REPO_ROOT / "deploy" / "seed" / "ninghai.json")


@pytest.fixture(scope="module")
def villages(county) -> dict[str, dict[str, str]]:
    return county[0]


def test_the_same_seed_and_day_give_the_same_sessions(villages: dict) -> None:
    assert build(TODAY, villages).training == build(TODAY, villages).training
    assert build(TODAY, villages).training != build(TODAY, villages, seed=1).training


def test_about_two_sessions_a_month_inside_the_year(villages: dict) -> None:
    year = build(TODAY, villages)
    held = [t.starts_at.date() for t in year.training]
    assert 20 <= len(held) <= 30
    assert min(held) >= year.first and max(held) <= TODAY - timedelta(days=4)
    assert len({d.strftime("%Y-%m") for d in held}) == 12
    assert all(d.weekday() < 5 for d in held), "no session on a weekend"
    for t in year.training:
        assert t.recorded_at.date() <= t.starts_at.date() <= t.attendance_at.date() < TODAY
    assert len({t.key for t in year.training}) == len(year.training)


def test_county_and_township_sessions_of_trainings_own_types_and_hours(villages: dict) -> None:
    year = build(TODAY, villages)
    levels = Counter(t.level for t in year.training)
    assert levels["county"] >= 10 and levels["township"] >= 10
    assert {t.session_type for t in year.training} <= set(SessionType)
    assert len({t.session_type for t in year.training}) >= 3
    longest = TrainingRules().max_session_hours
    for t in year.training:
        hours = Decimal(str(t.hours))
        assert 0 < hours <= longest and hours == hours.quantize(Decimal("0.1"))
        assert (t.level == "county") == (t.township is None)
        if t.level == "county":
            assert t.recorder is None, "the county trainer records the county's sessions"
        else:
            assert t.township in TOWNSHIPS
            assert t.recorder == (actors.username(t.township, "trainer") if t.township in TRAINERS else None)
        assert "{" not in t.topic + t.place


def test_every_attendee_is_a_demo_cadre_with_hours_training_accepts(villages: dict) -> None:
    year = build(TODAY, villages)
    demo = {t: set(cadres(villages, t)) for t in TOWNSHIPS}
    everyone = set().union(*demo.values())
    statuses = Counter()
    for t in year.training:
        who = [a.username for a in t.attendance]
        assert who and len(who) == len(set(who)), "nobody listed twice"
        assert set(who) <= (demo[t.township] if t.township else everyone)
        for a in t.attendance:
            hours = Decimal(str(a.hours)) if a.hours is not None else Decimal(str(t.hours))
            assert credited_hours_problem(a.status, hours, Decimal(str(t.hours))) is None, (t.key, a)
            statuses[a.status] += 1
    assert set(statuses) == {"present", "absent", "excused"}
    assert statuses["present"] > 0.75 * sum(statuses.values())
    county_sessions = [t for t in year.training if t.level == "county"]
    assert all(len({a.username.split(".")[1] for a in t.attendance}) >= 3 for t in county_sessions)


def test_the_attendees_are_the_demo_staff_who_hold_a_petition_role(county) -> None:
    villages, names = county
    petition_roles = {r.value for r in PETITION_ROLES}
    people = {u.username: u for u in staff(villages, names)}
    attendees = {a.username for t in build(TODAY, villages).training for a in t.attendance}
    assert attendees <= {u for u, p in people.items() if p.role in petition_roles}
    assert {p.role for p in people.values()} == {
        "township-clerk",
        "township-leader",
        "village-liaison",
        "trainer",
    }


def test_the_diary_is_kept_by_the_townships_liaisons(villages: dict) -> None:
    year = build(TODAY, villages)
    assert all(d.village in liaison_villages(villages, d.township) for d in year.diary)
    for t in TOWNSHIPS:
        assert 2 <= len(liaison_villages(villages, t)) <= 3
