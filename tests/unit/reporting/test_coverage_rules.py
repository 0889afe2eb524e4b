"""培训覆盖率's pure parts: the list keys, the year-to-date window, the shape of the figure, and which rosters the
projection keeps (the county office's is county-level and is no township's)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.reporting.domain.figures import Month, listed
from services.reporting.persistence import facts
from services.reporting.persistence import figures as sql
from services.reporting.service import projections
from services.reporting.service.figures import _Tally
from shared.contracts.training_records import CadreRosterChanged
from shared.events.envelope import Envelope
from shared.tenancy import COUNTY, tenant_id_for
from tests.unit.reporting.test_projections import Recorder

AT = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 2026-12-01 01:00 in the county


def test_the_coverage_lists_its_two_numbers_and_the_cadres_not_yet_trained():
    assert listed("coverage", "numerator").count == "roster_trained"
    assert listed("coverage", "denominator").count == "roster"
    assert listed("coverage", "untrained").count == "roster_untrained"
    assert {sql.BY_NAME[c].source for c in ("roster", "roster_trained", "roster_untrained")} == {sql.ROSTER}


def test_the_numerator_counts_the_year_from_january_first_to_the_cut():
    window = sql._window(date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 10))
    assert (window["year_first"], window["cut"]) == (date(2026, 1, 1), date(2026, 12, 9))
    ended = sql._window(date(2025, 3, 1), date(2025, 3, 31), date(2026, 12, 10))
    assert (ended["year_first"], ended["cut"]) == (date(2025, 1, 1), date(2025, 3, 31))


def test_the_training_figure_carries_coverage_as_a_rate_null_without_a_roster():
    tally = _Tally()
    assert tally.view(Month(2026, 12), "huchen").training.coverage.rate is None
    tally.counts.update({"roster": 3, "roster_trained": 2})
    coverage = tally.view(Month(2026, 12), "huchen").training.coverage
    assert (coverage.numerator, coverage.denominator, coverage.rate) == (2, 3, 0.6667)


def _roster(township: str, ids: tuple[str, ...]) -> Envelope:
    tenant_id = None if township == COUNTY else tenant_id_for(township)
    payload = CadreRosterChanged(township, ids, AT, date(2026, 12, 1))
    return Envelope.new(service="training_records", type=CadreRosterChanged.event_type,
                        subject=tenant_id_for(township), tenant=township, tenant_id=tenant_id, data=payload)  # fmt: skip


async def test_a_townships_roster_is_kept_whole_and_the_county_offices_is_not():
    db = Recorder()
    await projections.cadre_roster_changed(_roster("huchen", ("u2", "u1")), db)
    assert db.statements() == [facts._ROSTER]
    params = db.calls[0][1]
    assert params["township"] == "huchen" and params["tenant_id"] == tenant_id_for("huchen")
    assert (params["as_of"], params["as_of_date"], params["cadre_ids"]) == (
        AT,
        date(2026, 12, 1),
        ["u1", "u2"],
    )
    db = Recorder()
    await projections.cadre_roster_changed(_roster(COUNTY, ("c1",)), db)
    assert db.calls == []
