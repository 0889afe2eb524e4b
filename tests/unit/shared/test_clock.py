"""Rules read the clock they are handed: the county's date, which runs eight hours ahead of UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.intake.domain.identity import id_number_problem
from shared.clock import FixedClock


def test_the_countys_date_turns_at_midnight_in_china_not_at_midnight_utc() -> None:
    assert FixedClock(at=datetime(2026, 11, 30, 15, 59, tzinfo=UTC)).today() == date(2026, 11, 30)
    assert FixedClock(at=datetime(2026, 11, 30, 16, 0, tzinfo=UTC)).today() == date(2026, 12, 1)


def test_a_birth_date_after_the_handed_day_is_refused_and_accepted_once_the_clock_moves() -> None:
    born_2026_12_01 = "11010520261201001X"
    check = next(c for c in "0123456789X" if id_number_problem(born_2026_12_01[:17] + c, date(2027, 1, 1)) is None)
    number = born_2026_12_01[:17] + check
    assert id_number_problem(number, date(2026, 11, 30)) == "invalid_birth_date"
    assert id_number_problem(number, date(2026, 12, 1)) is None
