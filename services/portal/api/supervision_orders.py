"""督办单: the orders awaiting a reply (or late, or all), across the county's townships for the county and the
township's own for the township; each row leads to its case, where the order is replied to."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from services.portal.api.auth import Portal
from services.portal.api.frame import page
from services.portal.api.intake_calls import asked_page, place_names
from services.portal.api.session_auth import holding
from services.portal.api.supervision_calls import SupervisionCall, supervision_errors
from services.portal.domain.menu import ORDER_ROLES
from services.portal.domain.petition_form import query_of
from services.portal.service.apis import ApiInvalid
from services.portal.service.web_sessions import SignedIn

STATES = ("open", "late", "all")


def api_query(query: dict[str, str]) -> dict[str, Any]:
    """The page's one "state" select as supervision's two flags; no choice is the orders awaiting a reply."""
    state = query.get("state") or "open"
    return {
        "township": query.get("township"),
        "open": "true" if state == "open" else None,
        "late": "true" if state == "late" else None,
    }


@get("/supervision-orders", guards=[holding(ORDER_ROLES)], summary="督办单: open, late or all orders")
async def order_list(request: Request[SignedIn, Any, Any], portal: Portal) -> Template:
    supervision = SupervisionCall(request, portal)
    query = query_of(request.query_params, ("township", "state"))
    errors = None
    try:
        result = await supervision.get(
            "/supervision-orders", {**api_query(query), "page": asked_page(request)}
        )
    except ApiInvalid as invalid:  # a township not the user's: said at the select
        errors, result = (
            supervision_errors(request, invalid),
            {"items": [], "total": 0, "page": 1, "page_size": 20},
        )
    townships = await supervision.townships()
    return page(
        request,
        request.user,
        portal,
        "supervision_orders.html",
        [("nav.supervision_orders", None)],
        status_code=422 if errors else 200,
        query=query,
        state=query.get("state") or "open",
        states=STATES,
        result=result,
        townships=townships,
        places=place_names(townships),
        errors=errors,
    )


ROUTES = [order_list]
