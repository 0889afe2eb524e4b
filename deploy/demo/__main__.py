"""`python -m deploy.demo <intake|supervision|training> <today> <seed file> <work file>`: one service's part of the
demo year, run by the launcher in a process with that service's own environment (and the county users' tokens)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import date
from pathlib import Path

from . import actors
from .plan import DemoYear, build


def places(seed_file: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """township → {village slug: name}, and the names of both by slug (a village as "township/village")."""
    county = json.loads(seed_file.read_text(encoding="utf-8"))
    villages = {t["slug"]: {v["slug"]: v["name"] for v in t["villages"]} for t in county["townships"]}
    names = {t["slug"]: t["name"] for t in county["townships"]}
    names |= {f"{t}/{v}": name for t, vs in villages.items() for v, name in vs.items()}
    return villages, names


async def intake(year: DemoYear, names: dict[str, str], cases: dict[str, str]) -> dict:
    from services.intake.settings import IntakeSettings

    from .intake_year import IntakeStep

    settings = IntakeSettings()
    step = IntakeStep(settings, await actors.county_principals(settings.keycloak), names)
    try:
        if not os.environ.get(actors.RESUME_ENV) and await step.already_seeded():
            return {"already": True}
        counts, accepted = await step.run(year)
        cases.update(accepted)
        return {"already": False, "counts": counts}
    finally:
        await step.close()


async def supervision(year: DemoYear, names: dict[str, str], cases: dict[str, str]) -> dict:
    from services.supervision.settings import SupervisionSettings

    from .supervision_year import SupervisionStep

    settings = SupervisionSettings()
    step = SupervisionStep(settings, await actors.county_principals(settings.keycloak), names)
    try:
        return {"counts": await step.run(year, cases)}
    finally:
        await step.close()


async def training(year: DemoYear, names: dict[str, str], cases: dict[str, str]) -> dict:
    from services.training_records.settings import TrainingRecordsSettings

    from .training_year import TrainingStep

    settings = TrainingRecordsSettings()
    step = TrainingStep(settings, await actors.county_principals(settings.keycloak), names)
    try:
        if not os.environ.get(actors.RESUME_ENV) and await step.already_seeded(year):
            return {"already": True}
        return {"already": False, "counts": await step.run(year)}
    finally:
        await step.close()


STEPS = {"intake": intake, "supervision": supervision, "training": training}


def main(argv: list[str]) -> int:
    which, today, seed_file, work = argv
    villages, names = places(Path(seed_file))
    year = build(date.fromisoformat(today), villages)
    # The accepted petitions' ids pass from intake's part to supervision's through the run folder.
    work_file = Path(work)
    cases = json.loads(work_file.read_text()) if which == "supervision" else {}
    result = asyncio.run(STEPS[which](year, names, cases))
    if which == "intake":
        work_file.write_text(json.dumps(cases))
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
