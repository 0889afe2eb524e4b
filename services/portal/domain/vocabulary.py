"""The values the services' fields take (docs/glossary.md), in the order the forms list them; labels in the
catalogue.

The portal imports nothing from intake or supervision (services talk through APIs), so the lists are spelled here.
"""

from __future__ import annotations

from services.portal.domain.messages import Messages

CHOICES: dict[str, tuple[str, ...]] = {
    "channel": ("letter", "visit", "phone", "online", "mailbox"),
    "category": ("land", "labour", "finance", "village_affairs", "environment", "law", "misconduct", "other"),
    "kind": ("claim", "suggestion", "accusation"),
    "status": ("awaiting_acceptance", "accepted", "not_accepted", "forwarded"),
    "three": ("repeat", "collective", "skip_level"),
    "decision": ("accepted", "not_accepted", "forwarded"),
    "diary_status": ("open", "resolved"),
    "resolution": ("village", "township", "county"),
    "emergency_status": ("received", "responding", "resolved"),
    "risk": ("high", "medium", "low"),
    "item_status": ("controlled", "resolved"),
    # supervision's (services/supervision/domain): a case's stages, the petitioner's verdicts, how days count
    "stage": (
        "handling",
        "opinion_issued",
        "in_review",
        "review_answered",
        "in_reexamination",
        "closed",
        "closed_for_good",
    ),
    "verdict": ("satisfied", "basically_satisfied", "dissatisfied"),
    "counting": ("working", "calendar"),
}


def choices(t: Messages) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs of every list, in the user's language, for the templates' dropdowns."""
    return {group: [(v, t.label(group, v)) for v in values] for group, values in CHOICES.items()}
