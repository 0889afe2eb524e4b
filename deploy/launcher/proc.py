"""Starting, finding and stopping the stack's processes through pid files in the run folder."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import StackError


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def require_free_port(port: int, part: str, setting: str) -> None:
    if port_is_open(port):
        raise StackError(
            f"Port {port} for {part} is already taken by another program: "
            f"stop that program or set {setting} to a free port."
        )


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); it is gone for our purposes.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False
    return True


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


class Processes:
    """Detached processes of one instance, each known by name through <run>/pids/<name>.pid."""

    def __init__(self, run_dir: Path) -> None:
        self.pids = run_dir / "pids"
        self.logs = run_dir / "logs"

    def pid(self, name: str) -> int | None:
        f = self.pids / f"{name}.pid"
        try:
            pid = int(f.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if pid_alive(pid) else None

    def log_file(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def spawn(self, name: str, argv: Sequence[str], env: Mapping[str, str], cwd: Path) -> int:
        self.pids.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.log_file(name), "ab") as log:
            # A new session makes the process its own group leader, so `down` can stop its children too.
            proc = subprocess.Popen(
                list(argv),
                env=dict(env),
                cwd=cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        (self.pids / f"{name}.pid").write_text(str(proc.pid))
        return proc.pid

    def stop(self, name: str, timeout: float = 30.0) -> bool:
        pid = self.pid(name)
        if pid is None:
            (self.pids / f"{name}.pid").unlink(missing_ok=True)
            return False
        _signal_group(pid, signal.SIGTERM)
        # The whole group, not just its leader: kc.sh's JVM or a shell's children must go too.
        if not wait_until(lambda: not group_members(pid), timeout, interval=0.2):
            _signal_group(pid, signal.SIGKILL)
            wait_until(lambda: not group_members(pid), 10, interval=0.2)
        (self.pids / f"{name}.pid").unlink(missing_ok=True)
        return True


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def wait_until(check: Callable[[], bool], timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
