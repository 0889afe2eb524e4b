"""Launcher settings and tenant ids: pure rules, no I/O."""

from __future__ import annotations

import uuid

from deploy.launcher.config import StackSettings
from shared.db.rls import tenant_policy_sql
from shared.tenancy import tenant_id_for, village_id_for


def test_every_port_follows_the_base_unless_set() -> None:
    s = StackSettings(port_base=28000, intake_port=9999)
    assert (s.pg_port, s.nats_port, s.keycloak_port, s.portal_port) == (28432, 28422, 28080, 28100)
    assert s.intake_port == 9999


def test_two_instances_share_no_port() -> None:
    ports = lambda s: {v for k, v in s.model_dump().items() if k.endswith("_port")}  # noqa: E731
    assert not ports(StackSettings(port_base=18000)) & ports(StackSettings(port_base=28000))


def test_tenant_ids_are_stable_and_distinct() -> None:
    assert tenant_id_for("dajiahe") == tenant_id_for("dajiahe")
    assert tenant_id_for("dajiahe") != tenant_id_for("changjie")
    assert isinstance(village_id_for("dajiahe", "zhangjiaxi"), uuid.UUID)
    assert village_id_for("dajiahe", "dajiahe") != village_id_for("changjie", "dajiahe")


def test_tenant_policy_is_enabled_forced_and_tolerates_an_empty_setting() -> None:
    sql = " ".join(tenant_policy_sql("intake.village"))
    assert "ENABLE ROW LEVEL SECURITY" in sql and "FORCE ROW LEVEL SECURITY" in sql
    assert "NULLIF(current_setting('app.tenant_id', true), '')::uuid" in sql
