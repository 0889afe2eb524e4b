"""The architecture holds: import-linter's contracts in pyproject.toml pass, and every domain/ package has one."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from deploy.launcher.config import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_the_import_contracts_are_kept() -> None:
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_every_service_domain_package_is_bound_by_a_contract() -> None:
    contracts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    bound = {m for c in contracts if c["type"] == "forbidden" for m in c["source_modules"]}
    domains = {f"services.{d.parent.parent.name}.domain" for d in (REPO_ROOT / "services").glob("*/domain/__init__.py")}
    assert domains <= bound, f"add a 'domain is pure' contract to pyproject.toml for: {sorted(domains - bound)}"
    independent = next(c for c in contracts if c["type"] == "independence")["modules"]
    services = {f"services.{d.parent.name}" for d in (REPO_ROOT / "services").glob("*/app.py")}
    assert set(independent) == services
