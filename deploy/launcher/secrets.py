"""Passwords and client secrets of one instance, made once and kept (mode 0600) in its run folder."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from .config import SERVICES

_NAMES = (
    [
        "pg_superuser",
        "keycloak_db",
        "keycloak_admin",
        "portal_client",
        "cli_client",
        "admin_client",
        "training_records_client",
        "personal_data_key",
        "portal_session_key",
        "nats_operator",
    ]
    + [f"{s}_owner" for s in SERVICES]
    + [f"{s}_app" for s in SERVICES]
    + [f"{s}_scope_key" for s in SERVICES]
    + [f"{s}_nats" for s in SERVICES]
)


def load_or_create(run_dir: Path) -> dict[str, str]:
    path = run_dir / "secrets.json"
    found: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = [n for n in _NAMES if n not in found]
    if missing:
        found.update({n: secrets.token_urlsafe(24) for n in missing})
        run_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(json.dumps(found, indent=2))
    return found
