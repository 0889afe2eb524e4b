"""Tenants are townships; a tenant's id is derived from its slug, so every service agrees without a lookup."""

from __future__ import annotations

import uuid
from enum import StrEnum

# Fixed for ever: changing it would change every tenant id.
_NAMESPACE = uuid.UUID("6f1c2a52-5d1e-4c0e-9a51-1b6c1f0e7a10")
COUNTY = "county"


class Scope(StrEnum):
    county = "county"
    township = "township"
    village = "village"


def tenant_id_for(township_slug: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"township:{township_slug}")


# The trail chain of county-wide objects that belong to no township (the calendar): only county scopes see it.
COUNTY_CHAIN = tenant_id_for(COUNTY)


def village_id_for(township_slug: str, village_slug: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"village:{township_slug}/{village_slug}")
