"""Personal data at rest: AES-256-GCM for the values, a keyed hash (HMAC-SHA256) to match them without decrypting.

Both keys are derived with HKDF from one secret, so an operator manages a single setting.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"  # lets a later key rotation tell old ciphertexts from new ones


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"xinfang-personal-data", info=purpose).derive(
        secret.encode()
    )


class PersonalDataCipher:
    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("the personal data key must be at least 16 characters")
        self._aead = AESGCM(_derive(secret, b"encrypt"))
        self._hash_key = _derive(secret, b"match")

    def encrypt(self, value: str, context: str) -> bytes:
        """`context` (e.g. "petitioner.id_number") is bound as associated data: a value moved to another column
        does not decrypt."""
        nonce = os.urandom(12)
        return _VERSION + nonce + self._aead.encrypt(nonce, value.encode(), context.encode())

    def decrypt(self, blob: bytes, context: str) -> str:
        if blob[:1] != _VERSION:
            raise ValueError("unknown personal data ciphertext version")
        return self._aead.decrypt(blob[1:13], blob[13:], context.encode()).decode()

    def keyed_hash(self, kind: str, value: str) -> str:
        return hmac.new(self._hash_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
