"""The demo county file and the realm agree: every demo user's township and village exist."""

from __future__ import annotations

import json

from deploy.launcher.config import REPO_ROOT

SEED = json.loads((REPO_ROOT / "deploy" / "seed" / "ninghai.json").read_text())
REALM = json.loads((REPO_ROOT / "deploy" / "keycloak" / "xinfang-realm.json").read_text())


def test_the_demo_county_has_its_eighteen_townships() -> None:
    names = {t["name"] for t in SEED["townships"]}
    assert len(names) == 18
    assert {"大佳何镇", "长街镇", "跃龙街道", "越溪乡"} <= names
    assert all(len(t["villages"]) >= 3 for t in SEED["townships"])


def test_every_demo_users_township_and_village_is_in_the_county() -> None:
    villages = {t["slug"]: {v["slug"] for v in t["villages"]} for t in SEED["townships"]}
    for user in REALM["users"]:
        attrs = user.get("attributes", {})
        township = attrs.get("township", [None])[0]
        if township is None:
            continue
        assert township == "county" or township in villages, user["username"]
        for village in attrs.get("village", []):
            assert village in villages[township], user["username"]
