"""Spot checks (抽查): which closed cases a month's sample holds, drawn again identically from its seed, and when a
county return visit contradicts the verdict the township recorded."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterable
from datetime import date

from services.supervision.domain.case import Satisfaction
from shared.errors import RuleViolation, StateConflict


def sample(population: Iterable[uuid.UUID], share: float, seed: int) -> list[uuid.UUID]:
    """The population is sorted first, so the same cases and seed always give the same sample, whatever order the
    database returned them in; at least one case when there is any."""
    if not 0 < share <= 1:
        raise RuleViolation("share", "out_of_range")
    cases = sorted(population)
    if not cases:
        return []
    size = max(1, math.ceil(len(cases) * share))
    return sorted(random.Random(seed).sample(cases, size))


EARLIEST_YEAR = 2000  # no petition office kept cases in this system before


def month_bounds(month: str, today: date) -> tuple[date, date]:
    """A month can be sampled once it is over: its closed cases can no longer change."""
    year, number = int(month[:4]), int(month[5:7])
    if year < EARLIEST_YEAR:
        raise RuleViolation("month", "out_of_range")
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    if following > today:
        raise StateConflict("a month can be spot-checked only after it has ended")
    return first, following


_CONTENT = {Satisfaction.satisfied, Satisfaction.basically_satisfied}


def contradicts(recorded: str | None, visit: Satisfaction) -> bool | None:
    """满意 and 基本满意 agree with each other; either against 不满意 is a contradiction. Nothing recorded: unknown."""
    if recorded is None:
        return None
    return (Satisfaction(recorded) in _CONTENT) != (visit in _CONTENT)
