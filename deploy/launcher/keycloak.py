"""Keycloak from Maven Central's keycloak-quarkus-dist, one copy per instance, its data in our PostgreSQL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import httpx

from .config import REPO_ROOT, StackSettings
from .errors import StackError
from .postgres import KEYCLOAK_DB
from .proc import Processes

NAME = "keycloak"
REALM = "xinfang"
REALM_FILE = REPO_ROOT / "deploy" / "keycloak" / "xinfang-realm.json"
_BUILD_OPTIONS = ["--db=postgres", "--health-enabled=true", "--metrics-enabled=false"]


def _java_version(home: Path) -> int:
    release = home / "release"
    if release.exists():
        m = re.search(r'JAVA_VERSION="(\d+)', release.read_text())
        if m:
            return int(m.group(1))
    out = subprocess.run([str(home / "bin" / "java"), "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else 0


def find_java_home(s: StackSettings) -> Path:
    if s.java_home:
        candidates = [s.java_home]
    else:
        found = sorted(s.jvm_search_dir.glob("*")) if s.jvm_search_dir.is_dir() else []
        candidates = [p for p in found if (p / "bin" / "java").exists() and not p.is_symlink()]
    usable = [(v, c) for c in candidates if (c / "bin" / "java").exists() and (v := _java_version(c)) >= 17]
    if not usable:
        raise StackError(
            "No Java 17 or newer was found for Keycloak: install one (apt-get install openjdk-17-jre-headless) "
            "or set XF_JAVA_HOME to a JDK folder."
        )
    return max(usable)[1]


def home(s: StackSettings) -> Path:
    return s.path("keycloak", f"keycloak-{s.keycloak_version}")


def _zip_path(s: StackSettings) -> Path:
    return s.cache_dir / "keycloak" / f"keycloak-quarkus-dist-{s.keycloak_version}.zip"


def check_obtainable(s: StackSettings) -> None:
    if not home(s).exists() and not _zip_path(s).exists() and not shutil.which("mvn"):
        raise StackError("Maven (mvn) is needed once to fetch Keycloak: install it (apt-get install maven).")


def _download(s: StackSettings) -> Path:
    zip_path = _zip_path(s)
    folder = zip_path.parent
    if zip_path.exists():
        return zip_path
    check_obtainable(s)
    folder.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "dependency:copy",
            f"-Dartifact=org.keycloak:keycloak-quarkus-dist:{s.keycloak_version}:zip",
            f"-DoutputDirectory={folder}",
        ],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    if res.returncode != 0 or not zip_path.exists():
        raise StackError(
            f"Keycloak {s.keycloak_version} could not be fetched from Maven Central: check the network or put "
            f"keycloak-quarkus-dist-{s.keycloak_version}.zip into {folder}."
        )
    return zip_path


def install(s: StackSettings, java_home: Path) -> Path:
    """Unpack and `kc.sh build` once per instance; later starts use --optimized and are fast."""
    kc = home(s)
    stamp = kc / ".xinfang-build"
    if stamp.exists() and stamp.read_text() == " ".join(_BUILD_OPTIONS):
        return kc
    if not kc.exists():
        zip_path = _download(s)
        staging = kc.parent / "unpacking"
        shutil.rmtree(staging, ignore_errors=True)
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(staging)
        (staging / kc.name).rename(kc)
        staging.rmdir()
        for script in (kc / "bin").glob("*.sh"):
            script.chmod(0o755)
    res = subprocess.run(
        [str(kc / "bin" / "kc.sh"), "build", *_BUILD_OPTIONS],
        capture_output=True,
        text=True,
        env={**os.environ, "JAVA_HOME": str(java_home)},
    )
    if res.returncode != 0:
        s.path("logs").mkdir(parents=True, exist_ok=True)
        s.path("logs", "keycloak-build.log").write_text(res.stdout + res.stderr)
        raise StackError(f"Keycloak's build step failed: read {s.path('logs', 'keycloak-build.log')}.")
    stamp.write_text(" ".join(_BUILD_OPTIONS))
    return kc


def realm_env(s: StackSettings, secrets: dict[str, str]) -> dict[str, str]:
    """Values the realm file's ${...} placeholders take at import."""
    return {
        "XF_PORTAL_URL": s.portal_url,
        "XF_PORTAL_CLIENT_SECRET": secrets["portal_client"],
        "XF_CLI_CLIENT_SECRET": secrets["cli_client"],
        "XF_ADMIN_CLIENT_SECRET": secrets["admin_client"],
        "XF_TRAINING_RECORDS_CLIENT_SECRET": secrets["training_records_client"],
        "XF_DEMO_PASSWORD": s.demo_password,
    }


def start(s: StackSettings, procs: Processes, secrets: dict[str, str], java_home: Path) -> None:
    kc = install(s, java_home)
    imports = kc / "data" / "import"
    imports.mkdir(parents=True, exist_ok=True)
    shutil.copy(REALM_FILE, imports / REALM_FILE.name)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "JAVA_HOME": str(java_home),
        "JAVA_OPTS_KC_HEAP": "-Xms128m -Xmx768m",
        "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",
        "KC_BOOTSTRAP_ADMIN_PASSWORD": secrets["keycloak_admin"],
        "KC_DB_PASSWORD": secrets["keycloak_db"],
        **realm_env(s, secrets),
    }
    argv = [
        str(kc / "bin" / "kc.sh"),
        "start",
        "--optimized",
        "--import-realm",
        "--http-enabled=true",
        "--http-host=127.0.0.1",
        f"--http-port={s.keycloak_port}",
        f"--http-management-port={s.keycloak_management_port}",
        # A fixed hostname pins the token issuer, whichever Host header fetched the token.
        f"--hostname={s.keycloak_url}",
        "--hostname-strict=false",
        f"--db-url=jdbc:postgresql://127.0.0.1:{s.pg_port}/{KEYCLOAK_DB}",
        "--db-username=keycloak",
        "--log-level=INFO",
    ]
    procs.spawn(NAME, argv, env=env, cwd=kc)


def healthy(s: StackSettings) -> bool:
    try:
        r = httpx.get(f"http://127.0.0.1:{s.keycloak_management_port}/health/ready", timeout=3)
        return r.status_code == 200
    except httpx.HTTPError:
        return False
