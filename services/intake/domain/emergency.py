"""Emergency help (应急求助, 急事急办): short deadlines counted in hours from receipt, and the overdue test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class EmergencyStatus(StrEnum):
    received = "received"  # 已接收
    responding = "responding"  # 处置中
    resolved = "resolved"  # 已办结


class OverdueStep(StrEnum):
    response = "response"  # 未按时响应
    resolution = "resolution"  # 未按时办结


@dataclass(frozen=True)
class Deadlines:
    respond_by: datetime
    resolve_by: datetime


def deadlines(received_at: datetime, response_hours: int, resolution_hours: int) -> Deadlines:
    """Counted in clock hours, nights and holidays included: an emergency does not wait for Monday."""
    return Deadlines(
        received_at + timedelta(hours=response_hours), received_at + timedelta(hours=resolution_hours)
    )


def overdue_step(
    status: EmergencyStatus, respond_by: datetime, resolve_by: datetime, now: datetime
) -> OverdueStep | None:
    """The step whose deadline has passed undone; resolution first, as the graver of the two."""
    status = EmergencyStatus(status)
    if status is EmergencyStatus.resolved:
        return None
    if now > resolve_by:
        return OverdueStep.resolution
    if status is EmergencyStatus.received and now > respond_by:
        return OverdueStep.response
    return None


def can_respond(status: EmergencyStatus) -> bool:
    return EmergencyStatus(status) is EmergencyStatus.received


def can_resolve(status: EmergencyStatus) -> bool:
    return EmergencyStatus(status) is not EmergencyStatus.resolved


def on_time(done_at: datetime, due: datetime) -> bool:
    return done_at <= due
