"""The OpenAPI document and its docs page, with Swagger UI served by the service itself (no CDN)."""

from __future__ import annotations

from pathlib import Path

from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

ASSETS_PATH = "/_assets/swagger-ui"


def openapi_config(title: str, description: str) -> OpenAPIConfig:
    swagger = SwaggerRenderPlugin(
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon="",
        path="/",
    )
    return OpenAPIConfig(
        title=title, version="0.1.0", description=description, path="/docs", render_plugins=[swagger]
    )


def swagger_assets_router(assets_dir: Path) -> ControllerRouterHandler:
    return create_static_files_router(
        path=ASSETS_PATH, directories=[assets_dir / "swagger-ui-dist"], include_in_schema=False
    )
