"""培训覆盖率 end to end: training records' staff sync announces 胡陈乡's (huchen) serving cadres, reporting keeps the
roster, attendance recorded through training's API makes the numerator, a cadre who leaves gives a new roster, the
December figure equals training records' own coverage for the year, and a rebuild from the stream changes nothing.
Then a year of rosters and attendance of 茶院乡 (chayuan, 2004), published as training records publishes them, read
month by month against the figures worked out by hand.

huchen and chayuan have no user in the realm and no other test uses them; each run makes huchen cadres of its own
(fresh usernames), so the attendances of an earlier run, still in the stream, belong to cadres no roster of this run
names. The chayuan events have fixed ids: a second run is the same rows.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from services.reporting.rebuild import rebuild
from shared.auth import Role
from shared.auth.admin import KeycloakDirectory
from shared.clock import CHINA, Clock
from shared.contracts.training_records import AttendanceChanged, CadreRosterChanged
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from tests.integration.reporting.conftest import Client, china, event, fixed_id, rate
from tests.integration.reporting.test_figures import publish_all
from tests.integration.shared.scratch import wait_for
from tests.integration.training_records.conftest import directory, put_cadre, session_body, training_as  # noqa: F401

HUCHEN, CHAYUAN = "huchen", "chayuan"
PEOPLE = {  # role in the test: (family, given, role)
    "clerk": ("胡", "覆盖", Role.township_clerk),
    "leader": ("陈", "覆盖", Role.township_leader),
    "newcomer": ("王", "未训", Role.township_clerk),
    "gone": ("周", "将离", Role.township_clerk),
}


@pytest.fixture
async def huchen(directory: KeycloakDirectory) -> AsyncIterator[dict[str, tuple[str, str]]]:  # noqa: F811
    """This run's four cadres of huchen: role in the test -> (username, user id). Disabled afterwards, so the next
    sync announces them gone."""
    run = uuid.uuid4().hex[:8]
    made = {}
    for who, (family, given, role) in PEOPLE.items():
        username = f"test.cov.{run}.{who}"
        made[who] = (username, await put_cadre(directory, username, family, given, HUCHEN, role))
    yield made
    for who, (username, _) in made.items():
        family, given, role = PEOPLE[who]
        await put_cadre(directory, username, family, given, HUCHEN, role, enabled=False)


async def _figures(officer: httpx.AsyncClient, month: str) -> dict[str, Any]:
    r = await officer.get("/figures/overview", params={"month": month})
    assert r.status_code == 200, r.text
    return r.json()


def _of(overview: dict[str, Any], township: str = HUCHEN) -> dict[str, Any]:
    """The township's figures; one with no fact in the month and no roster in force is not listed: zeros."""
    found = (t for t in overview["townships"] if t["township"] == township)
    return next(found, {"training": {"coverage": rate(0, 0)}})


async def _coverage_becomes(
    officer: httpx.AsyncClient, month: str, expected: dict[str, Any], township: str = HUCHEN
) -> dict[str, Any]:
    """The month's overview once the township's coverage is `expected` (reporting follows the stream a moment
    behind)."""
    seen: dict[str, Any] = {}

    async def done() -> bool:
        seen.update(await _figures(officer, month))
        return _of(seen, township)["training"]["coverage"] == expected

    with contextlib.suppress(AssertionError):  # compared below, so a failure shows what reporting holds
        await wait_for(done, 90, every=0.5)
    assert _of(seen, township)["training"]["coverage"] == expected
    return seen


async def _items(
    officer: httpx.AsyncClient, month: str, key: str, township: str = HUCHEN
) -> list[dict[str, Any]]:
    query = {"month": month, "township": township, "key": key, "page_size": 100}
    r = await officer.get("/figures/coverage/items", params=query)
    assert r.status_code == 200, r.text
    assert all(i["kind"] == "cadre" and i["township"] == township for i in r.json()["items"])
    return r.json()["items"]


async def _listed(officer: httpx.AsyncClient, month: str, key: str) -> list[str]:
    return sorted(i["id"] for i in await _items(officer, month, key))


