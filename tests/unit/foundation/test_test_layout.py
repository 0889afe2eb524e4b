"""Test modules are collected by basename (the test folders are not packages): two of one name stop the whole run."""

from __future__ import annotations

from collections import Counter

from deploy.launcher.config import REPO_ROOT


def test_no_two_test_modules_share_a_basename() -> None:
    names = Counter(p.name for p in (REPO_ROOT / "tests").rglob("test_*.py"))
    assert [n for n, count in names.items() if count > 1] == []
