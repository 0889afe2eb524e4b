"""The portal's tables: web sessions and pending sign-ins.

Neither is tenant-owned, so neither has tenant_id nor row-level security: a session is found by its cookie
before anyone is known (the token that names the user and the township is inside the row), county users have
no tenant at all, and a row is reachable only by the holder of a 256-bit secret whose hash is its key. Nothing
of a petition or a petitioner is stored here: the portal keeps tokens, and the services enforce every rule.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, func
from sqlalchemy.orm import Mapped, mapped_column

from shared.db.base import service_base

Base = service_base("portal")


class WebSessionRow(Base):
    __tablename__ = "web_session"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    user_id: Mapped[str]
    tokens_enc: Mapped[bytes] = mapped_column(LargeBinary)
    access_expires_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_seen_at: Mapped[datetime] = mapped_column(server_default=func.now())


class SignInAttemptRow(Base):
    __tablename__ = "sign_in_attempt"
    state_hash: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    browser_hash: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[str]
    code_verifier_enc: Mapped[bytes] = mapped_column(LargeBinary)
    next_path: Mapped[str]
    expires_at: Mapped[datetime]
