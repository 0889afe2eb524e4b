"""Petitioners' identity numbers and phones: validation by the national rules, and the masks shown by default."""

from __future__ import annotations

import re
from datetime import date

# GB 11643-1999: weights of the first 17 digits and the check character for each remainder mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_id_number(raw: str) -> str:
    return raw.strip().replace(" ", "").upper()


def id_number_problem(raw: str, today: date) -> str | None:
    """None when valid, else the reason code: invalid_format, invalid_birth_date or invalid_checksum."""
    number = normalise_id_number(raw)
    if not _ID_SHAPE.match(number):
        return "invalid_format"
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "invalid_birth_date"
    if born.year < 1900 or born > today:
        return "invalid_birth_date"
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return None if _CHECK[total % 11] == number[17] else "invalid_checksum"


def normalise_mobile(raw: str) -> str:
    digits = re.sub(r"[\s-]", "", raw.strip())
    return digits.removeprefix("+86")


def mobile_problem(raw: str) -> str | None:
    return None if _MOBILE.match(normalise_mobile(raw)) else "invalid_mobile"


def mask_id_number(number: str) -> str:
    """3302**********1234: region prefix and last four kept, so a clerk can tell two people apart."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def mask_name(name: str) -> str:
    """张** : the surname only (two-character surnames such as 欧阳 keep both)."""
    name = name.strip()
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * max(len(name) - keep, 1)
