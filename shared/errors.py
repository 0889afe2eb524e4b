"""One error format for every service: RFC 9457 problem details, in Chinese by default and English on request."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.types import ExceptionHandlersMap

from shared.telemetry.exceptions import describe, safe_traceback, type_name

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

# reason code -> (Chinese, English). Services add their own with `register_reasons`.
_REASONS: dict[str, tuple[str, str]] = {
    "required": ("不能为空", "is required"),
    "invalid_type": ("类型不正确", "has the wrong type"),
    "invalid_format": ("格式不正确", "is not in the right format"),
    "invalid_value": ("取值不在允许范围内", "is not one of the allowed values"),
    "too_short": ("过短", "is too short"),
    "too_long": ("过长", "is too long"),
    "out_of_range": ("超出允许范围", "is out of range"),
    "unknown_field": ("不是可接受的字段", "is not an accepted field"),
    "invalid_checksum": ("校验位不正确", "has a wrong check digit"),
    "malformed_body": ("请求内容无法解析", "could not be parsed"),
}
_TITLES = {
    400: ("请求有误", "Bad request"),
    401: ("未登录或登录已失效", "Unauthorized"),
    403: ("无权执行此操作", "Forbidden"),
    404: ("未找到", "Not found"),
    405: ("不支持该请求方法", "Method not allowed"),
    409: ("当前状态不允许此操作", "Conflict with the current state"),
    413: ("请求内容过大", "Request too large"),
    415: ("不支持的请求内容类型", "Unsupported media type"),
    422: ("提交的数据有误", "Validation failed"),
    429: ("请求过于频繁", "Too many requests"),
    500: ("服务器内部错误", "Internal server error"),
    503: ("服务暂不可用", "Service unavailable"),
}


def register_reasons(reasons: Mapping[str, tuple[str, str]]) -> None:
    _REASONS.update(reasons)


@dataclass(frozen=True)
class Violation:
    field: str
    reason: str


class AppError(Exception):
    """An expected business outcome that is not a success; never a 500."""

    status = 400

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.__class__.__name__)
        self.detail = detail


class RuleViolation(AppError):
    """422: one or more fields break a rule, each named with a machine-readable reason."""

    status = 422

    def __init__(
        self, field: str | None = None, reason: str | None = None, *, many: list[Violation] | None = None
    ) -> None:
        self.violations = list(many or []) + ([Violation(field, reason)] if field and reason else [])
        super().__init__(", ".join(f"{v.field}: {v.reason}" for v in self.violations))


class Violations:
    """Every broken rule of one input at once, each named by its field, so a form is corrected in one pass."""

    def __init__(self) -> None:
        self.found: list[Violation] = []

    def add(self, field: str, reason: str | None) -> None:
        """`reason` None means the rule holds, so a rule's own `..._problem()` answer can be passed as it is."""
        if reason:
            self.found.append(Violation(field, reason))

    def required(self, field: str, text: str) -> None:
        self.add(field, None if text.strip() else "required")

    def raise_any(self) -> None:
        if self.found:
            raise RuleViolation(many=self.found)


class StateConflict(AppError):
    """409: the object is not in a state that allows the action (e.g. concluding a closed Case)."""

    status = 409


class NotFound(AppError):
    """404: missing, or another township's object, which must look the same."""

    status = 404


def wants_english(request: Request) -> bool:
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].strip().lower()
    return first.startswith("en")


def _pick(pair: tuple[str, str], english: bool) -> str:
    return pair[1] if english else pair[0]


def violation_body(v: Violation, english: bool) -> dict[str, str]:
    # The field keeps its code name: the portal puts its own label beside the input it names.
    field_text = v.field
    reason_text = _pick(_REASONS.get(v.reason, (v.reason, v.reason)), english)
    message = f"{field_text} {reason_text}" if english else f"{field_text}{reason_text}"
    return {"field": v.field, "reason": v.reason, "message": message}


def problem(
    request: Request, status: int, detail: str | None = None, **extra: Any
) -> Response[dict[str, Any]]:
    english = wants_english(request)
    title = _pick(_TITLES.get(status, ("错误", "Error")), english)
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(
        body,
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={"Content-Language": "en" if english else "zh-CN"},
    )


# -- Litestar's own validation errors (msgspec messages) mapped to field + reason ----------------------
_MSGSPEC_REASONS = [
    (re.compile(r"missing required field `([^`]+)`"), "required"),
    (re.compile(r"unknown field `([^`]+)`"), "unknown_field"),
    (re.compile(r"Expected `.*` of length >="), "too_short"),
    (re.compile(r"Expected `.*` of length <="), "too_long"),
    (re.compile(r"Expected `.*` (>=|<=|>|<) "), "out_of_range"),
    (re.compile(r"Invalid enum value"), "invalid_value"),
    (re.compile(r"Expected `.*`, got `"), "invalid_type"),
    (re.compile(r"Invalid (RFC 3339|ISO 8601|UUID|uuid|date|datetime)"), "invalid_format"),
]
_PATH = re.compile(r"at `\$\.?([^`]*)`")


def _from_litestar(item: Mapping[str, Any]) -> Violation:
    message = str(item.get("message", ""))
    field = str(item.get("key") or "")
    reason = "invalid_format"
    for pattern, code in _MSGSPEC_REASONS:
        m = pattern.search(message)
        if m:
            reason = code
            if code in ("required", "unknown_field"):
                field = ".".join(p for p in (_path(message), m.group(1)) if p)
            break
    if path := _path(message):
        field = field if reason in ("required", "unknown_field") else path
    return Violation(field or "body", reason)


def _path(message: str) -> str:
    m = _PATH.search(message)
    return re.sub(r"\[(\d+)\]", r".\1", m.group(1)).strip(".") if m else ""


def _validation_violations(exc: ValidationException) -> list[Violation]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    found = [_from_litestar(item) for item in extra if isinstance(item, Mapping)]
    return found or [Violation("body", "malformed_body")]


# -- handlers --------------------------------------------------------------------------------------
def _on_app_error(request: Request, exc: AppError) -> Response[dict[str, Any]]:
    if isinstance(exc, RuleViolation):
        return _unprocessable(request, exc.violations)
    return problem(request, exc.status, exc.detail if not isinstance(exc, NotFound) else None)


def _unprocessable(request: Request, violations: list[Violation]) -> Response[dict[str, Any]]:
    english = wants_english(request)
    return problem(request, 422, errors=[violation_body(v, english) for v in violations])


def _on_validation(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    return _unprocessable(request, _validation_violations(exc))


def _on_http(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    detail = None if exc.status_code >= 500 or isinstance(exc, NotFoundException) else exc.detail
    response = problem(request, exc.status_code, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def _on_unexpected(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # The client sees no stack trace and no SQL. The log keeps the types, the frames, the route template and the
    # request id: never the message, which may carry a statement's values, nor the path a value may sit in.
    offered = request.headers.get("x-request-id", "")
    request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    route = f"{request.method} {request.scope.get('path_template') or '(no route)'}"
    log.error(
        "unhandled %s on %s",
        describe(exc),
        route,
        extra={
            "request_id": request_id,
            "route": route,
            "error_type": type_name(exc),
            "exception": safe_traceback(exc),
        },
    )
    response = problem(request, 500)
    response.headers["X-Request-Id"] = request_id
    return response


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    AppError: _on_app_error,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}
