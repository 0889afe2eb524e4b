"""docs/abilities.md is what the ability tables and the routes say, and every route names an ability."""

from __future__ import annotations

from deploy.launcher.abilities_doc import API_MODULES, DOC, render, routes
from shared.abilities import ability_of
from shared.abilities import intake as can
from shared.abilities import supervision as supervision_can
from shared.auth.roles import Role


def test_the_abilities_document_matches_the_tables_and_routes() -> None:
    assert DOC.read_text() == render(), "run: python -m deploy.launcher.abilities_doc --write"


def _public(paths: set[str]) -> bool:
    # The petitioner's query page answers without an account by design (its own throttle guards it).
    return all(p.startswith("/public/") for p in paths)


def test_every_route_of_every_documented_service_requires_an_ability() -> None:
    for service in API_MODULES:
        unguarded = [sorted(h.paths) for h in routes(service) if ability_of(h) is None and not _public(h.paths)]
        assert unguarded == [], f"{service} routes without an ability guard: {unguarded}"


def test_trainers_and_the_county_admin_read_no_petitions_and_auditors_change_nothing() -> None:
    readers_of_personal_matters = [a for a in can.TABLE if a is not can.READ_DIRECTORY]
    assert all(Role.trainer not in a.roles and Role.county_admin not in a.roles for a in readers_of_personal_matters)
    auditor_can = {a.name for a in can.TABLE if Role.auditor in a.roles}
    assert auditor_can == {"read_directory", "read_petitions", "diary_read", "screening_read", "emergency_read"}


def test_in_supervision_trainers_read_no_case_the_admin_only_rules_and_calendar_auditors_only_read() -> None:
    assert all(Role.trainer not in a.roles for a in supervision_can.TABLE if a is not supervision_can.READ_CALENDAR)
    admin_can = {a.name for a in supervision_can.TABLE if Role.county_admin in a.roles}
    assert admin_can == {"read_rules", "keep_rules", "read_calendar", "keep_calendar"}
    auditor_can = {a.name for a in supervision_can.TABLE if Role.auditor in a.roles}
    assert auditor_can == {"read_cases", "read_rules", "read_calendar", "read_spot_checks"}


def test_only_leaders_approve_an_extension() -> None:
    assert supervision_can.EXTEND.roles == {Role.township_leader, Role.county_leader}
