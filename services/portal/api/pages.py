"""The home page and the language switch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.cookies import language_cookie
from services.portal.api.figures_home import figures_home
from services.portal.api.frame import page
from services.portal.api.session_auth import signed_in
from services.portal.domain.dates import CHINA
from services.portal.domain.figures import lands_on_figures
from services.portal.domain.messages import Language
from services.portal.domain.next_path import local_path
from services.portal.service.web_sessions import SignedIn


@dataclass
class LanguageChoice:
    language: str
    next: str = "/"


@get(
    "/",
    guards=[signed_in],
    summary="首页: the figures for the county office and leaders, else welcome and duties",
)
async def home(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    user = request.user
    if lands_on_figures(user.principal.roles):
        return await figures_home(request, portal)
    return page(
        request,
        user,
        portal,
        "home.html",
        today=datetime.now(CHINA).date(),
        roles=sorted(user.principal.roles),
    )


@post("/language", summary="Switch the language of the pages", status_code=HTTP_303_SEE_OTHER)
async def switch_language(portal: Portal, data: URLEncodedBody[LanguageChoice]) -> Redirect:
    # Works before sign-in too (the error and sign-in pages offer it); the choice is the browser's, not the user's.
    language = Language.parse(data.language)
    return Redirect(
        local_path(data.next),
        status_code=HTTP_303_SEE_OTHER,
        cookies=[language_cookie(portal.settings, language.value)],
    )


ROUTES = [home, switch_language]
