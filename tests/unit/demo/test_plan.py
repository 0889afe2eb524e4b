"""The demo year's plan: reproducible from its seed, inside the 12 months before today, in no test's township,
every channel and decision present, and each case's steps in the order the law allows."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from deploy.demo.__main__ import places
from deploy.demo.plan import TOWNSHIPS, build, in_words
from deploy.launcher.config import REPO_ROOT
from services.intake.domain.petition import Category, Channel, Kind

TODAY = date(2026, 12, 1)
TESTS_TOWNSHIPS = {"dajiahe", "changjie", "xidian", "qiantong", "huangtan", "yuexi"}


@pytest.fixture(scope="module")
def villages() -> dict[str, dict[str, str]]:
    return places(REPO_ROOT / "deploy" / "seed" / "ninghai.json")[0]


def test_the_same_seed_and_day_give_the_same_year(villages: dict) -> None:
    assert build(TODAY, villages) == build(TODAY, villages)
    assert build(TODAY, villages) != build(TODAY, villages, seed=1)


def test_the_year_is_the_twelve_months_before_today_and_moderate(villages: dict) -> None:
    year = build(TODAY, villages)
    assert 200 <= len(year.petitions) <= 400
    dates = [p.received_on for p in year.petitions] + [d.entry_date for d in year.diary]
    assert min(dates) >= TODAY - timedelta(days=365)
    assert max(dates) < TODAY
    assert len({p.received_on.strftime("%Y-%m") for p in year.petitions}) == 12


def test_no_test_township_is_touched(villages: dict) -> None:
    year = build(TODAY, villages)
    used = {p.township for p in year.petitions} | {d.township for d in year.diary}
    used |= {r.township for r in year.screening} | {e.township for e in year.emergencies}
    assert used <= set(TOWNSHIPS)
    assert not used & TESTS_TOWNSHIPS


def test_every_channel_decision_and_outcome_occurs(villages: dict) -> None:
    year = build(TODAY, villages)
    assert {p.channel for p in year.petitions} == set(Channel)
    assert {p.category for p in year.petitions} <= set(Category)
    assert {p.kind for p in year.petitions} == set(Kind)
    decisions = Counter(p.decision for p in year.petitions)
    assert {"accepted", "not_accepted", "forwarded", None} <= set(decisions)
    cases = [p.case for p in year.petitions if p.case]
    assert {c.verdict for c in cases} == {"satisfied", "basically_satisfied", "dissatisfied", None}
    assert any(c.opinion_on is None for c in cases), "some cases are still open (some overdue)"
    assert any(c.hard_on for c in cases) and any(c.order_on for c in cases)
    assert any(p.people_count >= 5 for p in year.petitions), "a few collective petitions"
    assert any(p.by_county for p in year.petitions), "a few skip-level petitions"


def test_a_case_moves_forward_in_time(villages: dict) -> None:
    for p in build(TODAY, villages).petitions:
        assert p.received_on <= p.registered_on < TODAY
        if p.decided_on:
            assert p.registered_on < p.decided_on < TODAY
        if c := p.case:
            assert p.decided_on <= c.taken_on
            if c.opinion_on:
                assert c.taken_on <= c.opinion_on < TODAY
            if c.verdict_on:
                assert c.opinion_on and c.opinion_on < c.verdict_on < TODAY
            if c.order_on:
                assert c.order_on < (c.opinion_on or TODAY)


def test_the_contents_vary(villages: dict) -> None:
    contents = [p.content for p in build(TODAY, villages).petitions]
    assert len(set(contents)) > 0.8 * len(contents)
    assert all("{" not in c for c in contents), "every slot is filled"


@pytest.mark.parametrize(
    ("n", "said"), [(35000, "三万五"), (12000, "一万二"), (120000, "十二万"), (8600, "八千"), (500, "500")]
)
def test_amounts_are_said_as_people_say_them(n: int, said: str) -> None:
    assert in_words(n) == said


def test_the_texts_file_lives_apart_from_the_code() -> None:
    assert Path(REPO_ROOT / "deploy" / "demo" / "texts" / "petitions.json").exists()
