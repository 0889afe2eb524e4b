"""A petition in one line, for lists and candidate panels."""

from __future__ import annotations

from services.intake.persistence.tables import PetitionRow

SUMMARY_CHARS = 60


def summary_of(row: PetitionRow) -> str:
    text = " ".join(row.content.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "…"
