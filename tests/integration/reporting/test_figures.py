"""A seeded month (March 2003, far from every other test's dates) of one township, published as intake and
supervision publish it, gives figures equal to the ones worked out by hand below; duplicates count once, events out
of order give the same rows, a rebuild from the stream changes no figure, and a township clerk sees only their own.

The month, dajiahe (acceptance is due 15 days after receipt in these events; "today" is long after March 2003):

petition  received  channel  category  kind        acceptance due  decided                 three petitions
P1        03-03     visit    land      claim       03-18           accepted 03-10 on time   collective
P2        03-05     letter   land      complaint   03-20           accepted 03-25 late
P3        03-10     online   labour    claim       03-25           never: past due, late
P4        03-20     visit    labour    suggestion  04-04 (April)   accepted 03-28           skip-level
P5        02-25     online   land      claim       03-12           not accepted 03-11 ok    (February)
P6        03-15     letter   land      claim       03-30           forwarded 03-30 ok       repeat (of P5)
P7        03-21     visit    land      claim       04-05 (April)   —                        collective; link confirmed,
                                                                                            then rejected: no repeat
→ received 6: visit 3, letter 2, online 1; land 4, labour 2; claim 4, complaint 1, suggestion 1;
  repeat 1, collective 2, skip-level 1; 及时受理率: due in March P1 P2 P3 P5 P6, on time P1 P5 P6 = 3/5.

case  handling due (after extensions)   opinion         verdict                          closed
C1    03-11                             03-05 on time   satisfied 03-08                  03-08
C2    03-16, extended to 04-15          —               —                                —
C3    03-21                             03-25 late      basically satisfied 03-27        03-27
C4    02-26, extended to 03-28          03-20 on time   dissatisfied 03-22 (in review)   —
C5    03-31                             never: late     —                                —
C6    01-30                             01-25           never rated                      03-02 (window lapsed)
→ 按期办结率: due in March C1 C3 C4 C5, on time C1 C4 = 2/4; 群众满意率: rated in March C1 C3 C4, satisfied C1 C3
  = 2/3; 参评率: closed in March C1 C3 C6, rated C1 C3 = 2/3.

changjie has one petition in the same month (P8, visit, received 03-05 and accepted 03-06: 及时受理率 1/1), which
dajiahe's clerk must not see. The county: 7 petitions, 及时受理率 4/6, the case rates dajiahe's.
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import date
from typing import Any

import httpx
import nats
import pytest

from deploy.launcher.config import StackSettings
from services.reporting.rebuild import rebuild
from shared.contracts.intake import PetitionDecided, PetitionRegistered, RepeatLinkDecided
from shared.contracts.supervision import CaseClockChanged, CaseOpened, CaseStageChanged
from shared.events.connection import connect_options
from shared.events.envelope import Envelope
from shared.settings import NatsSettings
from tests.integration.reporting.conftest import Client, event, fixed_id, rate
from tests.integration.shared.scratch import wait_for

MONTH = "2003-03"
D = date


def _p(n: int) -> uuid.UUID:
    return fixed_id(f"petition-{n}")


def _c(n: int) -> uuid.UUID:
    return fixed_id(f"case-{n}")


def registered(n: int, received: date, channel: str, category: str, kind: str, township: str = "dajiahe",
               collective: bool = False, skip_level: bool = False) -> Envelope:  # fmt: skip
    due = D.fromordinal(received.toordinal() + 15)
    payload = PetitionRegistered(
        _p(n), channel, category, kind, "zhangjiaxi", received, due, 5 if collective else 1, collective, skip_level,
        False, "township",
    )  # fmt: skip
    return event("intake", "petition.registered.v1", township, _p(n), payload)


def decided(n: int, decision: str, on: date, on_time: bool, township: str = "dajiahe") -> Envelope:
    type_ = {"accepted": "petition.accepted.v1", "not_accepted": "petition.not_accepted.v1",
             "forwarded": "petition.forwarded.v1"}[decision]  # fmt: skip
    payload = PetitionDecided(_p(n), decision, on, on_time, category="land", kind="claim")
    return event("intake", type_, township, _p(n), payload)


def linked(n: int, earlier: int, confirmed: bool) -> Envelope:
    return event(
        "intake",
        "petition.repeat_linked.v1",
        "dajiahe",
        _p(n),
        RepeatLinkDecided(_p(n), _p(earlier), confirmed),
    )


def opened(n: int, accepted: date, due: date) -> Envelope:
    payload = CaseOpened(_c(n), _p(100 + n), "dajiahe-office", "land", "claim", "zhangjiaxi", accepted, due)
    return event("supervision", "case.opened.v1", "dajiahe", _c(n), payload)


def clock(n: int, change: str, due: date | None) -> Envelope:
    return event("supervision", "case.clock_changed.v1", "dajiahe", _c(n),
                 CaseClockChanged(_c(n), "handling", change, due))  # fmt: skip


def stage(
    n: int, stage_: str, on: date, satisfaction: str | None = None, on_time: bool | None = None
) -> Envelope:
    payload = CaseStageChanged(_c(n), _p(100 + n), stage_, on, satisfaction=satisfaction, on_time=on_time)
    return event("supervision", "case.stage_changed.v1", "dajiahe", _c(n), payload)


def seed() -> tuple[list[Envelope], list[Envelope]]:
    """The month's events, and those delivered a second time: a registration, an opinion and a verdict."""
    # Built in this order, so each event's time says which came later; some are published out of that order.
    link_confirmed = linked(7, 5, True)
    link_rejected = linked(7, 5, False)
    c4_extended = clock(4, "extended", D(2003, 3, 28))
    c1_satisfied = stage(1, "closed", D(2003, 3, 8), satisfaction="satisfied")
    p1_registered = registered(1, D(2003, 3, 3), "visit", "land", "claim", collective=True)
    c1_opinion = stage(1, "opinion_issued", D(2003, 3, 5), on_time=True)
    events = [
        p1_registered,
        decided(1, "accepted", D(2003, 3, 10), True),
        registered(2, D(2003, 3, 5), "letter", "land", "complaint"),
        decided(2, "accepted", D(2003, 3, 25), False),
        registered(3, D(2003, 3, 10), "online", "labour", "claim"),
        decided(4, "accepted", D(2003, 3, 28), True),  # before its registration
        registered(4, D(2003, 3, 20), "visit", "labour", "suggestion", skip_level=True),
        registered(5, D(2003, 2, 25), "online", "land", "claim"),
        decided(5, "not_accepted", D(2003, 3, 11), True),
        linked(6, 5, True),
        registered(6, D(2003, 3, 15), "letter", "land", "claim"),
        decided(6, "forwarded", D(2003, 3, 30), True),
        link_rejected,  # the later decision arrives first: the earlier one must not win
        registered(7, D(2003, 3, 21), "visit", "land", "claim", collective=True),
        link_confirmed,
        registered(8, D(2003, 3, 5), "visit", "land", "claim", township="changjie"),
        decided(8, "accepted", D(2003, 3, 6), True, township="changjie"),
        opened(1, D(2003, 1, 10), D(2003, 3, 11)),
        c1_opinion,
        c1_satisfied,
        opened(2, D(2003, 1, 15), D(2003, 3, 16)),
        clock(2, "extended", D(2003, 4, 15)),
        opened(3, D(2003, 1, 20), D(2003, 3, 21)),
        stage(3, "closed", D(2003, 3, 27), satisfaction="basically_satisfied"),  # before its opinion
        stage(3, "opinion_issued", D(2003, 3, 25), on_time=False),
        c4_extended,  # before the case's opening, which carries the earlier deadline
        opened(4, D(2002, 12, 28), D(2003, 2, 26)),
        clock(4, "paused", None),
        stage(4, "opinion_issued", D(2003, 3, 20), on_time=True),
        stage(4, "in_review", D(2003, 3, 22), satisfaction="dissatisfied"),
        opened(5, D(2003, 1, 30), D(2003, 3, 31)),
        opened(6, D(2002, 12, 1), D(2003, 1, 30)),
        stage(6, "opinion_issued", D(2003, 1, 25), on_time=True),
        stage(6, "closed", D(2003, 3, 2)),
    ]
    return events, [p1_registered, c1_opinion, c1_satisfied]


