"""What logs and spans keep of URLs and exceptions: paths and types, never queries or messages."""

from __future__ import annotations

import io
import json
import logging

from litestar import Litestar, get
from litestar.params import FromPath, FromQuery
from litestar.testing import TestClient
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode

from shared.errors import EXCEPTION_HANDLERS
from shared.telemetry import (
    JsonFormatter,
    RedactingFilter,
    TelemetryHandle,
    configure_logging,
    setup_telemetry,
)
from shared.telemetry.redaction import QUERY_MASK

NAME = "测试名字甲乙丙"
NAME_FORMS = (NAME, json.dumps(NAME)[1:-1], "%E6%B5%8B%E8%AF%95")


class FakeAsyncpgError(Exception):
    sqlstate = "22021"


def _line(record: logging.LogRecord) -> str:
    assert RedactingFilter().filter(record)
    return JsonFormatter("unit").format(record)


def _record(msg: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("httpx", logging.INFO, __file__, 1, msg, args, exc_info)


def _failure() -> RuntimeError:
    try:
        try:
            raise FakeAsyncpgError(f'Failing row contains (…, {NAME}, …)\nDETAIL: "{NAME}"')
        except FakeAsyncpgError as inner:
            raise RuntimeError(f"[parameters: ('{NAME}',)]") from inner
    except RuntimeError as outer:
        return outer


def test_a_logged_url_keeps_its_path_and_loses_its_query() -> None:
    url = "http://127.0.0.1:21101/petitions?q=%E6%B5%8B%E8%AF%95%E5%90%8D%E5%AD%97&page=1"
    line = _line(_record('HTTP Request: GET %s "HTTP/1.1 200 OK"', url))
    assert f"http://127.0.0.1:21101/petitions?{QUERY_MASK}" in line
    assert "%E6" not in line and "page=1" not in line
    bare = _line(_record("GET /petitions?q=%s HTTP/1.1", NAME))
    assert NAME not in bare and f"GET /petitions?{QUERY_MASK} HTTP/1.1" in bare


def test_a_logged_exception_keeps_its_types_codes_and_frames_but_no_message() -> None:
    line = _line(_record("relay round failed", exc=_failure()))
    assert not any(form in line for form in NAME_FORMS)
    exception = json.loads(line)["exception"]
    assert "FakeAsyncpgError (sqlstate=22021)" in exception and "RuntimeError" in exception
    assert "in _failure" in exception  # the frames, whose source lines are code, not values


def test_the_formatter_alone_writes_no_exception_message() -> None:
    record = _record("round failed", exc=_failure())
    assert NAME not in JsonFormatter("unit").format(record)


def test_configured_logging_quiets_httpx_and_takes_in_uvicorn() -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    uvicorn = logging.getLogger("uvicorn")
    uvicorn.addHandler(logging.StreamHandler(io.StringIO()))
    uvicorn.propagate = False
    try:
        configure_logging("unit")
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("httpx").isEnabledFor(logging.WARNING)
        assert uvicorn.handlers == [] and uvicorn.propagate
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        logging.getLogger("httpx").setLevel(logging.NOTSET)


def test_exported_spans_keep_no_query_no_exception_message_and_no_error_text() -> None:
    exporter = InMemorySpanExporter()
    handle = setup_telemetry("unit", span_exporter=exporter, set_global=False, json_logs=False)
    tracer = handle.tracer("unit")
    with tracer.start_as_current_span("GET /petitions", kind=SpanKind.SERVER) as span:
        span.set_attribute("http.url", f"http://localhost:21100/petitions?q={NAME}")
        span.set_attribute("url.full", f"http://localhost:21100/petitions?q={NAME}")
        span.set_attribute("http.target", f"/petitions?q={NAME}")
        span.set_attribute("url.query", f"q={NAME}")
        span.set_attribute("http.referer", f"http://localhost:21100/petitions?q={NAME}")
        span.record_exception(_failure())
    with tracer.start_as_current_span("SELECT", kind=SpanKind.CLIENT) as db:
        db.set_attribute("db.statement", "SELECT petition.id FROM petition WHERE petition.content LIKE $1")
        db.set_status(
            Status(
                StatusCode.ERROR, f"<class 'asyncpg.exceptions.DataError'>: invalid input for $1: '{NAME}'"
            )
        )
    server, statement = exporter.get_finished_spans()
    dump = server.to_json() + statement.to_json()
    assert not any(form in dump for form in NAME_FORMS)
    assert server.attributes["http.url"] == f"http://localhost:21100/petitions?{QUERY_MASK}"
    assert server.attributes["http.target"] == f"/petitions?{QUERY_MASK}"
    assert server.attributes["url.query"] == QUERY_MASK
    [event] = server.events
    assert event.attributes["exception.type"] == "RuntimeError"
    assert 'File "' in event.attributes["exception.stacktrace"]
    assert statement.status.description == "asyncpg.exceptions.DataError"
    assert statement.attributes["db.statement"].endswith("LIKE $1")


@get("/petitions/{label:str}", sync_to_thread=False)
def failing_route(label: FromPath[str]) -> None:
    raise _failure()


def test_an_unhandled_error_logs_its_types_route_and_request_id_only() -> None:
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter("unit"))
    handler.addFilter(RedactingFilter())
    errors_log = logging.getLogger("shared.errors")
    errors_log.addHandler(handler)
    try:
        with TestClient(Litestar([failing_route], exception_handlers=EXCEPTION_HANDLERS)) as client:
            answer = client.get(f"/petitions/{NAME}", params={"q": NAME}, headers={"X-Request-Id": "req-42"})
    finally:
        errors_log.removeHandler(handler)
    assert answer.status_code == 500 and answer.headers["x-request-id"] == "req-42"
    assert NAME not in answer.text
    [line] = lines.getvalue().splitlines()
    assert not any(form in line for form in NAME_FORMS)
    entry = json.loads(line)
    assert entry["request_id"] == "req-42" and entry["route"] == "GET /petitions/{label}"
    assert entry["error_type"] == "RuntimeError"
    assert entry["message"].startswith("unhandled RuntimeError <- ")
    assert "failing_route" in entry["exception"]


@get("/petitions", sync_to_thread=False)
def search_route(q: FromQuery[str]) -> dict[str, str]:
    return {"q": q}


def test_the_plugin_opens_server_spans_and_leaves_the_process_logging_alone() -> None:
    exporter = InMemorySpanExporter()
    quiet = setup_telemetry("unit", span_exporter=exporter, set_global=False, json_logs=False)
    owning = TelemetryHandle("unit", quiet.tracer_provider, quiet.meter_provider, logging.NullHandler())
    app = Litestar([search_route], plugins=[owning.litestar_plugin()])
    assert app.logging_config is None, "Litestar would replace the redacting root handler"
    with TestClient(app) as client:
        assert client.get("/petitions", params={"q": NAME}).status_code == 200
    [server] = [s for s in exporter.get_finished_spans() if s.kind == SpanKind.SERVER]
    assert server.attributes["http.url"].endswith(f"/petitions?{QUERY_MASK}")
    assert not any(form in server.to_json() for form in NAME_FORMS)
