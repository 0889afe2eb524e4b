"""Every error is an RFC 9457 problem; a 422 names each field and reason, in Chinese or English."""

from __future__ import annotations

from typing import Annotated

import msgspec
import pytest
from litestar import Litestar, get, post
from litestar.params import FromPath, JSONBody
from litestar.testing import AsyncTestClient

from shared.errors import EXCEPTION_HANDLERS, NotFound, RuleViolation, StateConflict


class PetitionDraft(msgspec.Struct):
    content: Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
    petitioners: Annotated[int, msgspec.Meta(ge=1)]
    channel: str


@post("/drafts")
async def submit(data: JSONBody[PetitionDraft]) -> dict[str, str]:
    if data.channel not in ("letter", "visit"):
        raise RuleViolation("channel", "invalid_value")
    return {"ok": "yes"}


@get("/cases/{case_id:int}")
async def case(case_id: FromPath[int]) -> dict[str, int]:
    if case_id == 1:
        raise StateConflict("the case is already concluded")
    raise NotFound()


@get("/boom")
async def boom() -> None:
    raise RuntimeError("SELECT secret FROM intake.petitioner WHERE id_number = '330226199001011234'")


@pytest.fixture
async def client():
    app = Litestar([submit, case, boom], exception_handlers=EXCEPTION_HANDLERS)
    async with AsyncTestClient(app) as c:
        yield c


async def test_a_missing_field_reads_in_chinese_by_default(client: AsyncTestClient) -> None:
    r = await client.post("/drafts", json={"petitioners": 1, "channel": "letter"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 422 and body["title"] == "提交的数据有误"
    assert body["errors"] == [{"field": "content", "reason": "required", "message": "content不能为空"}]


async def test_the_same_error_reads_in_english_on_request(client: AsyncTestClient) -> None:
    r = await client.post(
        "/drafts",
        json={"content": "", "petitioners": 0, "channel": "letter"},
        headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    body = r.json()
    assert r.status_code == 422 and body["title"] == "Validation failed"
    assert body["errors"][0]["field"] == "content"
    assert body["errors"][0]["reason"] == "too_short"
    assert body["errors"][0]["message"] == "content is too short"


async def test_a_business_rule_names_its_field(client: AsyncTestClient) -> None:
    r = await client.post("/drafts", json={"content": "占地补偿", "petitioners": 1, "channel": "fax"})
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "channel", "reason": "invalid_value", "message": "channel取值不在允许范围内"}
    ]


async def test_a_wrong_type_is_named_with_its_path(client: AsyncTestClient) -> None:
    r = await client.post("/drafts", json={"content": "x", "petitioners": "many", "channel": "visit"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "petitioners"
    assert r.json()["errors"][0]["reason"] == "invalid_type"


async def test_conflict_is_409_and_not_found_is_a_plain_404(client: AsyncTestClient) -> None:
    conflict = await client.get("/cases/1")
    assert conflict.status_code == 409 and conflict.json()["title"] == "当前状态不允许此操作"
    missing = await client.get("/cases/2")
    assert missing.status_code == 404 and missing.json() == {
        "type": "about:blank",
        "title": "未找到",
        "status": 404,
    }


async def test_an_unexpected_error_shows_no_trace_and_no_sql(client: AsyncTestClient) -> None:
    r = await client.get("/boom")
    assert r.status_code == 500
    assert r.json() == {"type": "about:blank", "title": "服务器内部错误", "status": 500}
    assert "SELECT" not in r.text and "Traceback" not in r.text
