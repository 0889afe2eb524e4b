"""A wrong machine gets one clear sentence from `xinfang up`, and nothing is started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.launcher.config import REPO_ROOT, StackSettings


@pytest.fixture
def scratch_dir(stack: StackSettings) -> Path:
    d = stack.run_dir / "scratch-launcher"
    shutil.rmtree(d, ignore_errors=True)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _up(run_dir: Path, port_base: int, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XF_")}
    env.update({"XF_RUN_DIR": str(run_dir), "XF_PORT_BASE": str(port_base), **extra})
    return subprocess.run(
        [sys.executable, "-m", "deploy.launcher.cli", "up"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("xinfang: ") and lines[0].endswith("."), lines[0]
    return lines[0]


def test_an_occupied_port_is_named_with_the_setting_to_change(
    stack: StackSettings, scratch_dir: Path
) -> None:
    base = stack.port_base + 2000
    taken = StackSettings(port_base=base).pg_port
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        result = _up(scratch_dir, base)
    assert result.returncode == 2
    sentence = _one_sentence(result.stderr)
    assert f"Port {taken} for PostgreSQL is already taken" in sentence
    assert "XF_PG_PORT" in sentence
    assert not (scratch_dir / "pg" / "data").exists(), "nothing may start on a wrong machine"


def test_a_missing_java_is_named_with_how_to_fix_it(
    stack: StackSettings, scratch_dir: Path, tmp_path: Path
) -> None:
    result = _up(
        scratch_dir, stack.port_base + 2000, XF_JAVA_HOME=str(tmp_path), XF_JVM_SEARCH_DIR=str(tmp_path)
    )
    assert result.returncode == 2
    sentence = _one_sentence(result.stderr)
    assert "No Java 17 or newer was found" in sentence and "XF_JAVA_HOME" in sentence
    assert not (scratch_dir / "pg" / "data").exists()


def test_missing_postgresql_binaries_are_named(
    stack: StackSettings, scratch_dir: Path, tmp_path: Path
) -> None:
    result = _up(scratch_dir, stack.port_base + 2000, XF_PG_SEARCH_DIR=str(tmp_path), PATH=str(tmp_path))
    assert result.returncode == 2
    sentence = _one_sentence(result.stderr)
    assert "No PostgreSQL server binaries" in sentence and "XF_PG_BIN_DIR" in sentence


def test_keycloak_that_cannot_be_fetched_is_named(
    stack: StackSettings, scratch_dir: Path, tmp_path: Path
) -> None:
    nats_dir = str(Path(sys.executable).parent)
    result = _up(
        scratch_dir, stack.port_base + 2000, XF_CACHE_DIR=str(tmp_path), PATH=f"{nats_dir}:/nonexistent"
    )
    assert result.returncode == 2
    sentence = _one_sentence(result.stderr)
    assert "Maven (mvn) is needed once to fetch Keycloak" in sentence
    assert not (scratch_dir / "pg" / "data").exists()
