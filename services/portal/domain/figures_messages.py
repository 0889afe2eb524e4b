"""Strings of the figures home page (信访态势: the month's rates, petitions by channel, the three petitions, the
township ranking, the trend and the cadres' training), Chinese and English."""

from __future__ import annotations

# key -> (Chinese, English); split into the two catalogues below, so a missing translation cannot happen.
_PAIRS: dict[str, tuple[str, str]] = {
    "figures.title": ("信访态势", "Petition figures"),
    "figures.of_month": ("{year}年{month}月", "{month_en} {year}"),
    "figures.month": ("统计月份", "Month"),
    "figures.rank_by": ("乡镇排名依据", "Rank townships by"),
    "figures.show": ("查看", "Show"),
    "figures.unavailable": (
        "统计数据暂时无法读取，请稍后刷新页面。",
        "The figures cannot be read at the moment. Please reload the page later.",
    ),
    "figures.no_rate": ("本月无应计数", "nothing due this month"),
    "figures.parts": ("{numerator} / {denominator}", "{numerator} / {denominator}"),
    "figures.petitions": ("信访总量", "Petitions"),
    "figures.count": ("件数", "Number"),
    "figures.by_channel": ("各渠道信访量", "Petitions by channel"),
    "figures.three_petitions": ("三类信访", "The three petitions"),
    "figures.ranking": ("乡镇排名", "Townships ranked"),
    "figures.rank": ("名次", "Rank"),
    "figures.township": ("乡镇（街道）", "Township"),
    "figures.rate": ("比率", "Rate"),
    "figures.numerator": ("分子", "Numerator"),
    "figures.denominator": ("分母", "Denominator"),
    "figures.unranked": ("—", "—"),
    "figures.no_townships": ("本月各乡镇暂无统计数据。", "No township has figures this month."),
    "figures.spread": ("极差", "Spread"),
    "figures.spread_text": (
        "{value}（最高：{highest}，最低：{lowest}）",
        "{value} (highest: {highest}, lowest: {lowest})",
    ),
    "figures.spread_none": ("本月不足以计算极差。", "Not enough townships have the rate this month."),
    "figures.points": ("{value}个百分点", "{value} points"),
    "figures.trend": ("近12个月趋势", "The last 12 months"),
    "figures.trend_month": ("月份", "Month"),
    "figures.chart": ("图表", "Chart"),
    # 信访干部培训: the month's training and the coverage of the serving cadres (year to date)
    "figures.training": ("信访干部培训", "Cadre training"),
    "figures.training_hours": ("培训学时（小时）", "Training hours"),
    "figures.attendances": ("出席人次", "Attendances"),
    "figures.cadres_trained": ("参训干部（人）", "Cadres trained"),
    "rate.coverage": ("培训覆盖率", "Training coverage"),
    "figures.no_roster": ("暂无在岗干部名单", "no roster of serving cadres known"),
    "rate_parts.coverage": ("年内已参训 / 在岗干部", "trained this year / serving cadres"),
    # the four rates, as the national system names them
    "rate.timely_acceptance": ("及时受理率", "Timely acceptance"),
    "rate.on_time_completion": ("按期办结率", "On-time completion"),
    "rate.satisfaction": ("群众满意率", "Satisfaction"),
    "rate.participation": ("参评率", "Participation"),
    "rate_parts.timely_acceptance": ("按时受理 / 应受理", "accepted on time / due"),
    "rate_parts.on_time_completion": ("按期办结 / 应办结", "completed on time / due"),
    "rate_parts.satisfaction": ("满意及基本满意 / 参评", "satisfied / rated"),
    "rate_parts.participation": ("参评 / 办结", "rated / closed"),
}

ZH_FIGURES: dict[str, str] = {k: v[0] for k, v in _PAIRS.items()}
EN_FIGURES: dict[str, str] = {k: v[1] for k, v in _PAIRS.items()}
