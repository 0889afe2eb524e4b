"""Petitions (信访事项): the vocabulary of docs/glossary.md and the rules decided at registration and acceptance."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class Channel(StrEnum):
    letter = "letter"  # 来信
    visit = "visit"  # 来访
    phone = "phone"  # 电话
    online = "online"  # 网上
    mailbox = "mailbox"  # 领导信箱


class Category(StrEnum):
    finance = "finance"  # 涉财
    land = "land"  # 征地拆迁
    labour = "labour"  # 劳动社保
    village_affairs = "village_affairs"  # 村务
    environment = "environment"  # 环境
    law = "law"  # 涉法涉诉
    misconduct = "misconduct"  # 检举控告
    other = "other"


class Kind(StrEnum):
    suggestion = "suggestion"  # 建议意见类
    accusation = "accusation"  # 检举控告类
    claim = "claim"  # 申诉求决类


class PetitionStatus(StrEnum):
    awaiting_acceptance = "awaiting_acceptance"  # 待受理
    accepted = "accepted"  # 已受理
    not_accepted = "not_accepted"  # 不予受理
    forwarded = "forwarded"  # 已转送


class AcceptanceDecision(StrEnum):
    accepted = "accepted"
    not_accepted = "not_accepted"
    forwarded = "forwarded"


class RegistrationLevel(StrEnum):
    village = "village"
    township = "township"
    county = "county"


DECISION_STATUS = {
    AcceptanceDecision.accepted: PetitionStatus.accepted,
    AcceptanceDecision.not_accepted: PetitionStatus.not_accepted,
    AcceptanceDecision.forwarded: PetitionStatus.forwarded,
}


def acceptance_due_on(registered_on: date, days: int) -> date:
    """信访工作条例: decide acceptance and tell the petitioner within 15 days of registration."""
    return registered_on + timedelta(days=days)


def is_collective(people_count: int, threshold: int) -> bool:
    """集体访: five or more people about one matter (the threshold is a county setting)."""
    return people_count >= threshold


def is_skip_level(level: RegistrationLevel, township_has_handled: bool) -> bool:
    """越级访: brought to the county while the competent township has not yet handled the matter."""
    return level is RegistrationLevel.county and not township_has_handled


def can_decide(status: PetitionStatus) -> bool:
    return PetitionStatus(status) is PetitionStatus.awaiting_acceptance
