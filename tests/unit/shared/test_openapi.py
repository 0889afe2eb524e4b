"""shared.openapi completes Litestar's document: security per operation and the error answers each one can give."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from litestar import Litestar, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody
from litestar.testing import TestClient

from shared.openapi import openapi_config


def _deny(*_: Any) -> None:
    raise PermissionDeniedException()


class NoteIn(msgspec.Struct):
    text: str


@get("/health/live", sync_to_thread=False)
def live() -> dict[str, str]:
    return {"status": "ok"}


@get("/things/{thing_id:uuid}", guards=[_deny], sync_to_thread=False)
def read_thing(thing_id: FromPath[uuid.UUID]) -> dict[str, str]:
    return {"id": str(thing_id)}


@post("/things/{thing_id:uuid}/notes", sync_to_thread=False, opt={"throttled": True})
def add_note(thing_id: FromPath[uuid.UUID], data: JSONBody[NoteIn]) -> dict[str, str]:
    return {"text": data.text}


@post("/things/search", sync_to_thread=False, status_code=200, opt={"changes_state": False})
def search(data: JSONBody[NoteIn]) -> list[str]:
    return []


@get(
    "/things/{thing_id:uuid}/scan",
    sync_to_thread=False,
    opt={"media_types": ["image/png", "application/pdf"]},
)
def scan(thing_id: FromPath[uuid.UUID]) -> Response[bytes]:
    return Response(b"", media_type="image/png")


def _document(**config: Any) -> dict[str, Any]:
    app = Litestar(
        [live, read_thing, add_note, search, scan], openapi_config=openapi_config("t", "d", **config)
    )
    with TestClient(app) as client:
        return client.get("/docs/openapi.json").json()


def _answers(doc: dict[str, Any], method: str, path: str) -> list[str]:
    return sorted(doc["paths"][path][method]["responses"])


def test_the_probes_are_public_and_every_other_operation_needs_the_bearer_scheme() -> None:
    doc = _document()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert doc["paths"]["/health/live"]["get"]["security"] == []
    assert doc["paths"]["/things/{thing_id}"]["get"]["security"] == [{"bearer": []}]
    assert _answers(doc, "get", "/health/live") == ["200", "500"]


def test_each_operation_documents_the_errors_it_can_answer_and_no_others() -> None:
    doc = _document()
    assert _answers(doc, "get", "/things/{thing_id}") == ["200", "401", "403", "404", "500", "503"]
    notes = _answers(doc, "post", "/things/{thing_id}/notes")
    assert notes == ["201", "400", "401", "404", "409", "413", "415", "422", "429", "500", "503"]
    assert "409" not in _answers(doc, "post", "/things/search")
    error = doc["paths"]["/things/{thing_id}"]["get"]["responses"]["401"]
    assert error["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert error["headers"]["WWW-Authenticate"]["required"] is True
    assert doc["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status"]


def test_a_bytes_answer_is_documented_in_its_media_types() -> None:
    content = _document()["paths"]["/things/{thing_id}/scan"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"image/png", "application/pdf"}
    assert content["image/png"]["schema"] == {"type": "string", "format": "binary"}


def test_a_document_without_bearer_states_no_security_and_no_problem_answers() -> None:
    doc = _document(bearer=False)
    assert "securitySchemes" not in doc.get("components", {})
    assert "security" not in doc["paths"]["/things/{thing_id}"]["get"]
    assert "401" not in doc["paths"]["/things/{thing_id}"]["get"]["responses"]