DAJIAHE_MARCH: dict[str, Any] = {
    "month": MONTH,
    "township": "dajiahe",
    "petitions": 6,
    "by_channel": {"letter": 2, "online": 1, "visit": 3},
    "by_category": {"labour": 2, "land": 4},
    "by_kind": {"claim": 4, "complaint": 1, "suggestion": 1},
    "three_petitions": {"repeat": 1, "collective": 2, "skip_level": 1},
    "rates": {
        "timely_acceptance": rate(3, 5),
        "on_time_completion": rate(2, 4),
        "satisfaction": rate(2, 3),
        "participation": rate(2, 3),
        "instruction_rate": rate(0, 2),  # letters P2 and P6, neither instructed
        "information_reports_on_time": rate(0, 0),  # no report is due this month
    },
    "backlog": {"overdue": 1, "hard_cases": 0},  # C5: due 03-31, no opinion at the month's end
    "repeat_assignments": 0,
    "resolution_levels": {"village": 0, "township": 0, "county": 0},
    "screening": {"screened": 0, "controlled": 0, "resolved": 0},
    "training": {"hours": 0.0, "attendances": 0, "cadres_trained": 0, "coverage": rate(0, 0)},
}


async def publish_all(operator: NatsSettings, envelopes: list[Envelope], again: list[Envelope] = ()) -> None:
    """As the relay publishes (Nats-Msg-Id = event id); `again` a second time under another id, which gets past
    JetStream's de-duplication, as a relay retry after the window would."""
    nc = await nats.connect(**connect_options(operator))
    try:
        js = nc.jetstream()
        for e in envelopes:
            await js.publish(e.nats_subject(), e.to_json(), headers={"Nats-Msg-Id": str(e.id)})
        for e in again:
            await js.publish(e.nats_subject(), e.to_json(), headers={"Nats-Msg-Id": f"{e.id}:again"})
    finally:
        await nc.close()


