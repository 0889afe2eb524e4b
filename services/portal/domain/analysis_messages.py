"""Strings of the monthly situation analysis pages (月度分析): the downloads on the figures home page and the list of
the analyses the worker generated, Chinese and English."""

from __future__ import annotations

# key -> (Chinese, English); split into the two catalogues below, so a missing translation cannot happen.
_PAIRS: dict[str, tuple[str, str]] = {
    "nav.analyses": ("月度分析", "Monthly analysis"),
    "analysis.title": ("月度信访形势分析", "Monthly petition situation analysis"),
    "analysis.download_pdf": ("下载月度分析（PDF）", "Download the monthly analysis (PDF)"),
    "analysis.download_xlsx": ("下载月度分析（Excel）", "Download the monthly analysis (Excel)"),
    "analysis.on_demand": ("按当前数据生成", "Generate from the figures as they are now"),
    "analysis.on_demand_note": (
        "按所选月份和当前统计数据即时生成；下方为每月1日自动生成并存档的分析。",
        "Generated now from the current figures of the month chosen; below, the analyses generated and kept on the "
        "first of each month.",
    ),
    "analysis.generated": ("已生成的月度分析", "Analyses generated"),
    "analysis.month": ("月份", "Month"),
    "analysis.scope": ("范围", "Scope"),
    "analysis.county": ("全县", "The county"),
    "analysis.kind": ("格式", "Format"),
    "analysis.size": ("大小", "Size"),
    "analysis.generated_at": ("生成时间", "Generated"),
    "analysis.download": ("下载", "Download"),
    "analysis.none": ("暂无已生成的月度分析。", "No analysis has been generated yet."),
    "analysis.kb": ("{n} KB", "{n} KB"),
}

ZH_ANALYSIS: dict[str, str] = {k: v[0] for k, v in _PAIRS.items()}
EN_ANALYSIS: dict[str, str] = {k: v[1] for k, v in _PAIRS.items()}
