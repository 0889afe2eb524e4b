"""The signed scope's pure parts: the message the service signs and the policies the migrations write."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import pytest

from shared.db.rls import scope_key_sql, tenant_policy_sql, village_policy_sql
from shared.db.scope import UNSIGNED, ScopeSigner
from shared.tenancy import Scope


def test_the_signature_covers_scope_tenant_village_and_backend() -> None:
    tenant, village = uuid.uuid4(), uuid.uuid4()
    p = ScopeSigner(b"k" * 32, 4242).params(Scope.village, tenant, village)
    message = f"village|{tenant}|{village}|4242".encode()
    assert p["sig"] == hmac.new(b"k" * 32, message, hashlib.sha256).hexdigest()
    assert ScopeSigner(b"k" * 32, 4243).params(Scope.village, tenant, village)["sig"] != p["sig"]


def test_a_connection_without_a_key_sends_no_signature() -> None:
    assert UNSIGNED.params(Scope.county, None, None) == {
        "scope": "county",
        "tenant": "",
        "village": "",
        "sig": "",
    }


def test_new_policies_ask_the_schemas_verifying_functions_not_the_raw_settings() -> None:
    policy = tenant_policy_sql("intake.village")[-1]
    assert "(SELECT intake.scope_tenant())" in policy and "(SELECT intake.scope_county())" in policy
    assert "current_setting" not in policy
    village = village_policy_sql('"evt_x".stub')[0]
    assert '(SELECT "evt_x".scope_village())' in village and "current_setting" not in village


@pytest.mark.parametrize(
    ("schema", "key"), [("intake", "short"), ("intake", "x' OR '1'='1" * 3), ("a;b", "k" * 32)]
)
def test_the_key_statement_refuses_what_it_cannot_splice_safely(schema: str, key: str) -> None:
    with pytest.raises(ValueError):
        scope_key_sql(schema, key)
