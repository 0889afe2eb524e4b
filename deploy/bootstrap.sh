#!/usr/bin/env bash
# Installs everything Xinfang needs on a fresh Debian machine, then runs the launcher:
#   bash deploy/bootstrap.sh up     the whole product with the demo county
#   bash deploy/bootstrap.sh test   every test, against a stack of its own
# Safe to run again: each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: %s\n' "$*" >&2; exit 2; }

missing=()
have_pg_server() { command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
have_java17() {
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -x "$j/bin/java" ] || continue
    v=$("$j/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ "${v:-0}" -ge 17 ] && return 0
  done
  return 1
}
have_pg_server || missing+=(postgresql)
have_java17 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v npm >/dev/null || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null || missing+=(fonts-noto-cjk)
command -v runuser >/dev/null || missing+=(util-linux)

if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "these Debian packages are missing and only root can install them: ${missing[*]} (run: sudo apt-get install ${missing[*]})."
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

py=""
for c in python3.11 python3.12 python3.13 python3; do
  if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then py=$c; break; fi
done
[ -n "$py" ] || die "Python 3.11 or newer is needed: install it (apt-get install python3) and run this again."

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $($py --version)"
  "$py" -m venv .venv
fi
want=$(stamp pyproject.toml)
if [ "$(cat .venv/.xinfang-installed 2>/dev/null)" != "$want" ]; then
  say "installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > .venv/.xinfang-installed
fi

want=$(stamp deploy/assets/package.json deploy/assets/package-lock.json)
if [ "$(cat deploy/assets/node_modules/.xinfang-installed 2>/dev/null)" != "$want" ]; then
  say "installing front-end assets (served by the services themselves, no CDN)"
  npm ci --prefix deploy/assets --no-audit --no-fund --loglevel=error
  echo "$want" > deploy/assets/node_modules/.xinfang-installed
fi

exec .venv/bin/xinfang "$@"
