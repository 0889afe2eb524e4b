"""不再受理: which linked petition closed for good flags a new one, and the query code's encrypted column."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from cryptography.exceptions import InvalidTag

from services.intake.domain.closed_matter import LinkToClosed, closed_matter_of
from services.intake.service.acceptance import QUERY_CODE_CONTEXT
from shared.personal_data import PersonalDataCipher
from shared.query_code import new_query_code, normalise_query_code, query_code_digest

A, B, C = (uuid.UUID(int=i) for i in (1, 2, 3))


def test_no_link_to_a_closed_petition_flags_nothing() -> None:
    assert closed_matter_of([]) is None


def test_a_suggested_link_is_enough_to_warn_the_clerk() -> None:
    link = LinkToClosed(A, "suggested", date(2026, 5, 1))
    assert closed_matter_of([link]) == link and not link.confirmed


def test_a_rejected_link_is_another_matter() -> None:
    assert closed_matter_of([LinkToClosed(A, "rejected", date(2026, 5, 1))]) is None


def test_a_confirmed_link_wins_over_a_later_suggestion() -> None:
    confirmed = LinkToClosed(A, "confirmed", date(2026, 1, 1))
    suggested = LinkToClosed(B, "suggested", date(2026, 6, 1))
    assert closed_matter_of([suggested, confirmed]) == confirmed


def test_among_suggestions_the_latest_closing_flags() -> None:
    older, later = (
        LinkToClosed(A, "suggested", date(2026, 1, 1)),
        LinkToClosed(C, "suggested", date(2026, 3, 1)),
    )
    rejected = LinkToClosed(B, "rejected", date(2026, 9, 1))
    assert closed_matter_of([older, rejected, later]) == later


def test_the_query_code_decrypts_only_in_its_own_column() -> None:
    cipher = PersonalDataCipher("a-test-key-of-enough-length")
    code = new_query_code()
    blob = cipher.encrypt(code, QUERY_CODE_CONTEXT)
    assert code.encode() not in blob
    assert cipher.decrypt(blob, QUERY_CODE_CONTEXT) == code
    with pytest.raises(InvalidTag):  # another column's associated data
        cipher.decrypt(blob, "petitioner.name")
    assert normalise_query_code(code.lower().replace("-", " ")) == code
    assert len(query_code_digest(code)) == 52
