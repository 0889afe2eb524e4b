"""Each running service's OpenAPI document for schemathesis, a real token of a demo user, and objects to address."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import schemathesis
from keycloak import KeycloakOpenID

from deploy.launcher.config import SERVICES, StackSettings

# 西店镇 (xidian): no other test counts rows there, so what the fuzzing registers disturbs nothing else.
FUZZ_USER = "xidian.clerk"
LIAISON = "xidian.liaison"
VILLAGE = "tuanruan"
# Access tokens live 300 s in the realm; one service's run may take longer.
TOKEN_REFRESH_SECONDS = 240
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)

Bearer = Callable[..., dict[str, str]]


@pytest.fixture(scope="module", params=SERVICES)
def api_schema(request: pytest.FixtureRequest, stack: StackSettings) -> schemathesis.BaseSchema:
    url = f"http://127.0.0.1:{stack.service_port(request.param)}/docs/openapi.json"
    config = schemathesis.Config.from_dict({"generation": {"database": "none"}, "request-timeout": 30})
    return schemathesis.openapi.from_url(url, config=config, timeout=10)


@pytest.fixture(scope="module")
def bearer(keycloak_cli: KeycloakOpenID, stack: StackSettings) -> Bearer:
    """The Authorization header of a demo user (FUZZ_USER unless named), signed in again before it expires."""
    held: dict[str, tuple[float, str]] = {}

    def header(user: str = FUZZ_USER) -> dict[str, str]:
        at, token = held.get(user, (0.0, ""))
        if time.monotonic() - at > TOKEN_REFRESH_SECONDS:
            token = keycloak_cli.token(user, stack.demo_password)["access_token"]
            held[user] = (time.monotonic(), token)
        return {"Authorization": f"Bearer {token}"}

    return header


def _case_of_accepted(stack: StackSettings, bearer: Bearer, intake: str, petition_id: str) -> str:
    """Accept the petition; supervision opens its case from the event within a few seconds."""
    with httpx.Client(base_url=intake, headers=bearer(), timeout=30) as clerk:
        clerk.post(f"/petitions/{petition_id}/acceptance", json={"decision": "accepted"}).raise_for_status()
    supervision = f"http://127.0.0.1:{stack.supervision_port}"
    with httpx.Client(base_url=supervision, headers=bearer(), timeout=30) as clerk:
        for _ in range(100):
            found = clerk.get("/cases", params={"petition_id": petition_id}).json()["items"]
            if found:
                return found[0]["id"]
            time.sleep(0.1)
    raise AssertionError("no case opened for the accepted petition")


@pytest.fixture(scope="module")
def known_ids(stack: StackSettings, bearer: Bearer) -> dict[str, str]:
    """Path parameter -> the id of a real object of xidian, so that fuzzing reaches past the 404."""
    base = f"http://127.0.0.1:{stack.intake_port}"
    with httpx.Client(base_url=base, headers=bearer(), timeout=30) as clerk:
        attachment = _created(clerk.post("/attachments", files={"file": ("letter.png", PNG, "image/png")}))
        petition = _created(clerk.post("/petitions", json=_petition(attachment["id"])))
        register = _open_register(clerk)
        item = _created(clerk.post(f"/screening-registers/{register['id']}/items", json=_item()))["items"][0]
        emergency = _created(clerk.post("/emergency-requests", json=_emergency()))
    with httpx.Client(base_url=base, headers=bearer(LIAISON), timeout=30) as liaison:
        entry = _created(liaison.post("/diary-entries", json=_entry()))
    case_id = _case_of_accepted(stack, bearer, base, petition["id"])
    session_id, user_id = _training_session(stack, bearer)
    return {
        "session_id": session_id,
        "user_id": user_id,
        "case_id": case_id,
        "petition_id": petition["id"],
        "earlier_id": petition["id"],
        "petitioner_id": petition["petitioners"][0]["id"],
        "attachment_id": attachment["id"],
        "register_id": register["id"],
        "item_id": item["id"],
        "request_id": emergency["id"],
        "entry_id": entry["id"],
    }


def _training_session(stack: StackSettings, bearer: Bearer) -> tuple[str, str]:
    """A session 西店镇's trainer held yesterday, and the township clerk who may have attended it."""
    held = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    body = {"session_type": "seminar", "topic": "矛盾纠纷化解研讨", "starts_at": held, "hours": 2, "place": "镇会议室",
            "level": "township", "township": "xidian"}  # fmt: skip
    base = f"http://127.0.0.1:{stack.training_records_port}"
    with httpx.Client(base_url=base, headers=bearer("xidian.trainer"), timeout=30) as trainer:
        session = _created(trainer.post("/training-sessions", json=body))
        cadres = trainer.post("/cadres/refresh").json()
    return session["id"], next(c["user_id"] for c in cadres if c["username"] == "xidian.clerk")


def _created(response: httpx.Response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def _open_register(clerk: httpx.Client) -> dict:
    # One register per township and period: a far-future month no earlier run has opened.
    while True:
        r = clerk.post(
            "/screening-registers",
            json={"period": f"{random.randint(2100, 2999)}-{random.randint(1, 12):02d}"},
        )
        if r.status_code != 409:
            return _created(r)


def _tag() -> str:
    return uuid.uuid4().hex[:8]


def _petition(attachment_id: str) -> dict:
    return {
        "channel": "letter",
        "category": "village_affairs",
        "kind": "claim",
        "received_on": "2026-11-20",
        "village": VILLAGE,
        "content": f"团堧村村民来信反映村道路灯损坏已三月未修，夜间出行不便，请求修复。编号{_tag()}",
        "attachment_ids": [attachment_id],
        "petitioners": [{"name": "西店测试人", "id_number": _id_number(), "is_representative": True}],
    }


def _id_number() -> str:
    """A valid 18-digit ID number of 宁海县 (330226), so that the petitioner repeats no other test's."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"330226{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}{random.randint(0, 999):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _item() -> dict:
    return {
        "description": f"团堧村部分村民因征地补偿标准有异议，酝酿到镇上集体反映。编号{_tag()}",
        "risk_level": "medium",
        "people_count": 6,
        "responsible_person": "包村干部",
        "measures": "逐户走访，解释补偿标准",
        "village": VILLAGE,
    }


def _emergency() -> dict:
    return {
        "what_happened": f"村民家中老人突发疾病，需协调送医。编号{_tag()}",
        "people_affected": 1,
        "contact_phone": f"139{random.randint(0, 99999999):08d}",
    }


def _entry() -> dict:
    return {
        "entry_date": "2026-11-18",
        "concern": f"村民反映村口垃圾清运不及时。编号{_tag()}",
        "category": "village_affairs",
        "people_count": 2,
    }
