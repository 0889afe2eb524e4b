"""What the case page shows of the county's oversight: its supervision orders, on-site records, hard-case record
and follow-up reports, each as supervision answers this user."""

from __future__ import annotations

import asyncio
from typing import Any

from services.portal.api.supervision_calls import SupervisionCall
from services.portal.service.apis import ApiNotFound

CLOSED_STAGES = frozenset({"closed", "closed_for_good"})


async def oversight_of(supervision: SupervisionCall, case: dict[str, Any]) -> dict[str, Any]:
    """The four sections of a case the page has read already (so a 404 here is not the case's own)."""
    here = f"/cases/{case['id']}"
    orders, onsite, hard, follow_ups = await asyncio.gather(
        supervision.get(f"{here}/supervision-orders"),
        supervision.get(f"{here}/onsite-supervisions"),
        _hard_case(supervision, here),
        supervision.get(f"{here}/follow-ups"),
    )
    units = await supervision.units(case["township"]) if hard else []
    return {
        "orders": orders,
        "onsite": onsite,
        "hard": hard,
        "follow_ups": follow_ups,
        "case_open": case["stage"] not in CLOSED_STAGES,
        "unit_names": {u["slug"]: u["name"] for u in units},
        "coordinating_options": [(u["slug"], u["name"]) for u in units],
    }


async def _hard_case(supervision: SupervisionCall, here: str) -> dict[str, Any] | None:
    try:
        return await supervision.get(f"{here}/hard-case")
    except ApiNotFound:  # the case was read a moment ago: no record means an ordinary case
        return None
