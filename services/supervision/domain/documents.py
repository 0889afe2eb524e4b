"""The documents a case produces for the petitioner, and their numbers (文号)."""

from __future__ import annotations

from typing import Literal, get_args

from shared.errors import RuleViolation

# 处理意见书, 复查意见书, 复核意见书, 延长办理期限告知书.
DocumentKind = Literal["opinion", "review", "reexamination", "extension"]
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)

# The mark in the number says which document it is, as intake's 受 / 不受 / 转 do for its notices; 督办单
# (the county's supervision order to a unit) is numbered alike, but is not one of the petitioner's documents.
_MARKS: dict[str, str] = {
    "opinion": "处",
    "review": "复查",
    "reexamination": "复核",
    "extension": "延",
    "order": "督",
}
# A township's short name drops its kind: 大佳何镇 → 大佳何, 跃龙街道 → 跃龙.
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")


def document_number(township_name: str, kind: str, year: int, n: int) -> str:
    """文号, e.g. 大佳何信处〔2026〕3号: the n-th document of its kind of the township's year.

    Counting `n` is the caller's (per township, kind and year); this only writes the number.
    """
    short = township_name.strip()
    for suffix in _TOWNSHIP_SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short.removesuffix(suffix)
            break
    if not short:
        raise RuleViolation("township_name", "required")
    if kind not in _MARKS:
        raise RuleViolation("kind", "invalid_value")
    if not 1000 <= year <= 9999:
        raise RuleViolation("year", "out_of_range")
    if n < 1:
        raise RuleViolation("n", "out_of_range")
    return f"{short}信{_MARKS[kind]}〔{year}〕{n}号"