async def _attend(
    county: httpx.AsyncClient, session: dict, entries: list[tuple[str, str, float | None]]
) -> None:
    made = await county.post("/training-sessions", json=session)
    assert made.status_code == 201, made.text
    body = {
        "entries": [
            {"cadre_id": c, "status": s, **({"hours": h} if h is not None else {})} for c, s, h in entries
        ]
    }
    r = await county.post(f"/training-sessions/{made.json()['id']}/attendance", json=body)
    assert r.status_code == 200, r.text


async def test_coverage_follows_the_roster_training_records_announces(
    huchen: dict[str, tuple[str, str]],
    directory: KeycloakDirectory,  # noqa: F811
    training_as,  # noqa: F811
    reporting_as: Client,
    reporting_settings,
    nats_operator: NatsSettings,
) -> None:
    today = Clock().today()
    if today < date(today.year, 1, 2):
        pytest.skip("on January 1 no day of the year has ended: the year to date is empty")
    year, month, december = today.year, f"{today.year}-{today.month:02d}", f"{today.year}-12"
    ids = {who: user_id for who, (_, user_id) in huchen.items()}
    trainer, officer = await training_as("county.trainer"), await reporting_as("county.officer")

    # 1. The sync: huchen's four serving cadres reach reporting as its roster; no attendance yet.
    assert (await trainer.post("/cadres/refresh")).status_code == 200
    serving = (await trainer.get("/cadres", params={"township": HUCHEN})).json()
    assert sorted(c["user_id"] for c in serving) == sorted(ids.values()), (
        "huchen has cadres this test did not make"
    )
    await _coverage_becomes(officer, month, rate(0, 4))
    assert await _listed(officer, month, "denominator") == sorted(ids.values())

    # 2. Attendance through training's API, at a session held on January 1 (county time) of this year.
    meeting = session_body(township=HUCHEN, hours=3, starts_at=f"{year}-01-01T09:00:00+08:00")
    await _attend(
        trainer,
        meeting,
        [(ids["clerk"], "present", None), (ids["leader"], "present", 1.5), (ids["newcomer"], "absent", None),
         (ids["gone"], "present", None)],
    )  # fmt: skip
    # By hand: the roster in force at the month's end is the four; present since January 1: clerk, leader, gone.
    seen = await _coverage_becomes(officer, month, rate(3, 4))
    assert await _listed(officer, month, "numerator") == sorted([ids["clerk"], ids["leader"], ids["gone"]])
    assert await _listed(officer, month, "untrained") == [ids["newcomer"]]
    county = seen["county"]["training"]["coverage"]
    summed = [
        sum(t["training"]["coverage"][k] for t in seen["townships"]) for k in ("numerator", "denominator")
    ]
    assert [county["numerator"], county["denominator"]] == summed  # the county is the sum of its townships

    # 3. One leaves: the next sync announces the three who still serve; their coverage is 2 of 3.
    await put_cadre(
        directory, huchen["gone"][0], *PEOPLE["gone"][:2], HUCHEN, Role.township_clerk, enabled=False
    )
    assert (await trainer.post("/cadres/refresh")).status_code == 200
    await _coverage_becomes(officer, month, rate(2, 3))
    assert await _listed(officer, month, "denominator") == sorted(
        [ids["clerk"], ids["leader"], ids["newcomer"]]
    )

    # 4. December equals training records' own coverage of the year for the cadres still serving.
    dec = _of(await _figures(officer, december))["training"]["coverage"]
    own = next(
        t for t in (await trainer.get("/training-coverage", params={"year": year})).json()["townships"]
        if t["township"] == HUCHEN
    )  # fmt: skip
    assert dec == rate(2, 3)
    assert (dec["numerator"], dec["denominator"], dec["rate"]) == (
        own["covered"],
        own["cadres"],
        own["coverage_rate"],
    )

    # 5. A rebuild replays the stream: the same rosters, the same figures.
    before = await _figures(officer, month)
    done = await rebuild(reporting_settings, nats_operator, timeout=300)
    assert done.events > 0
    assert await _figures(officer, month) == before
    assert _of(await _figures(officer, december))["training"]["coverage"] == rate(2, 3)


# -- chayuan, 2004: three rosters and the attendance between them ------------------------------------------------
def _cid(name: str) -> str:
    return f"cov-2004-{name}"


def _roster(name: str, at: datetime, cadres: str) -> Envelope:
    payload = CadreRosterChanged(
        CHAYUAN, tuple(sorted(_cid(c) for c in cadres)), at, at.astimezone(CHINA).date()
    )
    e = event(
        "training_records", CadreRosterChanged.event_type, CHAYUAN, fixed_id(f"cov-2004-{name}"), payload, at
    )
    return e


