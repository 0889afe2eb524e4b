"""分流规则: the county admin chooses a township, sees its rules (category × kind → unit) and sets one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import form_text
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, supervision_errors, unit_choice, unit_value
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.menu import RULE_KEEPERS
from services.portal.domain.vocabulary import CHOICES
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

GUARD = holding(RULE_KEEPERS)
PATH = "/routing-rules"


@get(PATH, guards=[GUARD], summary="分流规则: a township's rules as a table, and the form to set one")
async def rules_page(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    township = (request.query_params.get("township") or "").strip()
    return await _page(request, portal, township, {})


@post(PATH, guards=[GUARD], summary="Set one routing rule of a township")
async def set_rule(request: Request[SignedIn, Any, Any], portal: Portal) -> Template | Redirect:
    posted = {k: str(v) for k, v in (await request.form()).items()}
    body = {
        **form_text(posted, "township", "category"),
        "kind": posted.get("kind") or None,  # empty: the category's rule for every kind
        **unit_choice(posted.get("unit", "")),
    }
    try:
        await SupervisionCall(request, portal).put(PATH, body)
    except ApiInvalid as invalid:
        errors = supervision_errors(request, invalid)
        return await _page(request, portal, posted.get("township", ""), posted, errors, status_code=422)
    query = urlencode({"township": posted.get("township", ""), "saved": "1"})
    return Redirect(f"{PATH}?{query}", status_code=HTTP_303_SEE_OTHER)


async def _page(
    request: Request[SignedIn, Any, Any],
    portal: Portal,
    township: str,
    values: dict[str, str],
    errors: FormErrors | None = None,
    status_code: int = 200,
) -> Template:
    supervision = SupervisionCall(request, portal)
    townships = await supervision.townships()
    routing = None
    if township:
        try:
            routing = await supervision.get(PATH, {"township": township})
        except ApiInvalid as invalid:  # a township not of this county: said at the select
            errors = supervision_errors(request, invalid)
            status_code = 422
    return page(
        request,
        request.user,
        portal,
        "routing_rules.html",
        [("nav.routing_rules", None)],
        status_code=status_code,
        township=township,
        townships=townships,
        routing=routing,
        matrix=_matrix(routing),
        kinds=CHOICES["kind"],
        unit_options=[(unit_value(u), u["name"]) for u in (routing or {}).get("units", [])],
        values=values,
        errors=errors or FormErrors(),
        saved=request.query_params.get("saved") == "1" and not values,
    )


def _matrix(routing: dict[str, Any] | None) -> dict[tuple[str, str], str]:
    """(category, kind or "") → the unit's name, for the table; "" is the category's rule for every kind."""
    if not routing:
        return {}
    return {(r["category"], r["kind"] or ""): r["unit"]["name"] for r in routing["rules"]}


ROUTES = [rules_page, set_rule]
