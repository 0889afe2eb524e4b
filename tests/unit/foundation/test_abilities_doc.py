"""docs/abilities.md is what the ability tables and the routes say, and every route names an ability."""

from __future__ import annotations

from deploy.launcher.abilities_doc import API_MODULES, DOC, render, routes
from shared.abilities import ability_of
from shared.abilities import intake as can
from shared.auth.roles import Role


def test_the_abilities_document_matches_the_tables_and_routes() -> None:
    assert DOC.read_text() == render(), "run: python -m deploy.launcher.abilities_doc --write"


def test_every_route_of_every_documented_service_requires_an_ability() -> None:
    for service in API_MODULES:
        unguarded = [sorted(h.paths) for h in routes(service) if ability_of(h) is None]
        assert unguarded == [], f"{service} routes without an ability guard: {unguarded}"


def test_trainers_and_the_county_admin_read_no_petitions_and_auditors_change_nothing() -> None:
    readers_of_personal_matters = [a for a in can.TABLE if a is not can.READ_DIRECTORY]
    assert all(Role.trainer not in a.roles and Role.county_admin not in a.roles for a in readers_of_personal_matters)
    auditor_can = {a.name for a in can.TABLE if Role.auditor in a.roles}
    assert auditor_can == {"read_directory", "read_petitions", "diary_read", "screening_read", "emergency_read"}
