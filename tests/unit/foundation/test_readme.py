"""The README keeps the two set-up commands and the settings table the code really has."""

from __future__ import annotations

from deploy.launcher.config import REPO_ROOT
from deploy.launcher.settings_table import markdown

README = (REPO_ROOT / "README.md").read_text()


def test_readme_settings_table_matches_the_settings_classes() -> None:
    assert markdown() in README


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == "bash deploy/bootstrap.sh test"
    assert ci in README and "bash deploy/bootstrap.sh up" in README
