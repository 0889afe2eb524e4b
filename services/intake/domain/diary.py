"""The sentiment diary (民情日记): resolution levels and the states of an entry.

"小事不出村，大事不出镇": where a matter was settled is what the county measures (docs/product.md).
"""

from __future__ import annotations

from enum import StrEnum


class ResolutionLevel(StrEnum):
    village = "village"  # 化解在村
    township = "township"  # 化解在镇
    county = "county"  # 化解在县
    unresolved = "unresolved"  # 未化解


class SettledLevel(StrEnum):
    """The levels a matter can be resolved at: `unresolved` is where an entry starts, not an outcome."""

    village = "village"
    township = "township"
    county = "county"


class DiaryStatus(StrEnum):
    open = "open"  # 待化解
    resolved = "resolved"  # 已化解


def can_resolve(status: DiaryStatus) -> bool:
    return DiaryStatus(status) is DiaryStatus.open
