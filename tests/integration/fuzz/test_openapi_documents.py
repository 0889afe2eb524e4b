"""What each service's OpenAPI document states: the bearer scheme, every error answer as a problem, the real fields."""

from __future__ import annotations

import httpx
import pytest

from deploy.launcher.config import StackSettings

APIS = ("intake", "supervision", "training_records", "reporting")
PUBLIC = ("/health/", "/public/")  # probes, and the petitioner's query page (by query code)
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def document(stack: StackSettings, service: str) -> dict:
    r = httpx.get(f"http://127.0.0.1:{stack.service_port(service)}/docs/openapi.json", timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


@pytest.mark.parametrize("service", APIS)
def test_every_api_operation_but_the_probes_requires_a_bearer_token(
    stack: StackSettings, service: str
) -> None:
    doc = document(stack, service)
    assert doc["components"]["securitySchemes"] == {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    for path, method, operation in operations(doc):
        public = path.startswith(PUBLIC)
        assert operation["security"] == ([] if public else [{"bearer": []}]), (method, path)
        assert ("401" in operation["responses"]) is not public, (method, path)


@pytest.mark.parametrize("service", APIS)
def test_every_error_answer_is_a_problem_document(stack: StackSettings, service: str) -> None:
    doc = document(stack, service)
    problem = doc["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status"]
    assert set(problem["properties"]) == {"type", "title", "status", "detail", "errors"}
    for path, method, operation in operations(doc):
        errors = {code: r for code, r in operation["responses"].items() if code >= "400"}
        assert "500" in errors, (method, path)
        for code, response in errors.items():
            if (path, code) != ("/health/ready", "503"):  # readiness names the failing part in its own body
                assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                    method,
                    path,
                    code,
                )


def test_intake_documents_each_answer_where_it_can_happen(stack: StackSettings) -> None:
    paths = document(stack, "intake")["paths"]

    def answers(method: str, path: str) -> set[str]:
        return set(paths[path][method]["responses"])

    assert {"401", "403", "404"} <= answers("get", "/petitions/{petition_id}")
    assert "422" not in answers("get", "/petitions/{petition_id}")  # a malformed id matches no route: 404
    assert {"400", "409", "413", "415", "422"} <= answers("post", "/petitions/{petition_id}/acceptance")
    assert "404" not in answers("get", "/petitions")
    assert "409" not in answers("post", "/petitions/repeat-candidates")  # a search by POST changes nothing
    assert "422" not in answers("get", "/townships")  # nothing to validate


def test_intake_documents_the_upload_field_and_binary_answers_as_they_are(stack: StackSettings) -> None:
    doc = document(stack, "intake")
    body = doc["paths"]["/attachments"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    schema = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body
    assert set(schema["properties"]) == {"file"} and schema["required"] == ["file"]
    assert schema["properties"]["file"]["format"] == "binary"
    download = doc["paths"]["/petitions/{petition_id}/attachments/{attachment_id}"]["get"]["responses"]["200"]
    assert set(download["content"]) == {"application/pdf", "image/jpeg", "image/png"}
    notice = doc["paths"]["/petitions/{petition_id}/acceptance/notice.pdf"]["get"]["responses"]["200"]
    assert notice["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}


def test_the_portal_documents_its_probes_not_its_pages(stack: StackSettings) -> None:
    assert set(document(stack, "portal")["paths"]) == {"/health/live", "/health/ready"}
