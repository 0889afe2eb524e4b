"""The rosters a staff sync announces (services/training_records/service/roster.py): which townships changed, the
roster whole and sorted, its date in the county, and the envelope it travels in (the county office's is
county-level)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec

from services.training_records.service.roster import changed, roster_event
from shared.contracts.training_records import CadreRosterChanged
from shared.events.envelope import Envelope
from shared.tenancy import COUNTY, tenant_id_for


def test_only_townships_whose_set_changed_are_announced_whole_and_sorted():
    before = {"huchen": frozenset({"u2", "u1"}), "chayuan": frozenset({"u5"}), COUNTY: frozenset({"c1"})}
    after = {
        "huchen": frozenset({"u1", "u3", "u2"}),
        "chayuan": frozenset({"u5"}),
        "yuexi": frozenset({"u9"}),
    }
    assert changed(before, after) == {
        COUNTY: (),  # the last one left: an empty roster, said once
        "huchen": ("u1", "u2", "u3"),
        "yuexi": ("u9",),
    }


def test_the_first_sync_announces_every_township_with_cadres_and_a_second_nothing():
    after = {"huchen": frozenset({"u1"}), COUNTY: frozenset({"c1"})}
    assert changed({}, after) == {COUNTY: ("c1",), "huchen": ("u1",)}
    assert changed(after, after) == {}


def test_a_cadre_moving_township_changes_both():
    assert changed({"huchen": frozenset({"u1"})}, {"chayuan": frozenset({"u1"})}) == {
        "chayuan": ("u1",),
        "huchen": (),
    }


def test_the_roster_is_dated_in_the_county():
    at = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # already 2027-01-01 01:30 in China
    e = roster_event("huchen", ("u1",), at)
    assert (e.as_of, e.as_of_date) == (at, date(2027, 1, 1))


def test_the_event_round_trips_and_the_county_office_is_county_level():
    at = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    township = Envelope.new(
        service="training_records", type=CadreRosterChanged.event_type, subject=tenant_id_for("huchen"),
        tenant="huchen", tenant_id=tenant_id_for("huchen"), data=roster_event("huchen", ("u1", "u2"), at),
    )  # fmt: skip
    back = Envelope.from_json(township.to_json())
    assert back.nats_subject() == "xf.huchen.cadre_roster.changed"
    assert back.payload_as(CadreRosterChanged) == CadreRosterChanged(
        "huchen", ("u1", "u2"), at, date(2026, 11, 2)
    )
    county = Envelope.new(
        service="training_records", type=CadreRosterChanged.event_type, subject=tenant_id_for(COUNTY),
        tenant=COUNTY, tenant_id=None, data=roster_event(COUNTY, ("c1",), at),
    )  # fmt: skip
    assert county.is_county_level and county.nats_subject() == "xf.county.cadre_roster.changed"
    assert msgspec.json.decode(county.to_json())["data"]["cadre_ids"] == ["c1"]
