"""The portal as a client of the service APIs: every call carries the signed-in user's own access token.

So every rule (roles, township scope, validation) is enforced by the service, never only by the page. Answers
that are not a success become exceptions the pages know how to show: 404 the not-found page, 403 the forbidden
page, 422 the messages next to their fields, 409 a notice on the page, 5xx or no answer the 503 page.
Neither tokens nor request bodies are logged: they carry personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from opentelemetry.propagate import inject

from services.portal.domain.messages import Language
from services.portal.service.web_sessions import SignedIn

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20.0


class ApiError(Exception):
    """A service answered with an error the page shows to the user."""

    def __init__(
        self, status: int, body: dict[str, Any] | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(f"the service answered {status}")
        self.status = status
        self.body = body or {}
        self.retry_after = retry_after  # seconds, from a 429's Retry-After

    @property
    def detail(self) -> str:
        return str(self.body.get("detail") or self.body.get("title") or "")


class ApiNotFound(ApiError):
    """404: missing, or another township's (the service does not tell which)."""


class ApiForbidden(ApiError):
    """403: the user's roles do not allow this."""


class ApiInvalid(ApiError):
    """422: problem details whose `errors` name each field (`petitioners.0.id_number`) with a message."""

    @property
    def errors(self) -> list[dict[str, str]]:
        found = self.body.get("errors")
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


class ApiConflict(ApiError):
    """409: the object's state does not allow the action (already decided, already filed)."""


class ApiThrottled(ApiError):
    """429: too many wrong tries from this client; `retry_after` says for how many seconds it must wait."""


class ApiUnavailable(ApiError):
    """The service could not be reached or failed (5xx): the user is not at fault."""


class ApiSignInExpired(ApiError):
    """401: the token was refused (a session ended at Keycloak between two requests)."""


_BY_STATUS: dict[int, type[ApiError]] = {
    401: ApiSignInExpired,
    403: ApiForbidden,
    404: ApiNotFound,
    409: ApiConflict,
    422: ApiInvalid,
    429: ApiThrottled,
}


@dataclass(frozen=True, slots=True)
class Download:
    content: bytes
    media_type: str
    disposition: str | None


class ServiceApi:
    """One service's API; one connection pool per portal process, shared by every request."""

    def __init__(self, name: str, base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.name = name
        self.client = httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_SECONDS, transport=transport)

    async def close(self) -> None:
        await self.client.aclose()

    async def get(
        self, user: SignedIn, language: Language, path: str, params: dict[str, Any] | None = None
    ) -> Any:
        return (await self._send(user, language, "GET", path, params=_without_empty(params))).json()

    async def post(
        self,
        user: SignedIn,
        language: Language,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        answer = await self._send(
            user, language, "POST", path, json=body, headers=headers, params=_without_empty(params)
        )
        return answer.json() if answer.content else None

    async def put(self, user: SignedIn, language: Language, path: str, body: Any = None) -> Any:
        answer = await self._send(user, language, "PUT", path, json=body)
        return answer.json() if answer.content else None

    async def post_public(self, language: Language, path: str, body: Any, client_address: str | None) -> Any:
        """A call on nobody's behalf (the public query page): no token; the client's address in X-Forwarded-For,
        which the service trusts from the portal only, so its throttle counts each petitioner, not the portal."""
        headers = {"Accept-Language": language.value, "X-Forwarded-For": client_address or "unknown"}
        answer = await self._request("POST", path, headers, json=body)
        return answer.json() if answer.content else None

    async def upload(
        self,
        user: SignedIn,
        language: Language,
        path: str,
        file: tuple[str, bytes, str],
        params: dict[str, Any] | None = None,
    ) -> Any:
        answer = await self._send(
            user, language, "POST", path, files={"file": file}, params=_without_empty(params)
        )
        return answer.json()

    async def download(self, user: SignedIn, language: Language, path: str) -> Download:
        answer = await self._send(user, language, "GET", path)
        return Download(
            answer.content,
            answer.headers.get("content-type", "application/octet-stream"),
            answer.headers.get("content-disposition"),
        )

    async def _send(
        self, user: SignedIn, language: Language, method: str, path: str, **kwargs: Any
    ) -> httpx.Response:
        headers = {
            **(kwargs.pop("headers", None) or {}),
            "Authorization": f"Bearer {user.tokens.access_token}",
            "Accept-Language": language.value,
        }
        return await self._request(method, path, headers, **kwargs)

    async def _request(
        self, method: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> httpx.Response:
        inject(headers)  # W3C trace context: one trace from the click to the service's database
        try:
            answer = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            log.warning("%s API unreachable on %s: %s", self.name, method, type(exc).__name__)
            raise ApiUnavailable(503) from exc
        if answer.is_success:
            return answer
        raise _error_of(self.name, method, answer)


def _error_of(name: str, method: str, answer: httpx.Response) -> ApiError:
    try:
        body = answer.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    kind = _BY_STATUS.get(answer.status_code)
    if kind is None:
        # Only the status and method: the path may hold ids, never names, but the body may hold both.
        log.warning("%s API answered %s to a %s", name, answer.status_code, method)
        kind = ApiUnavailable if answer.status_code >= 500 else ApiError
    retry_after = answer.headers.get("retry-after", "")
    return kind(answer.status_code, body, int(retry_after) if retry_after.isdecimal() else None)


def _without_empty(params: dict[str, Any] | None) -> dict[str, Any] | None:
    """Empty form fields mean "any": the API would read "" as a value and refuse it."""
    if params is None:
        return None
    return {k: v for k, v in params.items() if v not in (None, "")}