def _attended(name: str, cadre: str, status: str, held: date, corrected: bool = False) -> Envelope:
    type_ = "attendance.corrected.v1" if corrected else "attendance.recorded.v1"
    payload = AttendanceChanged(
        fixed_id(f"cov-2004-{name}"), fixed_id(f"cov-2004-session-{held}"), _cid(cadre), CHAYUAN, status,
        Decimal("2" if status == "present" else "0"), held,
        previous_status="present" if corrected else None, previous_hours=Decimal("2") if corrected else None,
    )  # fmt: skip
    at = china(held, 18 + corrected)  # a correction comes after the recording it corrects
    return event("training_records", type_, CHAYUAN, fixed_id(f"cov-2004-{name}"), payload, at)


def chayuan_2004() -> list[Envelope]:
    """Rosters: R1 02-10 a b c; R2 06-30 at 23:30 county time (15:30 UTC, still the 30th in the county) a b d
    (c left, d came); R3 12-01 a d (b left); R4 2005-06-01 none. Present: a 01-05 (before any roster, still the
    year's), c 03-10, d 07-02, b 2003-12-20 (the year before); b absent 03-10; b present 09-15, corrected to
    absent."""
    return [
        _roster("R1", china(date(2004, 2, 10)), "abc"),
        _roster("R2", china(date(2004, 6, 30), 23, 30), "abd"),
        _roster("R3", china(date(2004, 12, 1)), "ad"),
        _roster("R4", china(date(2005, 6, 1)), ""),  # the last ones left: no later month counts these cadres
        _attended("A1", "a", "present", date(2004, 1, 5)),
        _attended("A2", "c", "present", date(2004, 3, 10)),
        _attended("A3", "b", "absent", date(2004, 3, 10)),
        _attended("A4", "d", "present", date(2004, 7, 2)),
        _attended("A5", "b", "present", date(2003, 12, 20)),
        _attended("A6", "b", "present", date(2004, 9, 15)),
        _attended("A6", "b", "absent", date(2004, 9, 15), corrected=True),
    ]


# By hand: the roster in force at each month's end, and who of it attended from January 1 to that end.
CHAYUAN_2004 = {
    "2004-01": rate(0, 0),  # no roster yet: a's attendance counts for no one, no rate
    "2004-03": rate(2, 3),  # R1 a b c: a (01-05), c (03-10); b was absent
    "2004-06": rate(1, 3),  # R2 (dated 06-30 in the county) a b d: a; d not before 07-02
    "2004-07": rate(2, 3),  # R2: a, d
    "2004-10": rate(2, 3),  # R2: a, d; b's 09-15 was corrected to absent, and 2003-12-20 is last year's
    "2004-12": rate(2, 2),  # R3 a d: both
    "2005-01": rate(0, 2),  # R3 still in force; nobody trained yet in 2005
    "2005-06": rate(0, 0),  # R4: an empty roster, no rate
}


async def test_each_month_counts_the_roster_in_force_at_its_end_and_the_year_to_date(
    nats_operator: NatsSettings, reporting_as: Client
) -> None:
    await publish_all(nats_operator, chayuan_2004())
    officer = await reporting_as("county.officer")
    await _coverage_becomes(officer, "2004-10", CHAYUAN_2004["2004-10"], CHAYUAN)  # the correction applied
    for month, expected in CHAYUAN_2004.items():
        seen = await _figures(officer, month)
        assert _of(seen, CHAYUAN)["training"]["coverage"] == expected, month
        county = seen["county"]["training"]["coverage"]
        parts = [
            sum(t["training"]["coverage"][k] for t in seen["townships"]) for k in ("numerator", "denominator")
        ]
        assert [county["numerator"], county["denominator"]] == parts, month
    trained = await _items(officer, "2004-10", "numerator", CHAYUAN)
    assert [(i["id"], i["on"]) for i in trained] == [(_cid("a"), "2004-01-05"), (_cid("d"), "2004-07-02")]
    untrained = await _items(officer, "2004-10", "untrained", CHAYUAN)
    assert [(i["id"], i["on"]) for i in untrained] == [(_cid("b"), "2004-06-30")]
