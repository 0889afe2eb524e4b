"""Where a petition belongs: the township (tenant) and village, decided by the caller's scope and the request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from services.intake.domain.petition import RegistrationLevel
from services.intake.persistence.repositories import DirectoryRepo
from services.intake.persistence.tables import TownshipRow, VillageRow
from shared.auth import Principal
from shared.db.session import TenantSession
from shared.errors import RuleViolation, register_reasons
from shared.tenancy import Scope

register_reasons(
    {
        "unknown_township": ("不是本县的乡镇（街道）", "is not a township of this county"),
        "not_your_township": ("不是您所在的乡镇", "is not your township"),
        "unknown_village": ("不是该乡镇下属的村（社区）", "is not a village of this township"),
        "not_your_village": ("不是您负责的村", "is not your village"),
    }
)


@dataclass(frozen=True)
class Place:
    township: TownshipRow
    village: VillageRow | None
    level: RegistrationLevel


async def resolve(db: TenantSession, by: Principal, township: str | None, village: str | None) -> Place:
    repo = DirectoryRepo(db)
    if by.scope is Scope.county:
        if not township:
            raise RuleViolation("township", "required")
        row = await repo.township_by_slug(township)
        if row is None:
            raise RuleViolation("township", "unknown_township")
        level = RegistrationLevel.county
    else:
        if township and township != by.township:
            raise RuleViolation("township", "not_your_township")
        row = await repo.township(by.tenant_id)
        if row is None:
            raise RuleViolation("township", "unknown_township")
        level = RegistrationLevel.village if by.scope is Scope.village else RegistrationLevel.township
    if by.scope is Scope.village:
        if village and village != by.village:
            raise RuleViolation("village", "not_your_village")
        village = by.village
    if not village:
        return Place(row, None, level)
    found = await repo.village_by_slug(row.tenant_id, village)
    if found is None:
        raise RuleViolation("village", "unknown_village")
    return Place(row, found, level)


async def list_place(
    db: TenantSession, by: Principal, township: str | None, village: str | None
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The tenant and village a list filter names: filters narrow the caller's scope, never widen it.

    Only the county chooses a township; a township caller's scope already fixes theirs (as /petitions does).
    """
    directory = DirectoryRepo(db)
    tenant_id = by.tenant_id
    if township and by.scope is Scope.county:
        found = await directory.township_by_slug(township)
        if found is None:
            raise RuleViolation("township", "unknown_township")
        tenant_id = found.tenant_id
    village_id = None
    if village and tenant_id:
        v = await directory.village_by_slug(tenant_id, village)
        if v is None:
            raise RuleViolation("village", "unknown_village")
        village_id = v.id
    return tenant_id, village_id
