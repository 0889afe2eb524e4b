"""Calling supervision from a page handler: the user's token and language come from the request, like intake's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from services.portal.api.frame import messages_for
from services.portal.api.intake_calls import Again, IntakeCall
from services.portal.domain.deadlines import days_left_text, urgency
from services.portal.domain.form_errors import FormErrors
from services.portal.domain.messages import Language
from services.portal.service.apis import ApiConflict, ApiError, ApiInvalid
from services.portal.service.context import PortalContext
from services.portal.service.web_sessions import SignedIn


class SupervisionCall(IntakeCall):
    """Supervision as the user behind this request sees it (the same calls as intake's, another base URL)."""

    def __init__(self, request: Request[SignedIn, Any, Any], portal: PortalContext) -> None:
        super().__init__(request, portal)
        self.intake = portal.intake
        self.api = portal.supervision

    async def put(self, path: str, body: Any = None) -> Any:
        return await self.api.put(self.user, self.language, path, body)

    async def townships(self) -> list[dict[str, Any]]:
        """Township and village names come from intake's directory (the one list of the county's places)."""
        try:
            return await self.intake.get(self.user, self.language, "/townships")
        except ApiError:
            return []  # names are a comfort: the page shows the slugs rather than fail

    async def calendar_years(self, around: int) -> list[dict[str, Any]]:
        """The years entered (GET /calendar/years); `around` is kept for the callers' sake."""
        del around
        return await self.get("/calendar/years")

    async def units(self, township: str | None) -> list[dict[str, Any]]:
        """The units a case of `township` can go to (its offices, then the county's departments); none for a
        user who may not read them."""
        try:
            return (await self.get("/routing-rules", {"township": township}))["units"]
        except ApiError:
            return []


def supervision_errors(request: Request, invalid: ApiInvalid) -> FormErrors:
    """The 422's messages by field, with supervision's labels (`sfield.*`: intake's `field.reason` is another)."""
    t = messages_for(request)

    def label(field: str) -> str | None:
        text = t(f"sfield.{field}")
        return None if text == f"sfield.{field}" else text

    return FormErrors.from_problem(invalid.errors, label, t.language is Language.en)


async def act(
    request: Request[SignedIn, Any, Any],
    portal: PortalContext,
    path: str,
    body: Any,
    done: str | Callable[[Any], str],
    again: Again,
) -> Template | Redirect:
    """POST one action to supervision, then on to `done`; a 422 or a 409 shows the same page again with the
    messages at their fields or as a notice (a 403 or 404 is the error page, as for any call)."""
    try:
        answer = await SupervisionCall(request, portal).post(path, body)
    except ApiInvalid as invalid:
        return await again(errors=supervision_errors(request, invalid), status_code=422)
    except ApiConflict as conflict:
        notice = messages_for(request)("common.conflict", detail=conflict.detail)
        return await again(notice=notice, status_code=409)
    return Redirect(done(answer) if callable(done) else done, status_code=HTTP_303_SEE_OTHER)


def unit_choice(value: str) -> dict[str, Any]:
    """A unit select's value: "county:justice" is a county department, "land" one of the township's offices."""
    county, _, slug = value.rpartition(":")
    return {"unit": slug, "county_unit": county == "county"} if slug else {}


def deadline_helpers(request: Request) -> dict[str, Any]:
    """For the templates: `urgency(days_left)` (the colour) and `days_text(days_left)` (剩余5天, 逾期3天)."""
    t = messages_for(request)
    return {"urgency": urgency, "days_text": lambda days: days_left_text(t, days)}


def unit_value(unit: dict[str, Any]) -> str:
    """The select's value of a unit from supervision's list: the inverse of `unit_choice`."""
    return f"county:{unit['slug']}" if unit.get("level") == "county" else str(unit["slug"])
