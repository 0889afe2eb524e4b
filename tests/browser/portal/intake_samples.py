"""Sample petitions the intake page tests register: a fresh valid ID number, a matter no other test uses."""

from __future__ import annotations

import random

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def fresh_id_number() -> str:
    """A valid 18-digit ID number (GB 11643 check digit) that no other test uses."""
    body = f"330226{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    body += f"{random.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def distinct_matter() -> str:
    """A matter no other test registers (its year, employer and amount are drawn at random)."""
    employer = random.choice(["恒达模具厂", "甬兴文具厂", "海丰塑料厂", "宏远建筑公司", "金港食品厂"])
    return (
        f"涨家溪村村民来信反映：{random.randint(2000, 2025)}年在{employer}务工，被拖欠工资"
        f"{random.randint(10000, 99999)}元至今未付，请求帮助追讨。"
    )
