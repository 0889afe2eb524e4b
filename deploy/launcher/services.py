"""The five services, each its own uvicorn process, configured only through XF_<SERVICE>_* variables."""

from __future__ import annotations

import importlib
import os
import sys

import httpx

from shared.settings import ServiceSettings

from .config import REPO_ROOT, SERVICES, StackSettings
from .postgres import DATABASE, app_role, owner_role
from .proc import Processes


def service_env(s: StackSettings, secrets: dict[str, str], service: str) -> dict[str, str]:
    p = f"XF_{service.upper()}_"
    return {
        f"{p}DB__HOST": "127.0.0.1",
        f"{p}DB__PORT": str(s.pg_port),
        f"{p}DB__NAME": DATABASE,
        f"{p}DB__USER": app_role(service),
        f"{p}DB__PASSWORD": secrets[f"{service}_app"],
        f"{p}DB__OWNER_USER": owner_role(service),
        f"{p}DB__OWNER_PASSWORD": secrets[f"{service}_owner"],
        f"{p}DB__SCHEMA_NAME": service,
        f"{p}DB__SCOPE_KEY": secrets[f"{service}_scope_key"],
        f"{p}NATS__URL": f"nats://127.0.0.1:{s.nats_port}",
        f"{p}NATS__USER": service,
        f"{p}NATS__PASSWORD": secrets[f"{service}_nats"],
        f"{p}KEYCLOAK__URL": s.keycloak_url,
        f"{p}TELEMETRY__TRACE_FILE": str(s.path("logs", f"{service}.spans.jsonl")),
        **county_env(s, service),
    }


def county_env(s: StackSettings, service: str) -> dict[str, str]:
    """The county's name and code from the seed file: printed on notices and in the portal's header."""
    county = s.county()
    p = f"XF_{service.upper()}_COUNTY__"
    return {f"{p}NAME": county["name"], f"{p}CODE": county["code"], f"{p}NAME_EN": county.get("name_en", "")}


def settings_class(service: str) -> type[ServiceSettings]:
    """The service's own settings class: the ServiceSettings subclass its settings module defines."""
    module = importlib.import_module(f"services.{service}.settings")
    return next(
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings
    )


def portal_env(s: StackSettings, secrets: dict[str, str], public_url: str | None = None) -> dict[str, str]:
    """What the portal alone needs: its client secret, session key, public URL and the APIs it calls."""
    return {
        "XF_PORTAL_PUBLIC_URL": public_url or s.portal_url,
        "XF_PORTAL_OIDC__CLIENT_SECRET": secrets["portal_client"],
        "XF_PORTAL_SESSION_KEY": secrets["portal_session_key"],
        **{
            f"XF_PORTAL_APIS__{api.upper()}": f"http://127.0.0.1:{s.service_port(api)}"
            for api in SERVICES
            if api != "portal"
        },
    }


def _service_only_env(s: StackSettings, secrets: dict[str, str], service: str) -> dict[str, str]:
    """Secrets only one service holds: intake alone sees petitioners' personal data."""
    if service == "intake":
        return {"XF_INTAKE_PERSONAL_DATA_KEY": secrets["personal_data_key"]}
    if service == "portal":
        return portal_env(s, secrets)
    if service == "supervision":
        return {
            "XF_SUPERVISION_SCANNER__ENABLED": str(s.deadline_scanner).lower(),
            # The portal forwards the petitioner's address to the public query page, whose throttle counts it.
            "XF_SUPERVISION_PUBLIC_QUERY__TRUSTED_PROXIES": '["127.0.0.1"]',
        }
    if service == "reporting":
        # A trail verification fetches each service's own chains with the auditor's token (docs/trail.md).
        return {
            f"XF_REPORTING_TRAIL_APIS__{api.upper()}": f"http://127.0.0.1:{s.service_port(api)}"
            for api in SERVICES
            if api != "portal"
        }
    if service == "training_records":
        # The realm's read-only client: training reads the cadres and changes no user.
        return {"XF_TRAINING_RECORDS_DIRECTORY__CLIENT_SECRET": secrets["training_records_client"]}
    return {}


def _process_env(s: StackSettings, secrets: dict[str, str], service: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONUNBUFFERED": "1",
        **service_env(s, secrets, service),
        **_service_only_env(s, secrets, service),
    }


process_env = _process_env  # the demo year's steps (deploy/demo) run with a service's own environment too


def start(s: StackSettings, procs: Processes, secrets: dict[str, str], service: str) -> None:
    env = _process_env(s, secrets, service)
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        f"services.{service}.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(s.service_port(service)),
        "--no-access-log",
    ]
    if service == "intake" and s.intake_workers > 1:
        argv += ["--workers", str(s.intake_workers)]
    procs.spawn(service, argv, env=env, cwd=REPO_ROOT)


def start_worker(s: StackSettings, procs: Processes, secrets: dict[str, str], service: str) -> None:
    env = _process_env(s, secrets, service)
    procs.spawn(
        worker_name(service), [sys.executable, "-m", f"services.{service}.worker"], env=env, cwd=REPO_ROOT
    )


def worker_name(service: str) -> str:
    return f"{service}-worker"


def live(s: StackSettings, service: str) -> bool:
    return _status(s, service, "live") == 200


def ready(s: StackSettings, service: str) -> bool:
    return _status(s, service, "ready") == 200


def _status(s: StackSettings, service: str, probe: str) -> int | None:
    try:
        return httpx.get(f"http://127.0.0.1:{s.service_port(service)}/health/{probe}", timeout=3).status_code
    except httpx.HTTPError:
        return None


__all__ = ["SERVICES", "live", "ready", "service_env", "start", "start_worker", "worker_name"]
