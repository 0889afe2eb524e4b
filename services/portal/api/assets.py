"""Front-end files served by the portal itself (closed government networks: nothing from a CDN)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

# URL prefix -> folder inside deploy/assets/node_modules (see deploy/assets/package.json for the versions).
PACKAGES = {
    "/_assets/bootstrap": "bootstrap/dist",
    "/_assets/bootstrap-icons": "bootstrap-icons/font",
    "/_assets/htmx": "htmx.org/dist",
}
# ECharts is a megabyte: its URL names the installed version, so browsers may keep it for a year and an upgrade
# is a new URL, never a stale copy.
ECHARTS = "echarts"
ECHARTS_FOLDER = "echarts/dist"
YEAR_SECONDS = 365 * 24 * 3600


@cache
def package_version(assets_dir: Path, package: str) -> str:
    """The version npm installed (node_modules/<package>/package.json); "missing" when it is not installed, so
    the portal still starts and only the charts are absent."""
    try:
        return str(json.loads((assets_dir / package / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "missing"


def echarts_prefix(assets_dir: Path) -> str:
    return f"/_assets/{ECHARTS}/{package_version(assets_dir, ECHARTS)}"


def echarts_script(assets_dir: Path) -> str:
    return f"{echarts_prefix(assets_dir)}/echarts.min.js"


def asset_routers(assets_dir: Path) -> list[ControllerRouterHandler]:
    cache_control = CacheControlHeader(max_age=3600, public=True)
    routers = [
        create_static_files_router(
            path=prefix,
            directories=[assets_dir / folder],
            include_in_schema=False,
            cache_control=cache_control,
        )
        for prefix, folder in PACKAGES.items()
    ]
    routers.append(
        create_static_files_router(
            path=echarts_prefix(assets_dir),
            directories=[assets_dir / ECHARTS_FOLDER],
            include_in_schema=False,
            cache_control=CacheControlHeader(max_age=YEAR_SECONDS, public=True, immutable=True),
        )
    )
    routers.append(
        create_static_files_router(
            path="/static", directories=[STATIC_DIR], include_in_schema=False, cache_control=cache_control
        )
    )
    return routers
