"""The Principal built from verified claims: roles, scope, tenant and village, display name, visibility."""

from __future__ import annotations

from typing import Any

import pytest

from shared.auth.guards import ensure_visible
from shared.auth.principal import Principal, TokenRejected
from shared.auth.roles import Role
from shared.errors import NotFound
from shared.tenancy import Scope, tenant_id_for, village_id_for

DAJIAHE = tenant_id_for("dajiahe")
CHANGJIE = tenant_id_for("changjie")


def claims(*roles: str, township: str | None = "dajiahe", village: str | None = None, **more: Any) -> dict:
    found: dict[str, Any] = {
        "sub": "5b0c1d9e-0000-4000-8000-000000000001",
        "preferred_username": "someone",
        "realm_access": {"roles": [*roles, "default-roles-xinfang", "offline_access"]},
        **more,
    }
    if township is not None:
        found["township"] = township
    if village is not None:
        found["village"] = village
    return found


def test_township_clerk_sees_own_township() -> None:
    p = Principal.from_claims(claims("township-clerk"))
    assert p.scope is Scope.township
    assert p.roles == {Role.township_clerk}
    assert p.tenant_id == DAJIAHE and p.village_id is None
    assert p.sees_tenant(DAJIAHE) and not p.sees_tenant(CHANGJIE)


def test_village_liaison_is_scoped_to_their_village() -> None:
    p = Principal.from_claims(claims("village-liaison", village="zhangjiaxi"))
    assert p.scope is Scope.village
    assert p.village == "zhangjiaxi"
    assert p.village_id == village_id_for("dajiahe", "zhangjiaxi")
    assert p.tenant_id == DAJIAHE


def test_village_liaison_without_village_claim_is_refused() -> None:
    with pytest.raises(TokenRejected, match="village"):
        Principal.from_claims(claims("village-liaison"))


@pytest.mark.parametrize("role", ["county-officer", "county-leader", "auditor", "county-admin", "trainer"])
def test_county_claim_with_county_role_or_trainer_sees_every_township(role: str) -> None:
    p = Principal.from_claims(claims(role, township="county"))
    assert p.scope is Scope.county
    assert p.tenant_id is None and p.village_id is None
    assert p.sees_tenant(DAJIAHE) and p.sees_tenant(CHANGJIE)


def test_trainer_of_a_township_sees_only_that_township() -> None:
    p = Principal.from_claims(claims("trainer", township="changjie"))
    assert p.scope is Scope.township
    assert p.sees_tenant(CHANGJIE) and not p.sees_tenant(DAJIAHE)


def test_county_claim_with_a_township_role_is_refused() -> None:
    with pytest.raises(TokenRejected, match="county"):
        Principal.from_claims(claims("township-clerk", township="county"))


def test_county_role_inside_a_township_is_refused() -> None:
    with pytest.raises(TokenRejected, match="county"):
        Principal.from_claims(claims("county-officer", township="dajiahe"))


def test_missing_township_claim_is_refused() -> None:
    with pytest.raises(TokenRejected, match="township"):
        Principal.from_claims(claims("township-clerk", township=None))


def test_token_without_any_xinfang_role_is_refused() -> None:
    with pytest.raises(TokenRejected, match="role"):
        Principal.from_claims(claims())


@pytest.mark.parametrize("township", ["da.jiahe", "dajiahe.>", "*", "DAJIAHE", "大佳何"])
def test_township_claim_that_is_not_a_slug_is_refused(township: str) -> None:
    with pytest.raises(TokenRejected, match="malformed"):
        Principal.from_claims(claims("township-clerk", township=township))


def test_display_name_puts_family_name_first() -> None:
    p = Principal.from_claims(claims("township-clerk", family_name="张", given_name="永杰", name="永杰 张"))
    assert p.display_name == "张永杰"


def test_display_name_falls_back_to_name_then_username() -> None:
    assert Principal.from_claims(claims("township-clerk", name="老张")).display_name == "老张"
    assert Principal.from_claims(claims("township-clerk")).display_name == "someone"


def test_has_any_matches_one_of_the_roles() -> None:
    p = Principal.from_claims(claims("township-clerk", "trainer"))
    assert p.has_any(Role.township_leader, Role.trainer)
    assert not p.has_any(Role.township_leader, Role.auditor)


def test_principal_is_immutable() -> None:
    p = Principal.from_claims(claims("township-clerk"))
    with pytest.raises(AttributeError):
        p.tenant_id = CHANGJIE  # type: ignore[misc]


def test_another_townships_object_is_not_found() -> None:
    clerk = Principal.from_claims(claims("township-clerk"))
    ensure_visible(clerk, DAJIAHE)
    with pytest.raises(NotFound):
        ensure_visible(clerk, CHANGJIE)


def test_liaison_sees_only_objects_of_their_village() -> None:
    liaison = Principal.from_claims(claims("village-liaison", village="zhangjiaxi"))
    ensure_visible(liaison, DAJIAHE, village_id_for("dajiahe", "zhangjiaxi"))
    with pytest.raises(NotFound):
        ensure_visible(liaison, DAJIAHE, village_id_for("dajiahe", "other"))
    with pytest.raises(NotFound):
        ensure_visible(liaison, DAJIAHE)


def test_county_officer_sees_every_townships_object() -> None:
    officer = Principal.from_claims(claims("county-officer", township="county"))
    ensure_visible(officer, CHANGJIE)
    ensure_visible(officer, DAJIAHE, village_id_for("dajiahe", "zhangjiaxi"))
