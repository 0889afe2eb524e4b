"""Intake and supervision together through NATS: an acceptance becomes a routed case within 2 s, and a matter
closed for good after re-examination makes intake flag a new petition of it 不再受理."""

from __future__ import annotations

import io
import random
import time
import uuid
from typing import Any

import httpx

from tests.integration.intake.conftest import fresh_id_number, petition_body
from tests.integration.shared.scratch import wait_for
from tests.integration.supervision.conftest import Client

WITHIN = 2.0


async def _accept(intake: httpx.AsyncClient, body: dict[str, Any]) -> tuple[str, float]:
    registered = await intake.post("/petitions", json=body)
    assert registered.status_code == 201, registered.text
    petition_id = registered.json()["id"]
    decided = await intake.post(f"/petitions/{petition_id}/acceptance", json={"decision": "accepted"})
    assert decided.status_code == 200, decided.text
    return petition_id, time.monotonic()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


async def _case_within(
    supervision: httpx.AsyncClient, petition_id: str, accepted_at: float
) -> dict[str, Any]:
    found: dict[str, Any] = {}

    async def opened() -> bool:
        r = await supervision.get("/cases", params={"petition_id": petition_id})
        found.update(next((c for c in r.json()["items"] if c["petition_id"] == petition_id), {}))
        return bool(found)

    await wait_for(opened, 10, every=0.02)
    found["lag"] = time.monotonic() - accepted_at
    return found


async def test_an_acceptance_in_intake_is_a_routed_case_in_supervision_within_2_s(
    as_user, supervision_as: Client
) -> None:
    intake, supervision = await as_user("dajiahe.clerk"), await supervision_as("dajiahe.clerk")
    body = petition_body(category="labour", kind="claim")
    body["petitioners"][0]["id_number"] = fresh_id_number()
    petition_id, accepted_at = await _accept(intake, body)
    case = await _case_within(supervision, petition_id, accepted_at)
    assert case["lag"] < WITHIN, f"the case appeared {case['lag']:.2f} s after the acceptance"
    assert (
        case["unit"]["slug"] == "social" and case["village"] == "zhangjiaxi" and case["category"] == "labour"
    )


async def test_after_re_examination_intake_flags_a_new_petition_of_the_matter(
    as_user, supervision_as: Client
) -> None:
    intake, clerk = await as_user("dajiahe.clerk"), await supervision_as("dajiahe.clerk")
    officer = await supervision_as("county.officer")
    # A matter no other test writes (the matcher would link similar land and wage letters of other runs).
    pond, fish, farm = random.randint(100, 999), random.randint(1000, 9999), random.choice(["宏发", "永丰", "鑫旺"])
    content = f"西岙村{pond}号鱼塘被上游{farm}养猪场排放的污水污染，鲈鱼死亡约{fish}斤，要求养殖场赔偿并停止排污。"
    body = petition_body(category="environment", kind="claim", content=content)
    # A petitioner of their own too: the matcher links every earlier petition of the same ID number or phone.
    body["petitioners"][0] |= {"id_number": fresh_id_number(), "phone": f"139{random.randint(10**7, 10**8 - 1)}"}
    petition_id, accepted_at = await _accept(intake, body)
    case = await _case_within(clerk, petition_id, accepted_at)
    path = f"/cases/{case['id']}"
    steps = [
        (clerk, "opinion", {"text": "经核查，补偿款已按标准足额发放。"}),
        (clerk, "satisfaction", {"verdict": "dissatisfied", "note": "回访：不认可"}),
        (officer, "appeal-opinion", {"text": "复查维持原处理意见。"}),
        (clerk, "appeals", None),
        (officer, "appeal-opinion", {"text": "复核维持。"}),
    ]
    for who, action, payload in steps:
        r = await who.post(f"{path}/{action}", json=payload)
        assert r.status_code == 200, (action, r.text)
    assert r.json()["stage"] == "closed_for_good"
    # The opinions quote the matter by the acceptance notice's number, which the petitioner holds.
    accepted_as = (await intake.get(f"/petitions/{petition_id}")).json()["acceptance"]["document_number"]
    opinion = r.json()["notices"][0]
    pdf = await clerk.get(f"{path}/notices/{opinion['id']}/document.pdf")
    assert accepted_as in _pdf_text(pdf.content)
    again = await intake.post("/petitions", json={**body, "received_on": body["received_on"]})
    assert again.status_code == 201, again.text
    new_id = again.json()["id"]
    flagged: dict[str, Any] = {}

    async def is_flagged() -> bool:
        detail = (await intake.get(f"/petitions/{new_id}")).json()
        flagged.update(detail.get("closed_for_good") or {})
        return bool(flagged)

    await wait_for(is_flagged, 15, every=0.3)
    assert flagged["petition_id"] == petition_id
    assert uuid.UUID(new_id) != uuid.UUID(petition_id)
