"""Hostile input refused before any handler runs: control characters, deep nesting, bodies of the wrong type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import SerializationException
from litestar.middleware import ASGIMiddleware
from litestar.params import BodyKwarg
from litestar.types import ASGIApp, Receive, Scope, Send

from shared.errors import AppError, RuleViolation, Violation, register_reasons

MAX_DEPTH = 32
# Every JSON body intake takes fits in a few hundred kilobytes (a 20,000-character letter and 200 petitioners);
# a handler that needs more (the upload) sets its own request_max_body_size.
JSON_BODY_LIMIT = 1024 * 1024

register_reasons(
    {
        "control_character": ("含有不允许的控制字符", "contains a control character"),
        "too_deep": ("嵌套层数过多", "is nested too deeply"),
    }
)

# C0 and C1 controls and DEL; lone surrogates cannot be encoded for PostgreSQL, and it refuses NUL in text.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL_IN_TEXT = re.compile(f"[{_CONTROL}]")
_CONTROL_IN_LINE = re.compile(f"[{_CONTROL}\t\n\r]")
# A JSON string literal; possessive, and an unterminated one runs to the end, so one linear pass in any case
# (a failed match would be retried from every escaped quote inside it).
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


class UnsupportedMediaType(AppError):
    """415: the body is not in the type the endpoint reads (JSON sent as text/plain)."""

    status = 415


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets outside string literals nest deeper than `limit`, found without decoding the body."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    depth = 0
    for b in brackets:
        depth += 1 if b in b"[{" else -1
        if depth > limit:
            return True
    return False


def has_control_character(text: str, *, line_breaks_allowed: bool) -> bool:
    """Free text may break lines (\\t \\n \\r); nothing else below U+0020, no C1 control, no lone surrogate."""
    return bool((_CONTROL_IN_TEXT if line_breaks_allowed else _CONTROL_IN_LINE).search(text))


def control_character_fields(value: Any, path: str = "") -> Iterator[str]:
    """The dotted path (`petitioners.0.name`) of every string in a decoded JSON value that holds a control character."""
    if isinstance(value, str):
        if has_control_character(value, line_breaks_allowed=True):
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = _CONTROL_IN_LINE.sub("?", key)
            here = f"{path}.{name}" if path else name
            if name != key:
                yield here
            else:
                yield from control_character_fields(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from control_character_fields(item, f"{path}.{i}" if path else str(i))


class InputGuard(ASGIMiddleware):
    """Runs after routing and authentication, before the handler decodes anything."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request: Request[Any, Any, Any] = Request(scope, receive)
        if found := list(_query_violations(request)):
            raise RuleViolation(many=found)
        media_type = _body_media_type(scope)
        if media_type is not None and (body := await request.body()):
            await _check_body(request, media_type, body)
        await next_app(scope, receive, send)


def _query_violations(request: Request[Any, Any, Any]) -> Iterator[Violation]:
    for key, value in request.query_params.multi_items():
        if has_control_character(value, line_breaks_allowed=False):
            yield Violation(_CONTROL_IN_LINE.sub("?", key) or "query", "control_character")


def _body_media_type(scope: Scope) -> str | None:
    """What the handler's `data` is decoded from; None when it takes no body (whatever was sent is never read)."""
    data = scope["route_handler"].parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    kwarg = data.kwarg_definition
    return kwarg.media_type if isinstance(kwarg, BodyKwarg) else RequestEncodingType.JSON


async def _check_body(request: Request[Any, Any, Any], media_type: str, body: bytes) -> None:
    sent = request.content_type[0].lower()
    if media_type == RequestEncodingType.JSON:
        if sent != "application/json" and not (sent.startswith("application/") and sent.endswith("+json")):
            raise UnsupportedMediaType()
        await _check_json(request, body)
    elif media_type == RequestEncodingType.MULTI_PART:
        if sent != "multipart/form-data":
            raise UnsupportedMediaType()
        await _check_form(request)


async def _check_json(request: Request[Any, Any, Any], body: bytes) -> None:
    if too_deep(body):
        raise RuleViolation("body", "too_deep")
    try:
        decoded = await request.json()
    except SerializationException:
        return  # malformed JSON: the handler's own decoding answers it as it always has
    if found := list(control_character_fields(decoded)):
        raise RuleViolation(many=[Violation(field, "control_character") for field in found])


async def _check_form(request: Request[Any, Any, Any]) -> None:
    try:
        form = await request.form()
    except (UnicodeDecodeError, LookupError):
        # A text part in bytes its declared charset cannot read (or an unknown charset).
        raise RuleViolation("body", "malformed_body") from None
    found = [
        Violation(_CONTROL_IN_LINE.sub("?", name) or "body", "control_character")
        for name, value in form.multi_items()
        if _part_has_control_character(value)
    ]
    if found:
        raise RuleViolation(many=found)


def _part_has_control_character(part: Any) -> bool:
    # A text part is free text like a JSON string; a file's name is one line.
    if isinstance(part, UploadFile):
        return has_control_character(part.filename or "", line_breaks_allowed=False)
    return has_control_character(str(part), line_breaks_allowed=True)
