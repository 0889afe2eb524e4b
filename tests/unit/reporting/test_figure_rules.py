"""The pure rules of the figures: months, rates that are null rather than 0 or 100 %, stage order, the ranking,
and which count the list behind each number reads."""

from datetime import date

import pytest

from services.reporting.domain.figures import (
    FIGURES,
    Month,
    Rate,
    listed,
    rank_townships,
    spread,
    stage_rank,
    trend_span,
)
from services.reporting.persistence.figures import BY_NAME, last_ended_day
from shared.errors import RuleViolation


def test_a_month_has_its_first_and_last_day():
    feb = Month.parse("2004-02")
    assert (feb.first, feb.last) == (date(2004, 2, 1), date(2004, 2, 29))
    assert str(Month.parse("2003-12").next()) == "2004-01"
    assert Month.of(date(2026, 12, 1)) == Month(2026, 12)


@pytest.mark.parametrize("text", ["2004-13", "2004-2", "04-02", "2004-02-01", "1999-12", ""])
def test_a_month_not_written_yyyy_mm_is_refused_naming_the_field(text):
    with pytest.raises(RuleViolation) as caught:
        Month.parse(text)
    assert caught.value.violations[0].field == "month"


def test_a_trend_runs_forward_and_at_most_three_years():
    assert [str(m) for m in trend_span(Month(2003, 11), Month(2004, 2))] == [
        "2003-11", "2003-12", "2004-01", "2004-02",
    ]  # fmt: skip
    with pytest.raises(RuleViolation):
        trend_span(Month(2004, 2), Month(2004, 1))
    with pytest.raises(RuleViolation):
        trend_span(Month(2001, 1), Month(2004, 1))


def test_a_rate_with_nothing_due_is_null_never_zero_or_full():
    assert Rate(0, 0).value is None
    assert Rate(0, 3).value == 0
    assert Rate(3, 3).value == 1
    assert Rate(2, 3).value == 0.6667


def test_the_furthest_stage_ranks_highest_and_unknown_stages_lowest():
    assert (
        stage_rank("handling") < stage_rank("opinion_issued") < stage_rank("in_review") < stage_rank("closed")
    )
    assert stage_rank("closed") < stage_rank("closed_for_good")
    assert stage_rank("a_stage_of_v2") < stage_rank("handling")


def test_townships_rank_highest_first_ties_share_a_rank_and_no_rate_comes_last():
    ranked = rank_townships(
        [("xidian", Rate(1, 2)), ("dajiahe", Rate(3, 4)), ("changjie", Rate(0, 0)), ("qiantong", Rate(2, 4)),
         ("yuelin", Rate(1, 4))]
    )  # fmt: skip
    assert [(r.rank, r.township) for r in ranked] == [
        (1, "dajiahe"), (2, "qiantong"), (2, "xidian"), (4, "yuelin"), (None, "changjie"),
    ]  # fmt: skip
    s = spread(ranked)
    assert (s.highest, s.lowest, s.value) == ("dajiahe", "yuelin", 0.5)


def test_no_township_with_a_rate_has_no_spread():
    s = spread(rank_townships([("changjie", Rate(0, 0))]))
    assert (s.highest, s.lowest, s.value) == (None, None, None)


def test_every_number_of_the_overview_names_the_count_its_list_reads():
    for figure, keys in FIGURES.items():
        for key, count in keys.items():
            assert listed(figure, key).count == count and count in BY_NAME, (figure, key)
    assert listed("by_channel", "letter").column == "channel"


@pytest.mark.parametrize(
    ("figure", "key", "field", "reason"),
    [("nothing", None, "figure", "invalid_value"), ("instruction_rate", None, "key", "required"),
     ("instruction_rate", "half", "key", "invalid_value"), ("petitions", "letter", "key", "invalid_value"),
     ("by_kind", None, "key", "required")],
)  # fmt: skip
def test_an_unknown_figure_or_key_is_refused_naming_it(figure, key, field, reason):
    with pytest.raises(RuleViolation) as caught:
        listed(figure, key)
    assert (caught.value.violations[0].field, caught.value.violations[0].reason) == (field, reason)


def test_the_backlogs_are_read_at_the_end_of_the_last_day_that_has_ended():
    assert last_ended_day(date(2002, 6, 30), date(2026, 12, 1)) == date(2002, 6, 30)
    assert last_ended_day(date(2026, 12, 31), date(2026, 12, 10)) == date(2026, 12, 9)
