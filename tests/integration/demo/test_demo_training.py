"""After the stack's `up` with its demo year: the demo townships' staff are realm users whose tokens carry the id the
demo names them by, training records counts them as cadres, lists the year's county and township sessions with
their attendance, and reporting's training hours over the year are more than none.

The plan is rebuilt for "today", but a stack seeded a day or two before still passes: nothing here depends on a
planned session's date, only on who recorded and attended.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from keycloak import KeycloakOpenID

from deploy.demo import actors
from deploy.demo.__main__ import places
from deploy.demo.plan import TRAINERS, TRAINING_TOWNSHIPS, build, staff
from deploy.launcher.config import StackSettings
from services.training_records.settings import PETITION_ROLES
from shared.clock import Clock
from tests.integration.intake.conftest import tokens  # noqa: F401 - the realm's tokens, one cache
from tests.integration.shared.clients import SignedInClients
from tests.integration.shared.scratch import wait_for

PETITION_ROLE_NAMES = {r.value for r in PETITION_ROLES}


@pytest.fixture
async def clients(stack: StackSettings, tokens) -> AsyncIterator[dict[str, SignedInClients]]:  # noqa: F811
    made = {
        "training": SignedInClients(f"http://127.0.0.1:{stack.training_records_port}", tokens),
        "reporting": SignedInClients(f"http://127.0.0.1:{stack.reporting_port}", tokens),
    }
    yield made
    for c in made.values():
        await c.close()


@pytest.fixture(scope="module")
def county(stack: StackSettings) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    return places(stack.seed_file)


def _years() -> list[int]:
    today = Clock().today()
    return sorted({(today - timedelta(days=366)).year, today.year})


async def test_a_demo_clerks_token_names_the_id_the_demo_wrote(
    keycloak_cli: KeycloakOpenID, stack: StackSettings, county
) -> None:
    names = county[1]
    clerk = actors.staff_user("yuelong", names["yuelong"])
    token = await keycloak_cli.a_token(clerk.username, stack.demo_password)
    claims = await keycloak_cli.a_decode_token(token["access_token"], validate=True)
    principal = actors.principal(clerk)
    assert claims["sub"] == clerk.user_id == principal.user_id
    assert claims["name"] == clerk.name == principal.display_name
    assert claims["township"] == "yuelong"


async def test_training_counts_the_demo_cadres_and_lists_the_years_sessions(clients, county) -> None:
    villages, names = county
    trainer: httpx.AsyncClient = await clients["training"]("county.trainer")
    assert (await trainer.post("/cadres/refresh")).status_code == 200
    listed = {c["user_id"]: c for c in (await trainer.get("/cadres")).json()}
    demo = [p for p in staff(villages, names) if p.role in PETITION_ROLE_NAMES]
    for person in demo:
        assert listed[person.user_id]["username"] == person.username
        assert listed[person.user_id]["full_name"] == person.name and listed[person.user_id]["active"]

    sessions = []
    for year in _years():
        page = (await trainer.get("/training-sessions", params={"year": year, "page_size": 100})).json()
        sessions += page["items"]
    demo_trainers = {actors.staff_user(t, names[t], "trainer").name for t in TRAINERS}
    by_demo = [s for s in sessions if s["recorded_by"] in demo_trainers]
    assert by_demo and all(s["level"] == "township" and s["attendees"] > 0 for s in by_demo)
    county_sessions = [s for s in sessions if s["level"] == "county" and s["attendees"] >= 4]
    assert len(county_sessions) >= 8, "the county bureau's sessions of the year, attended"
    assert {s["organiser"] for s in county_sessions} == {"县信访局"}

    planned = build(Clock().today(), villages).training
    topics = {t.topic for t in planned}
    assert len({s["topic"] for s in sessions} & topics) >= 5

    clerk = actors.staff_user("taoyuan", names["taoyuan"])
    hours = 0.0
    for year in _years():
        mine = (await trainer.get(f"/cadres/{clerk.user_id}/training", params={"year": year})).json()
        hours += mine["cadre"]["hours"]
        assert all(line["status"] in ("present", "absent", "excused") for line in mine["sessions"])
    assert hours > 0, "a demo clerk has hours in the demo year"
    attended = (await trainer.get(f"/training-sessions/{by_demo[0]['id']}/attendance")).json()
    assert attended and all(a["username"].startswith("demo.") for a in attended)


async def test_reporting_has_training_hours_for_the_demo_year(clients) -> None:
    officer: httpx.AsyncClient = await clients["reporting"]("county.officer")
    today = Clock().today()
    first, last = today - timedelta(days=365), today.replace(day=1) - timedelta(days=1)
    params = {"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"}
    seen: dict[str, float] = {}

    async def caught_up() -> bool:
        for township in (None, *TRAINING_TOWNSHIPS[:2]):
            trend = await officer.get(
                "/figures/trend", params={**params, **({"township": township} if township else {})}
            )
            assert trend.status_code == 200, trend.text
            seen[township or "county"] = sum(m["training"]["hours"] for m in trend.json()["months"])
        return all(h > 0 for h in seen.values())

    await wait_for(caught_up, 180, every=3)
    assert seen["county"] >= max(seen[t] for t in TRAINING_TOWNSHIPS[:2])
