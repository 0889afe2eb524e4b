"""The back-office frame every page is rendered in: header (user, role, township), left menu, breadcrumbs, language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.response import Template

from services.portal.api.cookies import LANGUAGE_COOKIE
from services.portal.domain.abilities import abilities_of
from services.portal.domain.dates import (
    chinese_date,
    chinese_datetime,
    english_date,
    month_label,
)
from services.portal.domain.menu import MenuItem, active_item, visible_menu
from services.portal.domain.messages import Language, Messages
from services.portal.domain.vocabulary import choices
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn
from shared.tenancy import Scope

HOME_CRUMB = ("nav.home", "/")


@dataclass(frozen=True, slots=True)
class Crumb:
    label: str
    path: str | None  # None: the current page, not a link


@dataclass(frozen=True, slots=True)
class Frame:
    messages: Messages
    display_name: str
    role_names: list[str]
    place: str  # 大佳何镇, or 全县 for county-wide users
    menu: list[MenuItem]
    active: MenuItem | None
    crumbs: list[Crumb]
    current_path: str


def language_of(request: Request) -> Language:
    return Language.parse(request.cookies.get(LANGUAGE_COOKIE))


def messages_for(request: Request) -> Messages:
    return Messages(language_of(request), request.app.state["runtime"].settings.county)


def date_formatter(messages: Messages):  # noqa: ANN201 - a Jinja helper
    return english_date if messages.language is Language.en else chinese_date


def datetime_formatter(messages: Messages):  # noqa: ANN201 - a Jinja helper
    if messages.language is Language.en:
        return lambda v: f"{english_date(v)} {chinese_datetime(v)[-5:]}" if v else ""
    return chinese_datetime


def user_values(user: SignedIn) -> dict[str, Any]:
    """What templates need to know of the user to offer only the actions the services would allow."""
    principal = user.principal
    return {
        "can": abilities_of(principal.roles),
        "is_county": principal.scope is Scope.county,
        "is_liaison": principal.scope is Scope.village,
    }


def build_frame(
    request: Request, user: SignedIn, context: PortalContext, crumbs: list[tuple[str, str | None]]
) -> Frame:
    t = messages_for(request)
    principal = user.principal
    menu = visible_menu(principal.roles)
    township = context.places.township(principal.township)
    return Frame(
        messages=t,
        display_name=principal.display_name,
        role_names=[t.role_name(r) for r in sorted(principal.roles)],
        place=township or t("header.county_wide"),
        menu=menu,
        active=active_item(request.url.path, menu),
        crumbs=[Crumb(t(HOME_CRUMB[0]), HOME_CRUMB[1])] + [Crumb(t(label), path) for label, path in crumbs],
        current_path=_path_with_query(request),
    )


def page(
    request: Request,
    user: SignedIn,
    context: PortalContext,
    template: str,
    crumbs: list[tuple[str, str | None]] | None = None,
    status_code: int = 200,
    **values: Any,
) -> Template:
    """A full page in the frame; `crumbs` after 首页, as (message key, path), the last one with path None."""
    frame = build_frame(request, user, context, crumbs or [])
    return Template(
        template_name=template,
        context={
            "frame": frame,
            "t": frame.messages,
            "lang": frame.messages.language.value,
            "fmt_date": date_formatter(frame.messages),
            "fmt_datetime": datetime_formatter(frame.messages),
            "choices": choices(frame.messages),
            **user_values(user),
            **values,
        },
        status_code=status_code,
    )


def fragment(
    request: Request, user: SignedIn, template: str, status_code: int = 200, **values: Any
) -> Template:
    """A piece of a page for htmx to swap in: the same helpers as a page, without the frame."""
    t = messages_for(request)
    return Template(
        template_name=template,
        context={
            "t": t,
            "lang": t.language.value,
            "fmt_date": date_formatter(t),
            "fmt_datetime": datetime_formatter(t),
            "choices": choices(t),
            **user_values(user),
            **values,
        },
        status_code=status_code,
    )


def _path_with_query(request: Request) -> str:
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{request.url.path}?{query}" if query else request.url.path


def register_filters(engine: Any) -> None:
    """Jinja filters every template may use: {{ d | cn_date }} → 2026年11月25日."""
    engine.engine.filters["cn_date"] = chinese_date
    engine.engine.filters["cn_datetime"] = chinese_datetime
    engine.engine.filters["en_date"] = english_date
    # A month as the page's language reads it: {{ "2026-11" | xf_month(lang) }} → 2026年11月 (Nov 2026).
    engine.engine.filters["xf_month"] = month_label
