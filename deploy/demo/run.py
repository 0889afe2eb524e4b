"""Seed the demo year once every service is up: intake's part, supervision's, then training's, each in its own
process.

Each part runs with its service's own environment (database role, scope key, intake's personal-data key only in
intake's), like that service's worker. The county users sign in first, as the tests do. Once: intake's part
looks for a petition of a demo township's clerk and, when there is one, neither it nor supervision's part runs;
training's part looks for an attendance of a demo cadre on its own, so a year seeded before training had a part
gets its sessions at the next `up`. Registrations and training sessions carry an idempotency key per planned item
and a step already done answers 409 (or replays) and is skipped; diary entries, registers' items and emergencies
have no such key. A run cut short (its failure is in logs/demo.log) continues with XF_DEMO_RESUME=1 and
`xinfang up`: petitions, cases, sessions and attendance are not doubled, a diary entry or emergency recorded before
the cut may be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable

from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.services import process_env
from shared.clock import Clock

from . import actors

# Each step and the service whose environment it runs in.
STEPS = {"intake": "intake", "supervision": "supervision", "training": "training_records"}
ALREADY = {"intake": "a demo clerk's petition is there", "training": "a demo cadre's attendance is there"}


def seed_demo_year(s: StackSettings, secrets: dict[str, str], say: Callable[[str], None] = print) -> None:
    started = time.monotonic()
    today = Clock().today()  # the county's date: the plan is the 12 months before it
    tokens = json.dumps(actors.sign_in(s.keycloak_url, secrets["cli_client"], s.demo_password))
    work = s.path("demo-cases.json")
    intake_already = False
    for step, service in STEPS.items():
        if step == "supervision" and intake_already:
            continue  # its cases come from intake's part of this run
        begun = time.monotonic()
        resume = {actors.RESUME_ENV: "1"} if os.environ.get(actors.RESUME_ENV) else {}
        env = {**process_env(s, secrets, service), actors.TOKENS_ENV: tokens, **resume}
        argv = [sys.executable, "-m", "deploy.demo", step, today.isoformat(), str(s.seed_file), str(work)]
        done = subprocess.run(argv, env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            # The product runs without its demo year: a failed seed is said, not a stack that will not start.
            log = s.path("logs", "demo.log")
            log.write_text(done.stdout + done.stderr, encoding="utf-8")
            say(f"the demo year's {step} part failed: read {log} for why; the stack runs without it")
            return
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result.get("already"):
            intake_already |= step == "intake"
            say(f"demo year in {step}: already seeded ({ALREADY[step]}), nothing added")
            continue
        counts = ", ".join(f"{n} {what}" for what, n in result["counts"].items())
        say(f"demo year in {step} ({time.monotonic() - begun:.0f} s): {counts}")
    say(f"demo year seeded in {time.monotonic() - started:.0f} s")
