"""Front-end files served by the portal itself (closed government networks: nothing from a CDN)."""

from __future__ import annotations

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


def asset_routers(assets_dir: Path) -> list[ControllerRouterHandler]:
    cache = CacheControlHeader(max_age=3600, public=True)
    routers = [
        create_static_files_router(
            path=prefix, directories=[assets_dir / folder], include_in_schema=False, cache_control=cache
        )
        for prefix, folder in PACKAGES.items()
    ]
    routers.append(
        create_static_files_router(
            path="/static", directories=[STATIC_DIR], include_in_schema=False, cache_control=cache
        )
    )
    return routers
