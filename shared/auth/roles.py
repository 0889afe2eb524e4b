"""The realm roles (docs/product.md), one enum member per Keycloak realm role."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    village_liaison = "village-liaison"  # 村信访信息员 / 民情联络员
    township_clerk = "township-clerk"  # 乡镇信访干部
    township_leader = "township-leader"  # 乡镇党政主要领导
    county_officer = "county-officer"  # 县信访局工作人员
    county_leader = "county-leader"  # 县领导
    trainer = "trainer"  # 培训师: county-wide or one township, by the township claim
    auditor = "auditor"  # 审计 / 纪检
    county_admin = "county-admin"  # 系统管理员


# Roles whose holders see every township; a trainer joins them only when their township claim is "county".
COUNTY_ROLES = frozenset({Role.county_officer, Role.county_leader, Role.auditor, Role.county_admin})
