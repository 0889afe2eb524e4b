"""Calling intake from a page handler: the user's token and language come from the request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.frame import language_of, messages_for, page
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.messages import Language
from services.portal.domain.petition_form import query_of
from services.portal.service.apis import ApiConflict, ApiInvalid, Download
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn
from shared.paging import MAX_PAGE


class IntakeCall:
    """Intake as the user behind this request sees it."""

    def __init__(self, request: Request[SignedIn, Any, Any], portal: PortalContext) -> None:
        self.user: SignedIn = request.user
        self.language = language_of(request)
        self.api = portal.intake

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self.api.get(self.user, self.language, path, params)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return await self.api.post(self.user, self.language, path, body, **kwargs)

    async def upload(
        self, path: str, file: tuple[str, bytes, str], params: dict[str, Any] | None = None
    ) -> Any:
        return await self.api.upload(self.user, self.language, path, file, params)

    async def download(self, path: str) -> Download:
        return await self.api.download(self.user, self.language, path)

    async def townships(self) -> list[dict[str, Any]]:
        """The townships and villages the user may choose from (row-level security decides in intake)."""
        return await self.get("/townships")


def form_errors(request: Request, invalid: ApiInvalid) -> FormErrors:
    t = messages_for(request)

    def label(field: str) -> str | None:
        text = t(f"field.{field}")
        return None if text == f"field.{field}" else text

    return FormErrors.from_problem(invalid.errors, label, t.language is Language.en)


def place_names(townships: list[dict[str, Any]]) -> dict[str, str]:
    """Names by slug for the tables: "dajiahe" → 大佳何镇, "dajiahe/zhangjiaxi" → 涨家溪村."""
    names: dict[str, str] = {}
    for t in townships:
        names[t["slug"]] = t["name"]
        for v in t.get("villages", []):
            names[f"{t['slug']}/{v['slug']}"] = v["name"]
    return names


Again = Callable[..., Awaitable[Template]]


async def act(
    request: Request[SignedIn, Any, Any],
    portal: PortalContext,
    path: str,
    body: Any,
    done: str | Callable[[Any], str],
    again: Again,
) -> Template | Redirect:
    """POST one action to intake, then on to `done` (post/redirect/get); on a 422 or a 409 the same page again
    (`again(errors=..., notice=..., status_code=...)`) with the messages next to the fields or as a notice."""
    try:
        answer = await IntakeCall(request, portal).post(path, body)
    except ApiInvalid as invalid:
        return await again(errors=form_errors(request, invalid), status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await again(notice=notice, status_code=409)
    return Redirect(done(answer) if callable(done) else done, status_code=HTTP_303_SEE_OTHER)


def form_text(form: Any, *names: str) -> dict[str, str]:
    """The posted fields, trimmed; empty ones left out, so intake answers "required" for them."""
    values = {n: str(form.get(n) or "").strip() for n in names}
    return {n: v for n, v in values.items() if v}


def as_number(text: str | None) -> int | str | None:
    """ "3" → 3; anything else goes as it is, for intake to name the field and the reason."""
    if not text:
        return None
    return int(text) if text.isdecimal() else text


def asked_page(request: Request) -> int:
    """The list page asked for (`?page=`); one no list can have is the portal's 页面不存在, not intake's refusal."""
    text = request.query_params.get("page") or "1"
    if not (text.isascii() and text.isdecimal() and len(text) <= len(str(MAX_PAGE))) or not (
        1 <= int(text) <= MAX_PAGE
    ):
        raise NotFoundException()
    return int(text)


@dataclass(frozen=True)
class ListPage:
    """A list page with its filters and a form above it (diary, screening, emergency)."""

    api_path: str
    template: str
    crumb: str
    filters: tuple[str, ...]
    with_townships: bool = True


async def list_page(
    spec: ListPage,
    request: Request[SignedIn, Any, Any],
    portal: PortalContext,
    values: dict[str, str],
    errors: FormErrors | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Template:
    """The list as intake answers it for this user, and the form with what was typed (`values`) after a refusal."""
    intake = IntakeCall(request, portal)
    query = query_of(request.query_params, spec.filters)
    result = await intake.get(spec.api_path, {**query, "page": asked_page(request)})
    extra = {"townships": await intake.townships()} if spec.with_townships else {}
    return page(
        request,
        request.user,
        portal,
        spec.template,
        [(spec.crumb, None)],
        status_code=status_code,
        query=query,
        result=result,
        values=values,
        errors=errors or FormErrors(),
        notice=notice,
        **extra,
    )
