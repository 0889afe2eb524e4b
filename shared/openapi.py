"""The OpenAPI document, completed once for every service, and its docs page served by the service itself (no CDN)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from shared.auth.middleware import PUBLIC_PATHS
from shared.errors import PROBLEM_JSON

ASSETS_PATH = "/_assets/swagger-ui"
BEARER = "bearer"
UNSAFE_METHODS = ("post", "put", "patch", "delete")

# Handler `opt` keys a route may set to correct what the document infers:
#   changes_state=False   a POST that only reads (no 409 is possible)
#   conflicts=True        a read that can be refused with 409 (a deadline needing a calendar year nobody entered)
#   throttled=True        the route answers 429 when a caller goes too fast
#   not_found=True        a route without path parameters that can still answer 404 (the caller's own record)
#   media_types=(...)     a bytes answer, in one of these media types
_DESCRIPTIONS = {
    400: "The body could not be decoded (malformed JSON or form data)",
    401: "No bearer token, or one that is invalid or expired",
    403: "The caller's roles do not allow this action",
    404: "No such object, or one of another township (never 403, so existence does not leak)",
    409: "The object is not in a state that allows the action",
    413: "The request body is larger than the service accepts",
    415: "The body is not in a media type this operation accepts",
    422: "A field breaks a rule: `errors` names each field and the reason",
    429: "Too many requests; retry later",
    500: "Unexpected error; the body carries no detail",
    503: "The sign-in service cannot be reached to verify the token",
}
_VIOLATION_SCHEMA = {
    "type": "object",
    "required": ["field", "reason", "message"],
    "properties": {
        "field": {"type": "string", "description": "Dotted path of the field, e.g. petitioners.0.id_number"},
        "reason": {"type": "string", "description": "Machine-readable reason code, e.g. invalid_checksum"},
        "message": {"type": "string", "description": "The reason in the caller's language (zh-CN or en)"},
    },
}
_PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemViolation"}},
    },
}


def openapi_config(
    title: str, description: str, *, bearer: bool = True, public_paths: Sequence[str] = PUBLIC_PATHS
) -> OpenAPIConfig:
    """`bearer`: the service's routes but `public_paths` need a token and answer problem details (the APIs)."""
    swagger = SwaggerRenderPlugin(
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon="",
        path="/",
    )
    schemes = {BEARER: SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")} if bearer else None
    return OpenAPIConfig(
        title=title,
        version="0.1.0",
        description=description,
        path="/docs",
        components=Components(security_schemes=schemes),
        render_plugins=[swagger, CompletedJson(public_paths if bearer else None)],
    )


def swagger_assets_router(assets_dir: Path) -> ControllerRouterHandler:
    return create_static_files_router(
        path=ASSETS_PATH, directories=[assets_dir / "swagger-ui-dist"], include_in_schema=False
    )


class CompletedJson(JsonRenderPlugin):
    """/docs/openapi.json: Litestar's document plus what it cannot infer (security, every error answer)."""

    def __init__(self, public_paths: Sequence[str] | None) -> None:
        super().__init__()
        self.public = [re.compile(p) for p in public_paths] if public_paths is not None else None
        self.document: dict[str, Any] | None = None

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        if self.document is None:
            self.document = complete(request.app, openapi_schema, self.public)
        return self.render_json(request, self.document)


@dataclass(frozen=True)
class _Operation:
    path: str
    method: str
    handler: HTTPRouteHandler
    spec: dict[str, Any]
    public: bool


def complete(
    app: Litestar, generated: dict[str, Any], public: list[re.Pattern[str]] | None
) -> dict[str, Any]:
    """A copy of the generated document where each operation states its security and every answer it can give."""
    document = copy.deepcopy(generated)
    if public is not None:
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = _PROBLEM_SCHEMA
        schemas["ProblemViolation"] = _VIOLATION_SCHEMA
    for op in _operations(app, document, public or []):
        _document_bytes(op)
        if public is not None:
            op.spec["security"] = [] if op.public else [{BEARER: []}]
            _document_errors(op)
    return document


def _operations(
    app: Litestar, document: dict[str, Any], public: list[re.Pattern[str]]
) -> Iterator[_Operation]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        path = route.path_format or "/"
        for method, (handler, _) in route.route_handler_map.items():
            spec = document.get("paths", {}).get(path, {}).get(method.lower())
            if spec is not None:
                yield _Operation(path, method.lower(), handler, spec, any(p.search(path) for p in public))


def _document_errors(op: _Operation) -> None:
    responses = op.spec.setdefault("responses", {})
    # Litestar documents its own 400 body for validation; the services answer 422 problems instead.
    responses.pop("400", None)
    for status in _error_statuses(op):
        responses[str(status)] = _problem_response(status)


def _error_statuses(op: _Operation) -> list[int]:
    body = op.spec.get("requestBody", {}).get("content", {})
    statuses = [500]
    if not op.public:
        statuses += [401, 503]
    if op.handler.resolve_guards():
        statuses.append(403)
    if "{" in op.path or op.handler.opt.get("not_found"):
        statuses.append(404)
    if (op.method in UNSAFE_METHODS and op.handler.opt.get("changes_state", True)) or op.handler.opt.get(
        "conflicts"
    ):
        statuses.append(409)
    if body:
        statuses += [400, 413, 415]
    # A path parameter that does not parse matches no route: that is the 404, never a 422.
    if body or any(p.get("in") != "path" for p in op.spec.get("parameters", [])):
        statuses.append(422)
    if op.handler.opt.get("throttled"):
        statuses.append(429)
    return sorted(statuses)


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status == 401:
        response["headers"] = {
            "WWW-Authenticate": {
                "required": True,
                "schema": {"type": "string"},
                "description": "Bearer challenge",
            }
        }
    return response


def _document_bytes(op: _Operation) -> None:
    """A handler answering bytes in `opt["media_types"]` is documented as a binary body of those types."""
    media_types = op.handler.opt.get("media_types")
    success = op.spec.get("responses", {}).get(str(op.handler.status_code))
    if media_types and success is not None:
        binary = {"schema": {"type": "string", "format": "binary"}}
        success["content"] = {media_type: copy.deepcopy(binary) for media_type in media_types}
