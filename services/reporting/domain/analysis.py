"""The monthly situation analysis (月度信访形势分析) assembled from the figures the API answers, and nothing else.

The input is the figures as `GET /figures/overview` and `/figures/trend` answer them (their JSON shape), so the PDF
and the workbook cannot say a number the API does not. The sentences state facts only ("本月共收到信访事项6件，
环比上升50.0%"): a comparison with a month of 0 is said to have no base, a rate without a denominator has no value,
and nothing is judged. Each section is rendered twice, as a page of the PDF and as a sheet of the workbook, from
the same tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.reporting.domain.figures import Month, Rate, rank_townships, spread

Figures = Mapping[str, Any]  # one month of one township or of the county, as the API answers it
Cell = str | int | float | None
TREND_MONTHS = 12  # the trend the analysis shows: the month and the eleven before it

# Labels of the values the events carry (intake's vocabulary); an unknown value is printed as it comes.
CHANNELS = {"letter": "来信", "visit": "来访", "phone": "电话", "online": "网上", "mailbox": "领导信箱"}
CATEGORIES = {
    "finance": "涉财",
    "land": "征地拆迁",
    "labour": "劳动社保",
    "village_affairs": "村务",
    "environment": "生态环境",
    "law": "涉法涉诉",
    "misconduct": "检举控告",
    "other": "其他",
}
KINDS = {"suggestion": "建议意见类", "accusation": "检举控告类", "claim": "申诉求决类"}
THREE = {"repeat": "重复访", "collective": "集体访", "skip_level": "越级访"}
# The four rates the national system ranks by, and 领导阅批率 (letters), with the names of their two numbers.
RATES = {
    "timely_acceptance": ("及时受理率", "按时受理", "应受理"),
    "on_time_completion": ("按期办结率", "按期办结", "应办结"),
    "satisfaction": ("群众满意率", "满意及基本满意", "参评"),
    "participation": ("参评率", "参评", "办结"),
}
INSTRUCTION = ("领导阅批率", "领导阅批", "来信")
# 培训覆盖率: the cadres of the month-end roster trained since January 1, of the roster.
COVERAGE = ("培训覆盖率", "年内已参训", "月末在岗干部")
LEVELS = {"village": "村级", "township": "乡镇级", "county": "县级"}
NO_VALUE = "—"


@dataclass(frozen=True)
class Table:
    """`percent`: the columns (by index) that hold a share in [0, 1], printed as 60.0 %."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    percent: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    """A bar chart (one series per label group) or a line chart over months; `percent`: values are shares."""

    kind: str  # "bar" | "line"
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    percent: bool = False


@dataclass(frozen=True)
class Section:
    key: str  # the sheet's name in the workbook
    title: str
    sentences: tuple[str, ...]
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Analysis:
    month: str
    township: str | None
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class AnalysisInput:
    """`trend`: the months from TREND_MONTHS - 1 before `month` to it, oldest first; `last_year`: the same month a
    year earlier; `townships`: the month's figures of every township (the county's analysis only)."""

    month: Month
    place: str
    current: Figures
    trend: Sequence[Figures]
    last_year: Figures
    townships: Sequence[Figures] = field(default_factory=tuple)

    @property
    def previous(self) -> Figures:
        return self.trend[-2] if len(self.trend) > 1 else self.current


# -- numbers and how they are said -------------------------------------------------------------------------
def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def change(now: int, before: int) -> float | None:
    """(now − before) ÷ before, four places; None when before is 0 (no base to compare with)."""
    return None if before == 0 else round((now - before) / before, 4)


def percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value * 100:.1f}%"


def said_change(name: str, now: int, before: int) -> str:
    """环比上升50.0% / 环比下降25.0% / 环比持平 / 环比无可比基数（上期为0）."""
    if before == 0:
        return f"{name}无可比基数（上期为0件）" if now else f"{name}持平"
    c = change(now, before) or 0.0
    if c == 0:
        return f"{name}持平"
    return f"{name}{'上升' if c > 0 else '下降'}{percent(abs(c))}"


def month_label(month: str) -> str:
    year, m = month.split("-")
    return f"{int(year)}年{int(m)}月"


def _short_month(month: str) -> str:
    year, m = month.split("-")
    return f"{year[2:]}.{m}"


def _rate(r: Mapping[str, Any]) -> Rate:
    return Rate(int(r["numerator"]), int(r["denominator"]))


def rate_sentence(name: str, numerator_name: str, denominator_name: str, r: Mapping[str, Any]) -> str:
    """及时受理率60.0%（按时受理3件，应受理5件）; 及时受理率无应计数（应受理0件）."""
    if r["denominator"] == 0:
        return f"{name}无应计数（{denominator_name}0件）"
    return f"{name}{percent(r['rate'])}（{numerator_name}{r['numerator']}件，{denominator_name}{r['denominator']}件）"


def coverage_sentence(r: Mapping[str, Any]) -> str:
    """月末在岗干部3人，年内已参训2人，培训覆盖率66.7%; without a roster, 无应计数 (people, not 件)."""
    if r["denominator"] == 0:
        return "培训覆盖率无应计数（月末在岗干部0人）。"
    return f"月末在岗干部{r['denominator']}人，年内已参训{r['numerator']}人，培训覆盖率{percent(r['rate'])}。"


def _label(labels: Mapping[str, str], value: str) -> str:
    return labels.get(value, value or "未填")


# -- the sections ------------------------------------------------------------------------------------------
def _overall(i: AnalysisInput) -> Section:
    now, before, year_ago = i.current["petitions"], i.previous["petitions"], i.last_year["petitions"]
    sentence = (
        f"本月共收到信访事项{now}件，{said_change('环比', now, before)}，"
        f"{said_change('同比', now, year_ago)}。上月{before}件，去年同月{year_ago}件。"
    )
    table = Table(
        "信访总量",
        ("指标", "本月", "上月", "环比", "去年同月", "同比"),
        (("信访总量", now, before, change(now, before), year_ago, change(now, year_ago)),),
        frozenset({3, 5}),
    )
    trend = Table(
        "近12个月信访总量",
        ("月份", "信访总量"),
        tuple((m["month"], m["petitions"]) for m in i.trend),
    )
    chart = Chart(
        "line",
        "近12个月信访总量（件）",
        tuple(_short_month(m["month"]) for m in i.trend),
        (("信访总量", tuple(float(m["petitions"]) for m in i.trend)),),
    )
    return Section("总体情况", "一、信访总量", (sentence,), (table, trend), (chart,))


def _breakdown_table(title: str, head: str, counts: Mapping[str, int], labels: Mapping[str, str]) -> Table:
    total = sum(counts.values())
    ordered = [*(k for k in labels if k in counts), *sorted(k for k in counts if k not in labels)]
    rows = tuple((_label(labels, k), counts[k], share(counts[k], total)) for k in ordered)
    return Table(title, (head, "件数", "占比"), (*rows, ("合计", total, share(total, total))), frozenset({2}))


def _breakdown_sentence(what: str, counts: Mapping[str, int], labels: Mapping[str, str]) -> str:
    total = sum(counts.values())
    if not total:
        return f"本月无{what}统计。"
    parts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    said = "，".join(f"{_label(labels, k)}{n}件（{percent(share(n, total))}）" for k, n in parts)
    return f"按{what}：{said}。"


def _breakdowns(i: AnalysisInput) -> Section:
    c = i.current
    tables = (
        _breakdown_table("按渠道", "渠道", c["by_channel"], CHANNELS),
        _breakdown_table("按问题类别", "问题类别", c["by_category"], CATEGORIES),
        _breakdown_table("按性质", "性质", c["by_kind"], KINDS),
    )
    sentences = (
        _breakdown_sentence("渠道", c["by_channel"], CHANNELS),
        _breakdown_sentence("问题类别", c["by_category"], CATEGORIES),
        _breakdown_sentence("性质", c["by_kind"], KINDS),
    )
    channels = tables[0].rows[:-1]
    chart = Chart(
        "bar", "各渠道信访量（件）", tuple(str(r[0]) for r in channels),
        (("件数", tuple(float(r[1] or 0) for r in channels)),),
    )  # fmt: skip
    return Section("渠道类别性质", "二、信访渠道、问题类别和性质", sentences, tables, (chart,))


def _three(i: AnalysisInput) -> Section:
    now, before, year_ago = (f["three_petitions"] for f in (i.current, i.previous, i.last_year))
    said = "，".join(
        f"{name}{now[k]}件（{said_change('环比', now[k], before[k])}）" for k, name in THREE.items()
    )
    rows = tuple(
        (name, now[k], before[k], change(now[k], before[k]), year_ago[k], change(now[k], year_ago[k]))
        for k, name in THREE.items()
    )
    table = Table("三类信访", ("类别", "本月", "上月", "环比", "去年同月", "同比"), rows, frozenset({3, 5}))
    trend = Table(
        "三类信访近12个月趋势",
        ("月份", *THREE.values()),
        tuple((m["month"], *(m["three_petitions"][k] for k in THREE)) for m in i.trend),
    )
    chart = Chart(
        "line",
        "三类信访近12个月趋势（件）",
        tuple(_short_month(m["month"]) for m in i.trend),
        tuple((name, tuple(float(m["three_petitions"][k]) for m in i.trend)) for k, name in THREE.items()),
    )
    return Section(
        "三类信访", "三、三类信访（重复访、集体访、越级访）", (f"本月{said}。",), (table, trend), (chart,)
    )


def _rates(i: AnalysisInput) -> Section:
    rates = i.current["rates"]
    named = [*RATES.items(), ("instruction_rate", INSTRUCTION)]
    sentences = tuple(f"{rate_sentence(n, num, den, rates[k])}。" for k, (n, num, den) in named)
    rows = tuple(
        (n, f"{num} ÷ {den}", rates[k]["numerator"], rates[k]["denominator"], rates[k]["rate"])
        for k, (n, num, den) in named
    )
    table = Table("各项比率", ("比率", "口径", "分子", "分母", "比率值"), rows, frozenset({4}))
    trend = Table(
        "四项比率近12个月趋势",
        ("月份", *(n for n, _, _ in RATES.values())),
        tuple((m["month"], *(m["rates"][k]["rate"] for k in RATES)) for m in i.trend),
        frozenset({1, 2, 3, 4}),
    )
    chart = Chart(
        "line",
        "四项比率近12个月趋势",
        tuple(_short_month(m["month"]) for m in i.trend),
        tuple((n, tuple(m["rates"][k]["rate"] for m in i.trend)) for k, (n, _, _) in RATES.items()),
        percent=True,
    )
    return Section("四项比率", "四、四项比率", sentences, (table, trend), (chart,))


def _ranking_sentence(name: str, ranked: Sequence[Any]) -> str:
    s = spread(ranked)
    without = [r.township for r in ranked if r.rank is None]
    if s.value is None:
        said = f"{name}：本月各乡镇均无应计数"
    else:
        top = next(r for r in ranked if r.township == s.highest)
        bottom = next(r for r in reversed(ranked) if r.township == s.lowest)
        said = (
            f"{name}：最高{s.highest}（{percent(top.rate.value)}），最低{s.lowest}（{percent(bottom.rate.value)}），"
            f"极差{s.value * 100:.1f}个百分点"
        )
    return said + (f"；无应计数的乡镇：{'、'.join(without)}。" if without else "。")


def _ranking(i: AnalysisInput) -> Section:
    sentences, tables = [], []
    for key, (name, num, den) in RATES.items():
        ranked = rank_townships([(t["township"], _rate(t["rates"][key])) for t in i.townships])
        sentences.append(_ranking_sentence(name, ranked))
        rows = tuple(
            (NO_VALUE if r.rank is None else r.rank, r.township, r.rate.numerator, r.rate.denominator, r.rate.value)
            for r in ranked
        )  # fmt: skip
        tables.append(Table(f"{name}排名", ("名次", "乡镇", num, den, name), rows, frozenset({4})))
    volume = sorted(i.townships, key=lambda t: (-t["petitions"], t["township"]))
    total = i.current["petitions"]
    tables.append(
        Table(
            "各乡镇信访量",
            ("乡镇", "信访总量", "占全县", *THREE.values(), "超期未办结", "疑难积案"),
            tuple(
                (
                    t["township"],
                    t["petitions"],
                    share(t["petitions"], total),
                    *(t["three_petitions"][k] for k in THREE),
                    t["backlog"]["overdue"],
                    t["backlog"]["hard_cases"],
                )
                for t in volume
            ),
            frozenset({2}),
        )
    )
    chart = Chart(
        "bar", "各乡镇信访量（件）", tuple(t["township"] for t in volume),
        (("信访总量", tuple(float(t["petitions"]) for t in volume)),),
    )  # fmt: skip
    lead = f"本月有统计数据的乡镇{len(i.townships)}个。各项比率的乡镇排名与极差（最高减最低）如下，反映工作开展不平衡情况。"
    return Section("乡镇排名", "五、乡镇排名与工作开展不平衡", (lead, *sentences), tuple(tables), (chart,))


def _backlog(i: AnalysisInput) -> Section:
    now, before = i.current, i.previous
    b, p = now["backlog"], before["backlog"]
    sentence = (
        f"月末超期未办结{b['overdue']}件（上月末{p['overdue']}件），疑难积案{b['hard_cases']}件（上月末"
        f"{p['hard_cases']}件）；本月重复交办{now['repeat_assignments']}件次。"
    )
    rows = (
        ("超期未办结", b["overdue"], p["overdue"]),
        ("疑难积案", b["hard_cases"], p["hard_cases"]),
        ("重复交办（件次）", now["repeat_assignments"], before["repeat_assignments"]),
    )
    table = Table("积案情况", ("指标", "本月", "上月"), rows)
    return Section("积案", "六、超期未办结与疑难积案", (sentence,), (table,))


def _levels(i: AnalysisInput) -> Section:
    levels = i.current["resolution_levels"]
    total = sum(levels[k] for k in LEVELS)
    if total:
        said = "，".join(
            f"{name}化解{levels[k]}件（{percent(share(levels[k], total))}）" for k, name in LEVELS.items()
        )
        sentence = f"本月民情日记化解{total}件：{said}。"
    else:
        sentence = "本月民情日记无化解记录。"
    rows = tuple((name, levels[k], share(levels[k], total)) for k, name in LEVELS.items())
    table = Table(
        "化解层级", ("层级", "件数", "占比"), (*rows, ("合计", total, share(total, total))), frozenset({2})
    )
    return Section("化解层级", "七、化解层级（小事不出村，大事不出镇）", (sentence,), (table,))


def _screening(i: AnalysisInput) -> Section:
    s = i.current["screening"]
    sentence = f"本月排查不稳定因素{s['screened']}项，稳控{s['controlled']}项，化解{s['resolved']}项。"
    rows = (("排查", s["screened"]), ("稳控", s["controlled"]), ("化解", s["resolved"]))
    return Section(
        "排查化解", "八、不稳定因素排查化解", (sentence,), (Table("不稳定因素", ("指标", "项数"), rows),)
    )


def _training(i: AnalysisInput) -> Section:
    t = i.current["training"]
    sentence = (
        f"本月培训学时{t['hours']:.1f}小时，出席{t['attendances']}人次，参训干部{t['cadres_trained']}人。"
    )
    name, num, den = COVERAGE
    c = t["coverage"]
    rows = (
        ("培训学时（小时）", t["hours"]),
        ("出席人次", t["attendances"]),
        ("参训干部（人）", t["cadres_trained"]),
    )
    coverage = Table(
        name, ("比率", "口径", "分子", "分母", "比率值"),
        ((name, f"{num} ÷ {den}", c["numerator"], c["denominator"], c["rate"]),), frozenset({4}),
    )  # fmt: skip
    said = coverage_sentence(c)
    return Section(
        "培训", "九、信访干部培训", (sentence, said), (Table("培训", ("指标", "数值"), rows), coverage)
    )


def assemble(i: AnalysisInput, county_wide: bool) -> Analysis:
    """The county's analysis has the township ranking; a township's has its own figures only."""
    sections = [_overall(i), _breakdowns(i), _three(i), _rates(i)]
    if county_wide:
        sections.append(_ranking(i))
    sections += [_backlog(i), _levels(i), _screening(i), _training(i)]
    numbered = tuple(_renumber(s, n) for n, s in enumerate(sections))
    month = str(i.month)
    return Analysis(month, i.current["township"], f"{i.place}{month_label(month)}信访形势分析", numbered)


_NUMERALS = "一二三四五六七八九十"


def _renumber(section: Section, n: int) -> Section:
    """A township's analysis has no ranking section: the headings stay numbered without a gap."""
    _, _, title = section.title.partition("、")
    return Section(section.key, f"{_NUMERALS[n]}、{title}", section.sentences, section.tables, section.charts)


def chart_text(analysis: Analysis) -> str:
    """Every character the charts print: the font the charts are drawn with needs them all."""
    parts = [
        text
        for s in analysis.sections
        for c in s.charts
        for text in (c.title, *c.labels, *(name for name, _ in c.series))
    ]
    return "".join(parts)
