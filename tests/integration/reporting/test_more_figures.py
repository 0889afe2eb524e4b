"""The rest of the county's figures, for a seeded month (June 2002, before every other test's dates, and with every
backlog of it cleared by September 2002 so that no later month sees it), and the list behind each number.

"Today" is long after June 2002, so the month has ended: the backlogs are read at the end of 06-30. Events without a
date of their own are dated by their time on the county's calendar (10:00 China time unless said).

dajiahe:

petition  received  channel  instructed                              acceptance due  decided
Q1        06-03     letter   06-05                                   06-18           not accepted 06-06
Q2        06-10     letter   —                                       06-25           —
Q3        06-12     visit    06-13 (not a letter: not in the rate)   06-27           —
Q4        05-28     letter   06-02 (received in May: not June's)     06-12           —
Q5        06-20     letter   twice, both before its registration     07-05           —
→ petitions 4 (letter 3, visit 1); 领导阅批率 on letters: Q1 Q5 of Q1 Q2 Q5 = 2/3; 及时受理率: due in June Q1 Q2 Q3
  Q4, on time Q1 = 1/4.

case  opened  handling due          opinion        closed        hard case flagged   repeat assignment
K1    04-01   06-10                 08-01          09-01         H3 06-20            06-02 (and one 05-30)
K2    05-01   06-15, ext. to 07-20  07-10          —             —                   — (a transfer, no repeat)
K3    04-15   06-20                 06-25 late     06-28 满意     H2 06-05            06-20 (published twice)
K4    03-01   05-20                 08-01          09-01         H1 05-15            —
K6    05-01   06-30                 07-03          —             —                   07-01 00:30 China (July)
K7    05-10   06-12                 06-08 on time  07-10         H4 07-05            06-30 23:30 China (June)
→ overdue at 06-30: K1 K4 K6 = 3; hard cases open at 06-30: H1 (K4) H3 (K1) = 2; repeat assignments: K1 K3 K7 = 3;
  按期办结率: due in June K1 K3 K6 K7, on time K7 = 1/4; 群众满意率 1/1 (K3); 参评率 1/1 (K3).

diary resolutions: D1 village 06-03, D2 village 06-10, D3 township 06-12, D4 county 06-25, D5 township 05-31
→ village 2, township 1, county 1.
screening items: S1 recorded 06-02, resolved 06-20; S2 recorded 06-05, controlled 06-06, resolved 07-02; S3 recorded
05-25, controlled 06-10; S4 recorded 06-28, resolved 06-29 (the resolution published first)
→ screened S1 S2 S4 = 3; controlled S2 S3 = 2; resolved S1 S4 = 2.
attendance (session held): A1 u1 present 3.0 (06-05); A2 u1 present 2.5 (06-20); A3 u2 present 2.0, corrected to
absent 0 (06-05, the correction published first); A4 u3 excused (06-05); A5 u4 present 1.5 (05-30); A6 u5 present
1.0, corrected to 4.0 (06-12)
→ hours 3.0 + 2.5 + 4.0 = 9.5 in 3 attendances, 2 cadres (u1, u5).

changjie: Q9, a letter received 06-04 and instructed; K9 opened 05-01, due 06-01, opinion 07-15 (overdue at 06-30);
A7 u9 present 2.0 (06-05).
The county: petitions 5; 领导阅批率 3/4; overdue 4; hard cases 2; repeat assignments 3; hours 11.5, 4 attendances,
3 cadres.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from shared.contracts.intake import PetitionDecided, PetitionInstructed, PetitionRegistered
from shared.contracts.intake_village import DiaryResolved, ScreeningItemRecorded, ScreeningItemResolved
from shared.contracts.supervision import (
    CaseClockChanged,
    CaseMoved,
    CaseOpened,
    CaseStageChanged,
    HardCaseFlagged,
)
from shared.contracts.training_records import AttendanceChanged
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from tests.integration.reporting.conftest import Client, china, event, fixed_id, rate
from tests.integration.reporting.test_figures import publish_all
from tests.integration.shared.scratch import wait_for

MONTH = "2002-06"
D = date
DAJIAHE, CHANGJIE = "dajiahe", "changjie"


def _id(name: str) -> uuid.UUID:
    return fixed_id(f"june-2002-{name}")


def registered(name: str, received: date, channel: str, township: str = DAJIAHE) -> Envelope:
    due = D.fromordinal(received.toordinal() + 15)
    payload = PetitionRegistered(
        _id(name), channel, "land", "claim", None, received, due, 1, False, False, False, "township"
    )
    return event("intake", "petition.registered.v1", township, _id(name), payload)


def instructed(name: str, on: date, n: int = 1, township: str = DAJIAHE) -> Envelope:
    payload = PetitionInstructed(_id(name), _id(f"{name}-instruction-{n}"), "letter", "county")
    return event("intake", "petition.instructed.v1", township, _id(name), payload, at=china(on))


def not_accepted(name: str, on: date) -> Envelope:
    """不予受理, not 受理: supervision opens a real case for an accepted petition, which would be one more case."""
    payload = PetitionDecided(_id(name), "not_accepted", on, True, category="land", kind="claim")
    return event("intake", "petition.not_accepted.v1", DAJIAHE, _id(name), payload, at=china(on))


def opened(name: str, on: date, due: date, township: str = DAJIAHE) -> Envelope:
    payload = CaseOpened(_id(name), _id(f"{name}-petition"), None, "land", "claim", None, on, due)
    return event("supervision", "case.opened.v1", township, _id(name), payload, at=china(on))


def extended(name: str, due: date, on: date) -> Envelope:
    payload = CaseClockChanged(_id(name), "handling", "extended", due)
    return event("supervision", "case.clock_changed.v1", DAJIAHE, _id(name), payload, at=china(on))


def stage(
    name: str, stage_: str, on: date, satisfaction: str | None = None, township: str = DAJIAHE
) -> Envelope:
    payload = CaseStageChanged(_id(name), _id(f"{name}-petition"), stage_, on, satisfaction=satisfaction)
    return event("supervision", "case.stage_changed.v1", township, _id(name), payload, at=china(on))


def flagged(name: str, case: str, on: date) -> Envelope:
    payload = HardCaseFlagged(_id(name), _id(case), _id(f"{case}-matter"), "rule", "age")
    return event("supervision", "hard_case.flagged.v1", DAJIAHE, _id(name), payload, at=china(on))


def moved(case: str, on: date, repeat: bool = True, hour: int = 10, minute: int = 0) -> Envelope:
    payload = CaseMoved(_id(case), "assigned" if repeat else "transferred", None, "dajiahe-office",
                        repeat_of=_id(f"{case}-first-assignment") if repeat else None)  # fmt: skip
    return event("supervision", "case.moved.v1", DAJIAHE, _id(case), payload, at=china(on, hour, minute))


def resolved_diary(name: str, level: str, on: date) -> Envelope:
    payload = DiaryResolved(_id(name), "zhangjiaxi", "land", level, on)
    return event("intake", "diary.resolved.v1", DAJIAHE, _id(name), payload, at=china(on))


def screened(name: str, on: date) -> Envelope:
    payload = ScreeningItemRecorded(_id("register"), _id(name), "2002-06", "high", 3, None)
    return event("intake", "screening.item_recorded.v1", DAJIAHE, _id(name), payload, at=china(on))


def screening_status(name: str, status: str, on: date) -> Envelope:
    payload = ScreeningItemResolved(_id("register"), _id(name), "2002-06", "high", status)
    return event("intake", "screening.item_resolved.v1", DAJIAHE, _id(name), payload, at=china(on))


def attended(name: str, cadre: str, status: str, hours: str, held: date, corrected_from: str | None = None,
             at: date | None = None, township: str = DAJIAHE) -> Envelope:  # fmt: skip
    type_ = "attendance.corrected.v1" if corrected_from else "attendance.recorded.v1"
    payload = AttendanceChanged(
        _id(name), _id(f"session-{held}"), f"user-{cadre}", township, status, Decimal(hours), held,
        previous_status="present" if corrected_from else None,
        previous_hours=Decimal(corrected_from) if corrected_from else None,
    )  # fmt: skip
    return event("training_records", type_, township, _id(name), payload, at=china(at or held, 18))


def seed() -> tuple[list[Envelope], list[Envelope]]:
    """The month's events (some out of their order) and those published a second time under another id."""
    k3_moved = moved("K3", D(2002, 6, 20))
    a3_recorded = attended("A3", "u2", "present", "2.0", D(2002, 6, 5))
    a3_corrected = attended("A3", "u2", "absent", "0", D(2002, 6, 5), corrected_from="2.0", at=D(2002, 6, 6))
    s4_resolved = screening_status("S4", "resolved", D(2002, 6, 29))
    q5_instructed = instructed("Q5", D(2002, 6, 22))
    events = [
        registered("Q1", D(2002, 6, 3), "letter"),
        instructed("Q1", D(2002, 6, 5)),
        not_accepted("Q1", D(2002, 6, 6)),
        registered("Q2", D(2002, 6, 10), "letter"),
        registered("Q3", D(2002, 6, 12), "visit"),
        instructed("Q3", D(2002, 6, 13)),
        registered("Q4", D(2002, 5, 28), "letter"),
        instructed("Q4", D(2002, 6, 2)),
        q5_instructed,  # before its registration
        instructed("Q5", D(2002, 6, 23), n=2),
        registered("Q5", D(2002, 6, 20), "letter"),
        opened("K1", D(2002, 4, 1), D(2002, 6, 10)),
        stage("K1", "opinion_issued", D(2002, 8, 1)),
        stage("K1", "closed", D(2002, 9, 1)),
        opened("K2", D(2002, 5, 1), D(2002, 6, 15)),
        extended("K2", D(2002, 7, 20), D(2002, 6, 14)),
        stage("K2", "opinion_issued", D(2002, 7, 10)),
        opened("K3", D(2002, 4, 15), D(2002, 6, 20)),
        stage("K3", "closed", D(2002, 6, 28), satisfaction="satisfied"),  # before its opinion
        stage("K3", "opinion_issued", D(2002, 6, 25)),
        opened("K4", D(2002, 3, 1), D(2002, 5, 20)),
        stage("K4", "opinion_issued", D(2002, 8, 1)),
        stage("K4", "closed", D(2002, 9, 1)),
        opened("K6", D(2002, 5, 1), D(2002, 6, 30)),
        stage("K6", "opinion_issued", D(2002, 7, 3)),
        opened("K7", D(2002, 5, 10), D(2002, 6, 12)),
        stage("K7", "opinion_issued", D(2002, 6, 8)),
        stage("K7", "closed", D(2002, 7, 10)),
        flagged("H1", "K4", D(2002, 5, 15)),
        flagged("H2", "K3", D(2002, 6, 5)),
        flagged("H3", "K1", D(2002, 6, 20)),
        flagged("H4", "K7", D(2002, 7, 5)),
        moved("K1", D(2002, 5, 30)),
        moved("K1", D(2002, 6, 2)),
        moved("K2", D(2002, 6, 15), repeat=False),
        k3_moved,
        moved("K6", D(2002, 7, 1), hour=0, minute=30),
        moved("K7", D(2002, 6, 30), hour=23, minute=30),
        resolved_diary("D1", "village", D(2002, 6, 3)),
        resolved_diary("D2", "village", D(2002, 6, 10)),
        resolved_diary("D3", "township", D(2002, 6, 12)),
        resolved_diary("D4", "county", D(2002, 6, 25)),
        resolved_diary("D5", "township", D(2002, 5, 31)),
        screened("S1", D(2002, 6, 2)),
        screening_status("S1", "resolved", D(2002, 6, 20)),
        screened("S2", D(2002, 6, 5)),
        screening_status("S2", "controlled", D(2002, 6, 6)),
        screening_status("S2", "resolved", D(2002, 7, 2)),
        screened("S3", D(2002, 5, 25)),
        screening_status("S3", "controlled", D(2002, 6, 10)),
        s4_resolved,  # before its recording
        screened("S4", D(2002, 6, 28)),
        attended("A1", "u1", "present", "3.0", D(2002, 6, 5)),
        attended("A2", "u1", "present", "2.5", D(2002, 6, 20)),
        a3_corrected,  # the correction first: the earlier recording must not win
        a3_recorded,
        attended("A4", "u3", "excused", "0", D(2002, 6, 5)),
        attended("A5", "u4", "present", "1.5", D(2002, 5, 30)),
        attended("A6", "u5", "present", "1.0", D(2002, 6, 12)),
        attended("A6", "u5", "present", "4.0", D(2002, 6, 12), corrected_from="1.0", at=D(2002, 6, 13)),
        registered("Q9", D(2002, 6, 4), "letter", township=CHANGJIE),
        instructed("Q9", D(2002, 6, 5), township=CHANGJIE),
        opened("K9", D(2002, 5, 1), D(2002, 6, 1), township=CHANGJIE),
        stage("K9", "opinion_issued", D(2002, 7, 15), township=CHANGJIE),
        attended("A7", "u9", "present", "2.0", D(2002, 6, 5), township=CHANGJIE),
    ]
    return events, [k3_moved, a3_recorded, s4_resolved, q5_instructed]