async def _overview(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.get("/figures/overview", params={"month": MONTH})
    assert r.status_code == 200, r.text
    return r.json()


def _township(overview: dict[str, Any], slug: str) -> dict[str, Any] | None:
    return next((t for t in overview["townships"] if t["township"] == slug), None)


async def _settled(client: httpx.AsyncClient) -> dict[str, Any]:
    """The overview once the worker has applied the seed (the figures equal the expectation, or time runs out)."""
    seen: dict[str, Any] = {}

    async def done() -> bool:
        seen.update(await _overview(client))
        return _township(seen, "dajiahe") == DAJIAHE_MARCH and _township(seen, "changjie") is not None

    with contextlib.suppress(AssertionError):  # compared by the test, so a failure shows the difference
        await wait_for(done, 60, every=0.5)
    return seen


@pytest.fixture
async def seeded(nats_operator: NatsSettings, reporting_as: Client) -> dict[str, Any]:
    events, again = seed()
    await publish_all(nats_operator, events, again)
    return await _settled(await reporting_as("county.officer"))


async def test_the_seeded_month_equals_the_figures_worked_out_by_hand(seeded: dict[str, Any]):
    assert _township(seeded, "dajiahe") == DAJIAHE_MARCH
    assert _township(seeded, "changjie")["by_channel"] == {"visit": 1}
    county = seeded["county"]
    assert county["township"] is None
    assert county["petitions"] == 7
    assert county["by_channel"] == {"letter": 2, "online": 1, "visit": 4}
    assert county["rates"] == {**DAJIAHE_MARCH["rates"], "timely_acceptance": rate(4, 6)}
    assert county["backlog"] == {"overdue": 1, "hard_cases": 0}


async def test_the_ranking_and_the_trend_read_the_same_figures(seeded: dict[str, Any], reporting_as: Client):
    officer = await reporting_as("county.officer")
    r = await officer.get("/figures/townships", params={"month": MONTH, "by": "timely_acceptance"})
    assert r.status_code == 200, r.text
    ranking = r.json()
    ranks = {t["township"]: (t["rank"], t["rate"]) for t in ranking["townships"]}
    assert ranks == {"changjie": (1, 1.0), "dajiahe": (2, 0.6)}
    assert ranking["spread"] == {"highest": "changjie", "lowest": "dajiahe", "value": 0.4}
    r = await officer.get("/figures/townships", params={"month": MONTH, "by": "satisfaction"})
    ranks = {t["township"]: (t["rank"], t["rate"]) for t in r.json()["townships"]}
    assert ranks == {"dajiahe": (1, 0.6667), "changjie": (None, None)}  # nothing rated: no rate, no place

    r = await officer.get(
        "/figures/trend", params={"from": "2003-02", "to": "2003-04", "township": "dajiahe"}
    )
    assert r.status_code == 200, r.text
    months = r.json()["months"]
    assert [m["month"] for m in months] == ["2003-02", "2003-03", "2003-04"]
    assert months[1] == DAJIAHE_MARCH
    assert months[0]["petitions"] == 1  # P5
    assert months[2]["rates"]["on_time_completion"] == rate(0, 1)  # C2, extended into April, no opinion


async def test_a_rebuild_from_the_stream_leaves_every_figure_unchanged(
    seeded: dict[str, Any], reporting_as: Client, reporting_settings, nats_operator: NatsSettings
):
    officer = await reporting_as("county.officer")
    before_trend = (await officer.get("/figures/trend", params={"from": "2003-01", "to": "2003-04"})).json()
    done = await rebuild(reporting_settings, nats_operator, timeout=300)
    assert done.dropped > 0 and done.events > 0  # the facts really went, and the stream really came back
    assert await _overview(officer) == seeded
    assert (
        await officer.get("/figures/trend", params={"from": "2003-01", "to": "2003-04"})
    ).json() == before_trend


async def test_a_township_clerk_sees_only_their_township(seeded: dict[str, Any], reporting_as: Client):
    clerk = await reporting_as("dajiahe.clerk")
    mine = await _overview(clerk)
    assert mine["county"] is None
    assert mine["townships"] == [DAJIAHE_MARCH]
    ranking = (await clerk.get("/figures/townships", params={"month": MONTH})).json()
    assert [t["township"] for t in ranking["townships"]] == ["dajiahe"]
    r = await clerk.get("/figures/trend", params={"from": MONTH, "to": MONTH, "township": "changjie"})
    assert r.status_code == 404
    r = await clerk.get("/figures/trend", params={"from": MONTH, "to": MONTH})
    assert r.json()["township"] == "dajiahe" and r.json()["months"] == [DAJIAHE_MARCH]


async def test_other_townships_clerk_does_not_see_dajiahe(seeded: dict[str, Any], reporting_as: Client):
    other = await _overview(await reporting_as("changjie.clerk"))
    assert [t["township"] for t in other["townships"]] == ["changjie"]
    assert other["townships"][0]["petitions"] == 1


async def test_a_month_not_written_yyyy_mm_is_422_naming_it(reporting_as: Client):
    r = await (await reporting_as("county.leader")).get("/figures/overview", params={"month": "2003-3"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "month"


async def test_a_village_liaison_reads_no_figures(reporting_as: Client, stack: StackSettings):
    r = await (await reporting_as("dajiahe.liaison")).get("/figures/overview", params={"month": MONTH})
    assert r.status_code == 403
