"""The analysis is assembled from the figures as the API answers them: every number it states is one of them, the
comparisons and shares are worked out here by hand, and the sentences say facts only."""

from __future__ import annotations

from typing import Any

from services.reporting.domain.analysis import (
    AnalysisInput,
    assemble,
    change,
    chart_text,
    rate_sentence,
    said_change,
)
from services.reporting.domain.figures import Month


def rate(numerator: int, denominator: int) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "rate": None if denominator == 0 else round(numerator / denominator, 4),
    }


def figures(month: str, township: str | None = None, petitions: int = 0, **over: Any) -> dict[str, Any]:
    """One month as `GET /figures/overview` answers it (zeros but what is given)."""
    f: dict[str, Any] = {
        "month": month,
        "township": township,
        "petitions": petitions,
        "by_channel": {},
        "by_category": {},
        "by_kind": {},
        "three_petitions": {"repeat": 0, "collective": 0, "skip_level": 0},
        "rates": {
            k: rate(0, 0)
            for k in (
                "timely_acceptance",
                "on_time_completion",
                "satisfaction",
                "participation",
                "instruction_rate",
            )
        },
        "backlog": {"overdue": 0, "hard_cases": 0},
        "repeat_assignments": 0,
        "resolution_levels": {"village": 0, "township": 0, "county": 0},
        "screening": {"screened": 0, "controlled": 0, "resolved": 0},
        "training": {"hours": 0.0, "attendances": 0, "cadres_trained": 0, "coverage": rate(0, 0)},
    }
    f.update(over)
    return f


def months_to(last: str, n: int = 12) -> list[str]:
    year, m = map(int, last.split("-"))
    index = year * 12 + m - 1
    return [f"{(i) // 12:04d}-{i % 12 + 1:02d}" for i in range(index - n + 1, index + 1)]


MARCH = figures(
    "2003-03",
    petitions=6,
    by_channel={"letter": 2, "online": 1, "visit": 3},
    by_category={"labour": 2, "land": 4},
    by_kind={"claim": 4, "complaint": 1, "suggestion": 1},
    three_petitions={"repeat": 1, "collective": 2, "skip_level": 1},
    rates={
        "timely_acceptance": rate(3, 5),
        "on_time_completion": rate(2, 4),
        "satisfaction": rate(2, 3),
        "participation": rate(0, 0),
        "instruction_rate": rate(0, 2),
    },
    backlog={"overdue": 1, "hard_cases": 2},
    resolution_levels={"village": 3, "township": 1, "county": 0},
    training={"hours": 9.5, "attendances": 3, "cadres_trained": 2, "coverage": rate(2, 3)},
)


def county_input() -> AnalysisInput:
    trend = [figures(m, petitions=n) for m, n in zip(months_to("2003-02", 11), range(11), strict=True)]
    trend[-1] = figures(
        "2003-02", petitions=4, three_petitions={"repeat": 2, "collective": 2, "skip_level": 0}
    )
    townships = [
        figures("2003-03", "dajiahe", 5, rates={**MARCH["rates"], "timely_acceptance": rate(2, 4)}),
        figures("2003-03", "changjie", 1, rates={**MARCH["rates"], "timely_acceptance": rate(1, 1)}),
        figures("2003-03", "qiantong", 0),
    ]
    return AnalysisInput(
        Month(2003, 3), "宁海县", MARCH, [*trend, MARCH], figures("2002-03", petitions=0), townships
    )


def section(analysis, key: str):
    return next(s for s in analysis.sections if s.key == key)


def table(analysis, key: str, title: str):
    return next(t for t in section(analysis, key).tables if t.title == title)


def test_the_total_is_compared_with_last_month_and_last_year():
    a = assemble(county_input(), county_wide=True)
    assert a.title == "宁海县2003年3月信访形势分析"
    overall = section(a, "总体情况")
    assert overall.sentences[0] == (
        "本月共收到信访事项6件，环比上升50.0%，同比无可比基数（上期为0件）。上月4件，去年同月0件。"
    )
    assert table(a, "总体情况", "信访总量").rows == (("信访总量", 6, 4, 0.5, 0, None),)
    assert [r[0] for r in table(a, "总体情况", "近12个月信访总量").rows] == months_to("2003-03")


def test_changes_are_said_as_they_are():
    assert said_change("环比", 3, 4) == "环比下降25.0%"
    assert said_change("环比", 4, 4) == "环比持平"
    assert said_change("环比", 0, 0) == "环比持平"
    assert said_change("同比", 2, 0) == "同比无可比基数（上期为0件）"
    assert change(1, 3) == -0.6667 and change(1, 0) is None


def test_breakdowns_hold_the_counts_with_their_shares_and_intake_labels():
    a = assemble(county_input(), county_wide=True)
    channels = table(a, "渠道类别性质", "按渠道")
    assert channels.rows == (("来信", 2, 0.3333), ("来访", 3, 0.5), ("网上", 1, 0.1667), ("合计", 6, 1.0))
    kinds = table(a, "渠道类别性质", "按性质")
    assert ("complaint", 1, 0.1667) in kinds.rows  # a value without a label is printed as it comes
    assert (
        section(a, "渠道类别性质").sentences[0]
        == "按渠道：来访3件（50.0%），来信2件（33.3%），网上1件（16.7%）。"
    )