NO_ROSTER = rate(0, 0)  # 培训覆盖率: no roster is in force in 2002 (training records announces today's)

DAJIAHE_JUNE: dict[str, Any] = {
    "month": MONTH,
    "township": DAJIAHE,
    "petitions": 4,
    "by_channel": {"letter": 3, "visit": 1},
    "by_category": {"land": 4},
    "by_kind": {"claim": 4},
    "three_petitions": {"repeat": 0, "collective": 0, "skip_level": 0},
    "rates": {
        "timely_acceptance": rate(1, 4),
        "on_time_completion": rate(1, 4),
        "satisfaction": rate(1, 1),
        "participation": rate(1, 1),
        "instruction_rate": rate(2, 3),
        "information_reports_on_time": rate(0, 0),  # no report is due this month
    },
    "backlog": {"overdue": 3, "hard_cases": 2},
    "repeat_assignments": 3,
    "resolution_levels": {"village": 2, "township": 1, "county": 1},
    "screening": {"screened": 3, "controlled": 2, "resolved": 2},
    "training": {"hours": 9.5, "attendances": 3, "cadres_trained": 2, "coverage": NO_ROSTER},
}


async def _overview(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.get("/figures/overview", params={"month": MONTH})
    assert r.status_code == 200, r.text
    return r.json()


def _township(overview: dict[str, Any], slug: str) -> dict[str, Any] | None:
    return next((t for t in overview["townships"] if t["township"] == slug), None)


@pytest.fixture
async def june(nats_operator: NatsSettings, reporting_as: Client) -> dict[str, Any]:
    events, again = seed()
    await publish_all(nats_operator, events, again)
    officer = await reporting_as("county.officer")
    seen: dict[str, Any] = {}

    async def done() -> bool:
        seen.update(await _overview(officer))
        changjie = _township(seen, CHANGJIE) or {}
        return (
            _township(seen, DAJIAHE) == DAJIAHE_JUNE and changjie.get("training", {}).get("attendances") == 1
        )

    with contextlib.suppress(AssertionError):  # compared by the test, so a failure shows the difference
        await wait_for(done, 90, every=0.5)
    return seen


async def test_the_seeded_month_equals_the_figures_worked_out_by_hand(june: dict[str, Any]):
    assert _township(june, DAJIAHE) == DAJIAHE_JUNE
    changjie = _township(june, CHANGJIE)
    assert changjie["rates"]["instruction_rate"] == rate(1, 1)
    assert changjie["backlog"] == {"overdue": 1, "hard_cases": 0}
    assert changjie["training"] == {
        "hours": 2.0,
        "attendances": 1,
        "cadres_trained": 1,
        "coverage": NO_ROSTER,
    }
    county = june["county"]
    assert county["petitions"] == 5
    assert county["rates"]["instruction_rate"] == rate(3, 4)
    assert county["backlog"] == {"overdue": 4, "hard_cases": 2}
    assert county["repeat_assignments"] == 3
    assert county["resolution_levels"] == DAJIAHE_JUNE["resolution_levels"]
    assert county["screening"] == DAJIAHE_JUNE["screening"]
    assert county["training"] == {"hours": 11.5, "attendances": 4, "cadres_trained": 3, "coverage": NO_ROSTER}


def _numbers(figures: dict[str, Any]) -> dict[tuple[str, str | None], float]:
    """Every number of one township's (or the county's) overview, by the (figure, key) of its list."""
    numbers: dict[tuple[str, str | None], float] = {("petitions", None): figures["petitions"]}
    for breakdown in ("by_channel", "by_category", "by_kind"):
        numbers |= {(breakdown, value): n for value, n in figures[breakdown].items()}
    numbers |= {(name, None): n for name, n in figures["three_petitions"].items()}
    for name, r in figures["rates"].items():
        numbers |= {(name, "numerator"): r["numerator"], (name, "denominator"): r["denominator"]}
    numbers |= {("overdue_backlog", None): figures["backlog"]["overdue"],
                ("hard_case_backlog", None): figures["backlog"]["hard_cases"],
                ("repeat_assignments", None): figures["repeat_assignments"]}  # fmt: skip
    numbers |= {("resolution_levels", level): n for level, n in figures["resolution_levels"].items()}
    s = figures["screening"]
    numbers |= {("screened", None): s["screened"], ("screening_controlled", None): s["controlled"],
                ("screening_resolved", None): s["resolved"]}  # fmt: skip
    t = figures["training"]
    numbers |= {("training_hours", None): t["hours"], ("attendances", None): t["attendances"],
                ("cadres_trained", None): t["cadres_trained"],
                ("coverage", "numerator"): t["coverage"]["numerator"],
                ("coverage", "denominator"): t["coverage"]["denominator"]}  # fmt: skip
    return numbers


async def _items(client: httpx.AsyncClient, figure: str, key: str | None, **params: Any) -> dict[str, Any]:
    query = {"month": MONTH, "page_size": 100, **({"key": key} if key else {}), **params}
    r = await client.get(f"/figures/{figure}/items", params=query)
    assert r.status_code == 200, (figure, key, r.text)
    return r.json()


def _listed_number(figure: str, page: dict[str, Any]) -> float:
    if figure == "training_hours":
        return float(sum(Decimal(str(i["hours"])) for i in page["items"]))
    assert page["total"] == len(page["items"])
    return page["total"]


@pytest.mark.parametrize("township", [DAJIAHE, None])
async def test_every_number_of_the_overview_has_its_list_of_that_length(
    june: dict[str, Any], reporting_as: Client, township: str | None
):
    officer = await reporting_as("county.officer")
    figures = _township(june, township) if township else june["county"]
    where = {"township": township} if township else {}
    numbers = _numbers(figures)
    assert len(numbers) >= 30  # every number of the overview
    for (figure, key), number in numbers.items():
        page = await _items(officer, figure, key, **where)
        assert _listed_number(figure, page) == number, (figure, key)
        assert all(i["township"] == township for i in page["items"]) or township is None


def _ids(page: dict[str, Any]) -> list[str]:
    return [i["id"] for i in page["items"]]


async def test_the_lists_name_the_petitions_and_cases_with_their_dates(
    june: dict[str, Any], reporting_as: Client
):
    officer = await reporting_as("county.officer")
    overdue = await _items(officer, "overdue_backlog", None, township=DAJIAHE)
    assert _ids(overdue) == [str(_id(c)) for c in ("K4", "K1", "K6")]  # by handling due date
    assert overdue["items"][0] == {
        "kind": "case", "id": str(_id("K4")), "township": DAJIAHE, "on": "2002-05-20",
        "petition_id": str(_id("K4-petition")), "session_id": None, "hours": None,
    }  # fmt: skip
    letters = await _items(officer, "instruction_rate", "numerator", township=DAJIAHE)
    assert _ids(letters) == [str(_id("Q1")), str(_id("Q5"))]
    assert {i["kind"] for i in letters["items"]} == {"petition"}
    moves = await _items(officer, "repeat_assignments", None)
    assert [(i["id"], i["on"]) for i in moves["items"]] == [
        (str(_id("K1")), "2002-06-02"), (str(_id("K3")), "2002-06-20"), (str(_id("K7")), "2002-06-30"),
    ]  # fmt: skip
    cadres = await _items(officer, "cadres_trained", None)
    assert sorted(_ids(cadres)) == ["user-u1", "user-u5", "user-u9"]


async def test_a_list_pages_and_keeps_its_total(june: dict[str, Any], reporting_as: Client):
    officer = await reporting_as("county.officer")
    first = await _items(officer, "petitions", None, page_size=2)
    second = await _items(officer, "petitions", None, page_size=2, page=2)
    assert (first["total"], second["total"]) == (5, 5)
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not set(_ids(first)) & set(_ids(second))


async def test_a_township_clerk_lists_only_their_township(june: dict[str, Any], reporting_as: Client):
    clerk = await reporting_as("dajiahe.clerk")
    letters = await _items(clerk, "instruction_rate", "denominator")
    assert letters["township"] == DAJIAHE
    assert _ids(letters) == [str(_id(q)) for q in ("Q1", "Q2", "Q5")]
    r = await clerk.get("/figures/petitions/items", params={"month": MONTH, "township": CHANGJIE})
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("figure", "key", "field"),
    [("no_such_figure", None, "figure"), ("instruction_rate", None, "key"), ("resolution_levels", "city", "key"),
     ("by_channel", None, "key")],
)  # fmt: skip
async def test_an_unknown_figure_or_key_is_422_naming_it(reporting_as: Client, figure, key, field):
    officer = await reporting_as("county.officer")
    r = await officer.get(
        f"/figures/{figure}/items", params={"month": MONTH, **({"key": key} if key else {})}
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == field
