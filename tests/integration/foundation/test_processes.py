"""`down` leaves no process behind: a part's whole process group is stopped, children included."""

from __future__ import annotations

import shutil

from deploy.launcher.config import StackSettings
from deploy.launcher.proc import Processes, group_members, wait_until


def test_stopping_a_part_stops_its_children_too(stack: StackSettings) -> None:
    run_dir = stack.run_dir / "scratch-processes"
    shutil.rmtree(run_dir, ignore_errors=True)
    procs = Processes(run_dir)
    # A parent that ignores nothing and a child it leaves running, like kc.sh and its JVM.
    pid = procs.spawn(
        "tree", ["sh", "-c", "sleep 300 & sleep 300"], env={"PATH": "/usr/bin:/bin"}, cwd=run_dir
    )
    assert wait_until(lambda: len(group_members(pid)) >= 2, 5)
    assert procs.pid("tree") == pid

    assert procs.stop("tree")
    assert group_members(pid) == []
    assert procs.pid("tree") is None
    assert not procs.stop("tree"), "stopping again finds nothing to stop"
    shutil.rmtree(run_dir, ignore_errors=True)
