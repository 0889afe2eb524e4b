"""The query code (查询码) a petitioner follows their matter with, without an account.

Twelve characters of Crockford's base32 (60 random bits), printed in three groups on the acceptance notice:
unguessable, and easy to read out over the phone. Only its digest travels and is stored by supervision; the
digest is base32 too, whose alphabet has no 0, 1, 8 or 9, so it can never look like an ID or phone number.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LENGTH = 12
# Crockford's reading rules: what a petitioner may type for what is printed.
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DOMAIN = b"xinfang-query-code:"


def new_query_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _LENGTH, 4))


def normalise_query_code(typed: str) -> str | None:
    """The code as printed (XXXX-XXXX-XXXX) from what someone typed, or None when it cannot be one."""
    plain = "".join(ch for ch in typed.upper() if ch not in " -\u3000").translate(_READS_AS)
    if len(plain) != _LENGTH or any(ch not in _ALPHABET for ch in plain):
        return None
    return "-".join(plain[i : i + 4] for i in range(0, _LENGTH, 4))


def query_code_digest(code: str) -> str:
    """SHA-256 of the printed form, base32 without padding, lower case (52 characters)."""
    digest = hashlib.sha256(_DOMAIN + code.encode()).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()