def test_the_three_petitions_with_their_change_and_trend():
    a = assemble(county_input(), county_wide=True)
    assert section(a, "三类信访").sentences[0] == (
        "本月重复访1件（环比下降50.0%），集体访2件（环比持平），越级访1件（环比无可比基数（上期为0件））。"
    )
    assert table(a, "三类信访", "三类信访").rows[0] == ("重复访", 1, 2, -0.5, 0, None)
    assert table(a, "三类信访", "三类信访近12个月趋势").rows[-1] == ("2003-03", 1, 2, 1)


def test_the_rates_with_numerator_and_denominator():
    a = assemble(county_input(), county_wide=True)
    rates = section(a, "四项比率")
    assert rates.sentences[:4] == (
        "及时受理率60.0%（按时受理3件，应受理5件）。",
        "按期办结率50.0%（按期办结2件，应办结4件）。",
        "群众满意率66.7%（满意及基本满意2件，参评3件）。",
        "参评率无应计数（办结0件）。",
    )
    assert table(a, "四项比率", "各项比率").rows[0] == ("及时受理率", "按时受理 ÷ 应受理", 3, 5, 0.6)
    assert table(a, "四项比率", "各项比率").rows[3][4] is None  # no denominator: no rate, never 0


def test_the_county_ranks_the_townships_and_states_the_spread():
    a = assemble(county_input(), county_wide=True)
    ranking = section(a, "乡镇排名")
    assert (
        "及时受理率：最高changjie（100.0%），最低dajiahe（50.0%），极差50.0个百分点；无应计数的乡镇：qiantong。"
        in (ranking.sentences)
    )
    assert table(a, "乡镇排名", "及时受理率排名").rows == (
        (1, "changjie", 1, 1, 1.0), (2, "dajiahe", 2, 4, 0.5), ("—", "qiantong", 0, 0, None),
    )  # fmt: skip
    volume = table(a, "乡镇排名", "各乡镇信访量")
    assert [r[:3] for r in volume.rows] == [
        ("dajiahe", 5, 0.8333),
        ("changjie", 1, 0.1667),
        ("qiantong", 0, 0.0),
    ]


def test_a_townships_analysis_has_no_ranking_and_no_gap_in_its_numbering():
    i = county_input()
    own = AnalysisInput(i.month, "宁海县dajiahe", i.current, i.trend, i.last_year)
    a = assemble(own, county_wide=False)
    assert "乡镇排名" not in [s.key for s in a.sections]
    assert [s.title.split("、")[0] for s in a.sections] == list("一二三四五六七八")
    assert a.sections[4].title == "五、超期未办结与疑难积案"


def test_backlog_levels_screening_and_training():
    a = assemble(county_input(), county_wide=True)
    assert (
        section(a, "积案").sentences[0]
        == "月末超期未办结1件（上月末0件），疑难积案2件（上月末0件）；本月重复交办0件次。"
    )
    assert (
        section(a, "化解层级").sentences[0]
        == "本月民情日记化解4件：村级化解3件（75.0%），乡镇级化解1件（25.0%），县级化解0件（0.0%）。"
    )
    assert section(a, "排查化解").sentences[0] == "本月排查不稳定因素0项，稳控0项，化解0项。"
    training = section(a, "培训")
    assert training.sentences == (
        "本月培训学时9.5小时，出席3人次，参训干部2人。",
        "月末在岗干部3人，年内已参训2人，培训覆盖率66.7%。",
    )
    coverage = training.tables[1]
    assert coverage.title == "培训覆盖率" and coverage.percent == frozenset({4})
    assert coverage.rows == (("培训覆盖率", "年内已参训 ÷ 月末在岗干部", 2, 3, 0.6667),)


def test_a_month_with_nothing_says_so_without_inventing():
    empty = figures("2003-03")
    i = AnalysisInput(Month(2003, 3), "宁海县", empty, [empty], empty)
    a = assemble(i, county_wide=True)
    assert section(a, "总体情况").sentences[0].startswith("本月共收到信访事项0件，环比持平，同比持平。")
    assert "本月各乡镇均无应计数" in section(a, "乡镇排名").sentences[1]
    assert section(a, "化解层级").sentences[0] == "本月民情日记无化解记录。"
    assert section(a, "培训").sentences[1] == "培训覆盖率无应计数（月末在岗干部0人）。"
    assert section(a, "培训").tables[1].rows[0][4] is None  # a blank cell, never 0


def test_rate_sentence_and_chart_text():
    assert (
        rate_sentence("及时受理率", "按时受理", "应受理", rate(1, 3))
        == "及时受理率33.3%（按时受理1件，应受理3件）"
    )
    text = chart_text(assemble(county_input(), county_wide=True))
    assert "各渠道信访量" in text and "来访" in text and "changjie" in text
