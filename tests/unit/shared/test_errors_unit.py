"""The violation collector: every broken rule of one input, each named by its field, raised once."""

from __future__ import annotations

import pytest

from shared.errors import RuleViolation, Violation, Violations


def test_a_collector_raises_every_broken_rule_at_once_and_nothing_when_all_hold() -> None:
    found = Violations()
    found.required("content", "  ")
    found.add("received_on", None)
    found.add("petitioners.0.phone", "invalid_mobile")
    with pytest.raises(RuleViolation) as raised:
        found.raise_any()
    assert raised.value.violations == [
        Violation("content", "required"),
        Violation("petitioners.0.phone", "invalid_mobile"),
    ]
    fine = Violations()
    fine.required("content", "拖欠工资")
    fine.raise_any()
