"""Routing (分流): which responsible unit an accepted petition goes to, and the moves a case makes afterwards."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

# The categories and kinds intake classifies petitions by (docs/glossary.md).
CATEGORIES = ("finance", "land", "labour", "village_affairs", "environment", "law", "misconduct", "other")
KINDS = ("suggestion", "accusation", "claim")


class MoveKind(enum.StrEnum):
    routed = "routed"  # 分流: by the township's routing rules, on acceptance
    assigned = "assigned"  # 交办: by the county, with a report-back date
    transferred = "transferred"  # 转办: to the competent unit
    objected = "objected"  # 异议: the unit says the matter is not its own; the case waits for routing again


@dataclass(frozen=True)
class RoutingRule:
    category: str
    kind: str | None  # None: every kind of the category
    unit_id: uuid.UUID


def route(rules: Iterable[RoutingRule], category: str, kind: str) -> uuid.UUID | None:
    """The rule for this category and kind, else the category's rule for every kind, else none (routed by hand)."""
    exact = general = None
    for rule in rules:
        if rule.category != category:
            continue
        if rule.kind == kind:
            exact = rule.unit_id
        elif rule.kind is None:
            general = rule.unit_id
    return exact or general


@dataclass(frozen=True)
class EarlierMove:
    id: uuid.UUID
    to_unit_id: uuid.UUID | None
    kind: MoveKind
    repeat_of: uuid.UUID | None


def repeat_of(earlier: Iterable[EarlierMove], to_unit_id: uuid.UUID) -> uuid.UUID | None:
    """重复交办: the first assignment of the same matter to the same unit, which this one repeats (and is not
    counted again)."""
    for move in earlier:
        if move.kind is MoveKind.assigned and move.to_unit_id == to_unit_id:
            return move.repeat_of or move.id
    return None
