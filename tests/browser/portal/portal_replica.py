"""A portal process of our own beside the stack's, for tests that restart a portal or need a second replica.

It gets the environment the launcher gives the portal (deploy.launcher.services.service_env) plus the
portal-only variables of deploy.launcher.services.portal_env.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.services import portal_env, service_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortalReplica:
    """`python -m uvicorn services.portal.app:create_app` on its own port, started and stopped by the test."""

    def __init__(self, stack: StackSettings, secrets: dict[str, str], port: int, log_file: Path) -> None:
        self.port = port
        self.url = f"http://localhost:{port}"
        self.log_file = log_file
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "PYTHONUNBUFFERED": "1",
            **service_env(stack, secrets, "portal"),
            # Its trace file is its own: two processes appending to one file would interleave lines.
            "XF_PORTAL_TELEMETRY__TRACE_FILE": str(log_file.with_suffix(".spans.jsonl")),
            # The sign-in URL stays the stack portal's (the only redirect URI the realm allows).
            **portal_env(stack, secrets),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        argv = [sys.executable, "-m", "uvicorn", "services.portal.app:create_app", "--factory"]
        argv += ["--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                argv, env=self.env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the portal replica exited with {self.process.returncode}; see {self.log_file}"
                )
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the portal replica did not become ready in {timeout} s; see {self.log_file}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
