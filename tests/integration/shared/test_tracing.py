"""One trace from the HTTP request that writes a Petition, through the relay's publish, to the consumer's
processing, on the real PostgreSQL and NATS; personal data is masked in what is exported."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import AsyncIterator

import asyncpg
import httpx
import nats
import pytest
from litestar import Litestar, post
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from deploy.launcher.config import StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from shared.db.rls import tenant_policy_sql
from shared.db.session import DataScope, scoped_transaction, session_factory
from shared.events import outbox
from shared.events.connection import connect_options
from shared.events.consumer import ConsumerRunner, HandlerRegistry
from shared.events.envelope import Envelope
from shared.events.relay import OutboxRelay
from shared.events.streams import EventTopology, ensure_streams
from shared.settings import NatsSettings
from shared.telemetry import JsonFormatter, RedactingFilter, TelemetryHandle, setup_telemetry
from shared.tenancy import tenant_id_for
from tests.integration.shared.scratch import ScratchService

SCRATCH = ScratchService.new("trc")
TOKEN, SCHEMA = SCRATCH.token, SCRATCH.schema
TOPOLOGY = EventTopology(
    stream=f"XFT_{TOKEN}", root=f"xft{TOKEN}", dlq_stream=f"XFT_{TOKEN}_DLQ", dlq_root=f"xftdlq{TOKEN}"
)
TENANT = "dajiahe"
BROWSER_TRACE_ID = secrets.token_hex(16)


@pytest.fixture(scope="module")
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture(scope="module")
def telemetry(exporter: InMemorySpanExporter) -> TelemetryHandle:
    # Not global and no logging changes: other test modules in this process keep their own set-up.
    return setup_telemetry("test-tracing", span_exporter=exporter, set_global=False, json_logs=False)


@pytest.fixture(scope="module")
async def engine(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[AsyncEngine]:
    su = await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )
    tables = [
        f'CREATE TABLE "{SCHEMA}".petition_stub (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)',
        *tenant_policy_sql(f'"{SCHEMA}".petition_stub'),
    ]
    try:
        async with SCRATCH.engine(su, stack, tables, pool_size=2) as engine:
            yield engine
    finally:
        await su.close()


@pytest.fixture(scope="module")
async def js(nats_operator: NatsSettings) -> AsyncIterator[nats.js.JetStreamContext]:
    nc = await nats.connect(**connect_options(nats_operator))
    js = nc.jetstream()
    await ensure_streams(js, TOPOLOGY)
    try:
        yield js
    finally:
        for stream in (TOPOLOGY.stream, TOPOLOGY.dlq_stream):
            await js.delete_stream(stream)
        await nc.close()


def intake_app(engine: AsyncEngine, telemetry: TelemetryHandle) -> Litestar:
    """The write side as a service has it: one request, one transaction with the state change and its event."""
    sessions = session_factory(engine)

    @post("/petitions")
    async def register_petition() -> dict[str, str]:
        petition_id = uuid.uuid4()
        async with scoped_transaction(sessions, DataScope.township(tenant_id_for(TENANT))) as db:
            await db.execute(
                text("INSERT INTO petition_stub (id, tenant_id) VALUES (:id, :t)"),
                {"id": petition_id, "t": tenant_id_for(TENANT)},
            )
            event = Envelope.new(
                service="intake",
                type="petition.registered.v1",
                subject=petition_id,
                tenant=TENANT,
                tenant_id=tenant_id_for(TENANT),
                data={"petition_id": str(petition_id)},
            )
            await outbox.put(db, event, root=TOPOLOGY.root)
        return {"id": str(petition_id)}

    return Litestar([register_petition], plugins=[telemetry.litestar_plugin()])


def one(spans: list[ReadableSpan], kind: SpanKind, name_start: str) -> ReadableSpan:
    found = [s for s in spans if s.kind == kind and s.name.startswith(name_start)]
    assert len(found) == 1, f"one {kind.name} span named {name_start}..., got {[s.name for s in spans]}"
    return found[0]


async def test_one_trace_runs_from_the_http_request_through_publish_to_consumption(
    engine: AsyncEngine,
    js: nats.js.JetStreamContext,
    telemetry: TelemetryHandle,
    exporter: InMemorySpanExporter,
) -> None:
    telemetry.instrument_sqlalchemy(engine)
    exporter.clear()
    handled: list[str] = []

    async def start_deadline_watch(envelope: Envelope, db: AsyncSession) -> None:
        handled.append(envelope.subject)

    registry = HandlerRegistry()
    registry.handles("petition.registered.v1", durable=f"t{TOKEN}-watch", root=TOPOLOGY.root)(
        start_deadline_watch
    )
    runner = ConsumerRunner(
        engine,
        js,
        registry,
        "supervision",
        topology=TOPOLOGY,
        fetch_timeout=1,
        tracer_provider=telemetry.tracer_provider,
    )
    await runner.start()

    browser = {"traceparent": f"00-{BROWSER_TRACE_ID}-{secrets.token_hex(8)}-01"}
    # httpx's ASGI transport runs the app on this test's event loop, where the engine's connections live.
    transport = httpx.ASGITransport(app=intake_app(engine, telemetry))
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
        response = await client.post("/petitions", headers=browser)
    assert response.status_code == 201
    await OutboxRelay(engine, SCHEMA, js, tracer_provider=telemetry.tracer_provider).run_once()
    for _ in range(10):
        if handled:
            break
        await runner.run_once()
    assert handled == [response.json()["id"]]
    await runner.stop()

    spans = list(exporter.get_finished_spans())
    http = one(spans, SpanKind.SERVER, "POST /petitions")
    publish = one(spans, SpanKind.PRODUCER, f"publish {TOPOLOGY.root}.{TENANT}.petition.registered")
    process = one(spans, SpanKind.CONSUMER, f"process {TOPOLOGY.root}.{TENANT}.petition.registered")
    assert {format_trace_id(s.context.trace_id) for s in (http, publish, process)} == {BROWSER_TRACE_ID}
    assert publish.parent.span_id == http.context.span_id, (
        "the publish span hangs under the request that wrote it"
    )
    assert process.parent.span_id == publish.context.span_id
    inserts = [
        s
        for s in spans
        if s.kind == SpanKind.CLIENT and s.parent and s.parent.span_id == http.context.span_id
    ]
    assert any("INSERT" in s.name for s in inserts), "the request's SQL statements join the trace"


def test_exported_spans_carry_no_id_numbers_or_phone_numbers(
    telemetry: TelemetryHandle, exporter: InMemorySpanExporter
) -> None:
    exporter.clear()
    tracer = telemetry.tracer("test")
    with tracer.start_as_current_span("lookup 13812345678") as span:
        span.set_attribute("petitioner.id_number", "33022619800101123X")
        span.set_attribute("db.statement", "SELECT * FROM petitioner WHERE phone = '13812345678'")
        span.record_exception(ValueError("no petitioner with id 330226198001011234"))
    [exported] = exporter.get_finished_spans()
    dump = exported.to_json()
    for secret in ("13812345678", "33022619800101123X", "330226198001011234"):
        assert secret not in dump
    assert exported.attributes["petitioner.id_number"] == "[身份证号已隐去]"


def test_json_logs_carry_the_trace_id_and_no_personal_data(telemetry: TelemetryHandle) -> None:
    tracer = telemetry.tracer("test")
    formatter, redactor = JsonFormatter("test-tracing"), RedactingFilter()
    with tracer.start_as_current_span("log something") as span:
        record = logging.LogRecord("xf", logging.INFO, __file__, 1, "called %s", ("13812345678",), None)
        assert redactor.filter(record)
        line = formatter.format(record)
    assert f'"trace_id": "{format_trace_id(span.get_span_context().trace_id)}"' in line
    assert "13812345678" not in line and "手机号已隐去" in line
