"""The realm holds the demo townships' staff exactly as the demo's steps name them: the id `actors._from_claims`
puts in their claims (so the petitions, cases and trail entries the demo writes name users who exist), the name,
the township (and village) attribute, the role, enabled, with the demo password; and no demo user besides."""

from __future__ import annotations

import json

from deploy.demo import actors
from deploy.demo.__main__ import places
from deploy.demo.plan import staff
from deploy.launcher.config import REPO_ROOT
from deploy.launcher.keycloak import REALM_FILE


def _realm_users() -> dict[str, dict]:
    realm = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    return {u["username"]: u for u in realm["users"]}


def test_every_demo_staff_member_is_a_realm_user_with_the_claims_id() -> None:
    villages, names = places(REPO_ROOT / "deploy" / "seed" / "ninghai.json")
    users = _realm_users()
    expected = staff(villages, names)
    for person in expected:
        u = users[person.username]
        claims = actors.principal(person)
        assert u["id"] == person.user_id == claims.user_id
        assert u["firstName"] == person.name == claims.display_name and "lastName" not in u
        place = {"township": [person.township], **({"village": [person.village]} if person.village else {})}
        assert u["attributes"] == place
        assert u["realmRoles"] == [person.role] and u["enabled"] is True
        assert u["credentials"] == [{"type": "password", "value": "${XF_DEMO_PASSWORD}", "temporary": False}]
    assert {n for n in users if n.startswith("demo.")} == {p.username for p in expected}


def test_the_tests_townships_users_are_as_they_were() -> None:
    """The realm's other users keep the ids Keycloak gives them (none in the file) and their places."""
    others = [u for n, u in _realm_users().items() if not n.startswith("demo.")]
    assert all("id" not in u for u in others)
    assert {u["attributes"]["township"][0] for u in others if u.get("attributes")} == {
        "county", "dajiahe", "changjie", "xidian",
    }  # fmt: skip
