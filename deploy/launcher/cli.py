"""`xinfang up | down | status | logs | seed | test`: the operator's one entry point."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from .config import REPO_ROOT, SERVICES, StackSettings
from .errors import StackError
from .stack import Stack

TEST_PORT_BASE = "28000"
DEMO_USERS = [
    ("county.officer", "县信访局 county officer"),
    ("county.leader", "县领导 county leader"),
    ("county.admin", "系统管理员 county admin"),
    ("county.auditor", "审计 auditor"),
    ("county.trainer", "培训师 trainer (county)"),
    ("dajiahe.clerk", "大佳何镇 township clerk"),
    ("dajiahe.leader", "大佳何镇 township leader"),
    ("dajiahe.trainer", "大佳何镇 trainer"),
    ("dajiahe.liaison", "涨家溪村 village liaison"),
    ("changjie.clerk", "长街镇 township clerk"),
    ("xidian.clerk", "西店镇 township clerk"),
]


def _summary(s: StackSettings) -> str:
    lines = [
        "",
        f"Xinfang 信访 is running (county {s.county()['name']}):",
        f"  portal 门户          http://localhost:{s.portal_port}/",
    ]
    lines += [
        f"  {svc:<20} http://localhost:{s.service_port(svc)}/docs" for svc in SERVICES if svc != "portal"
    ]
    lines += [
        f"  Keycloak             {s.keycloak_url}/admin/  (admin password in {s.path('secrets.json')})",
        f"  PostgreSQL           127.0.0.1:{s.pg_port}   NATS nats://127.0.0.1:{s.nats_port}",
        f"  logs                 {s.path('logs')}",
        "",
        f"Demo sign-ins (password {s.demo_password}); others: <township>.clerk|leader|trainer|liaison",
        *[f"  {u:<18} {what}" for u, what in DEMO_USERS],
        "",
        "Stop with: .venv/bin/xinfang down",
    ]
    return "\n".join(lines)


def cmd_up(stack: Stack, args: argparse.Namespace) -> int:
    stack.up(seed=not args.no_seed, demo=not args.no_demo)
    print(_summary(stack.s))
    return 0


def cmd_down(stack: Stack, args: argparse.Namespace) -> int:
    stack.down()
    return 0


def cmd_status(stack: Stack, args: argparse.Namespace) -> int:
    print(f"{'part':<24}{'port':>7}  {'pid':>8}  health")
    rows = stack.status()
    for r in rows:
        print(f"{r.name:<24}{r.port or '-':>7}  {r.pid or '-':>8}  {r.health}")
    return 0 if all(r.health.startswith("ready") for r in rows) else 3  # "ready, outbox: ..." is a note


def cmd_logs(stack: Stack, args: argparse.Namespace) -> int:
    name = args.part
    log = stack.s.path("logs", f"{name}.log")
    if not log.exists():
        raise StackError(
            f"There is no log for '{name}' in {log.parent}: name one of postgres, nats, keycloak, "
            + ", ".join(SERVICES)
            + "."
        )
    tail = ["tail", "-n", str(args.lines)] + (["-f"] if args.follow else []) + [str(log)]
    return subprocess.call(tail)


def cmd_seed(stack: Stack, args: argparse.Namespace) -> int:
    from .seed import migrate_all, seed_demo_county

    migrate_all(stack.s, stack.secrets)
    seed_demo_county(stack.s, stack.secrets)
    return 0


def cmd_test(stack: Stack, args: argparse.Namespace) -> int:
    """Runs the whole suite against a stack of its own (own ports and run folder), then takes it down."""
    try:
        stack.up(seed=True)
        env = {**os.environ, **_instance_env(stack.s)}
        code = subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=REPO_ROOT, env=env)
    finally:
        stack.down()
    # pytest's 5 means no test ran: for CI that is a failure, not a pass.
    return 1 if code == 5 else code


def _instance_env(s: StackSettings) -> dict[str, str]:
    return {"XF_RUN_DIR": str(s.run_dir), "XF_PORT_BASE": str(s.port_base)}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xinfang", description="Run Xinfang on this machine, no Docker needed.")
    sub = p.add_subparsers(dest="command", required=True)
    up = sub.add_parser(
        "up", help="start PostgreSQL, NATS, Keycloak and the five services; seed the demo county"
    )
    up.add_argument("--no-seed", action="store_true", help="do not load the demo county")
    up.add_argument("--no-demo", action="store_true", help="load the county but not the demo year's activity")
    up.set_defaults(func=cmd_up)
    sub.add_parser("down", help="stop every process of this instance").set_defaults(func=cmd_down)
    sub.add_parser("status", help="each part, its port and its health").set_defaults(func=cmd_status)
    logs = sub.add_parser("logs", help="show a part's log")
    logs.add_argument("part", nargs="?", default="intake")
    logs.add_argument("-n", "--lines", type=int, default=50)
    logs.add_argument("-f", "--follow", action="store_true")
    logs.set_defaults(func=cmd_logs)
    sub.add_parser("seed", help="migrate and load the demo county again (idempotent)").set_defaults(
        func=cmd_seed
    )
    test = sub.add_parser("test", help="run every test against a separate test stack")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(func=cmd_test)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "test":
        os.environ.setdefault("XF_RUN_DIR", str(REPO_ROOT / ".run" / "test"))
        os.environ.setdefault("XF_PORT_BASE", TEST_PORT_BASE)
        # Tests of the scanner start their own worker processes and must be the only ones claiming.
        os.environ.setdefault("XF_DEADLINE_SCANNER", "false")
    try:
        return args.func(Stack(StackSettings()), args)
    except StackError as exc:
        print(f"xinfang: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
