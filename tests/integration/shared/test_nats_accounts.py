"""NATS accounts: no anonymous client and no wrong password get in; each service publishes only its own
subjects and reads events only through its own durables, on the real stack's NATS.

The durables' rights are checked on a NATS server of this test's own, configured by the launcher's code
with a durable the real services do not have yet.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import nats
import nats.errors
import nats.js.errors
import pytest
from nats.aio.client import Client
from nats.js.api import ConsumerConfig

from deploy.launcher import nats as launcher_nats
from deploy.launcher.config import StackSettings
from deploy.launcher.proc import Processes, wait_until
from deploy.launcher.secrets import load_or_create
from shared.events.connection import connect_options
from shared.events.streams import TOPOLOGY, DurableSpec, ensure_consumer, ensure_streams
from shared.settings import NatsSettings

TENANT = "dajiahe"
# A refused request gets no answer at all: wait this long for the answer that does not come.
REFUSED_WITHIN = 1.0


@dataclass
class Session:
    """A connection and the permission errors the server sent it."""

    nc: Client
    errors: list[str] = field(default_factory=list)

    async def refused(self, action: Callable[[], Awaitable[object]], what: str) -> None:
        before = len(self.errors)
        with pytest.raises(nats.errors.TimeoutError):
            await action()
        await self.nc.flush()
        # nats-py hands the server's error over in lower case.
        assert any(f"permissions violation for {what}".lower() in e for e in self.errors[before:]), (
            self.errors
        )

    async def publish_refused(self, subject: str) -> None:
        await self.refused(
            lambda: self.nc.jetstream(timeout=REFUSED_WITHIN).publish(subject, b"{}"),
            f'publish to "{subject}"',
        )

    async def subscribe_refused(self, subject: str) -> None:
        before = len(self.errors)
        await self.nc.subscribe(subject)
        await self.nc.flush()
        await _until(lambda: len(self.errors) > before)
        assert f'permissions violation for subscription to "{subject}"'.lower() in self.errors[-1]


async def _until(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def connect(settings: NatsSettings) -> Session:
    errors: list[str] = []

    async def remember(exc: Exception) -> None:
        errors.append(str(exc))

    nc = await nats.connect(
        **connect_options(settings), error_cb=remember, allow_reconnect=False, connect_timeout=5
    )
    return Session(nc, errors)


def as_service(stack: StackSettings, secrets: dict[str, str], service: str) -> NatsSettings:
    return NatsSettings(
        url=f"nats://127.0.0.1:{stack.nats_port}", user=service, password=secrets[f"{service}_nats"]
    )


@pytest.fixture
async def operator(nats_operator: NatsSettings) -> AsyncIterator[Session]:
    session = await connect(nats_operator)
    yield session
    await session.nc.close()


@pytest.fixture
async def intake(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[Session]:
    session = await connect(as_service(stack, stack_secrets, "intake"))
    yield session
    await session.nc.close()


@pytest.fixture
async def supervision(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[Session]:
    session = await connect(as_service(stack, stack_secrets, "supervision"))
    yield session
    await session.nc.close()


async def _stored(operator: Session, subject: str) -> bool:
    try:
        await operator.nc.jetstream().get_last_msg(TOPOLOGY.stream, subject)
    except nats.js.errors.NotFoundError:
        return False
    return True


# -- who gets in ---------------------------------------------------------------------------------------------


async def test_an_anonymous_client_is_refused(stack: StackSettings) -> None:
    with pytest.raises(nats.errors.Error, match="Authorization Violation"):
        await connect(NatsSettings(url=f"nats://127.0.0.1:{stack.nats_port}"))


async def test_a_wrong_password_is_refused(stack: StackSettings, stack_secrets: dict[str, str]) -> None:
    wrong = NatsSettings(
        url=f"nats://127.0.0.1:{stack.nats_port}", user="intake", password="not-the-password"
    )
    with pytest.raises(nats.errors.Error, match="Authorization Violation"):
        await connect(wrong)


async def test_a_service_password_does_not_open_another_service_user(
    stack: StackSettings, stack_secrets: dict[str, str]
) -> None:
    borrowed = NatsSettings(
        url=f"nats://127.0.0.1:{stack.nats_port}", user="intake", password=stack_secrets["supervision_nats"]
    )
    with pytest.raises(nats.errors.Error, match="Authorization Violation"):
        await connect(borrowed)


# -- what each service may publish ---------------------------------------------------------------------------


async def test_intake_publishes_its_own_subjects_and_not_supervisions(
    intake: Session, operator: Session
) -> None:
    own = f"xf.{TENANT}.petition.x"
    ack = await intake.nc.jetstream().publish(own, b"{}", headers={"Nats-Msg-Id": str(uuid.uuid4())})
    try:
        assert ack.stream == TOPOLOGY.stream
    finally:
        await operator.nc.jetstream().delete_msg(TOPOLOGY.stream, ack.seq)

    others = f"xf.{TENANT}.case.opened.{uuid.uuid4().hex}"
    await intake.publish_refused(others)
    assert not await _stored(operator, others)


async def test_supervision_cannot_publish_intakes_subjects(supervision: Session, operator: Session) -> None:
    intakes = f"xf.{TENANT}.petition.registered.{uuid.uuid4().hex}"
    await supervision.publish_refused(intakes)
    assert not await _stored(operator, intakes)


async def test_a_service_dead_letters_only_under_its_own_name(intake: Session) -> None:
    await intake.publish_refused(f"xfdlq.supervision.xf.{TENANT}.case.opened")


# -- what each service may read -------------------------------------------------------------------------------


async def test_a_service_cannot_listen_to_events_or_to_another_services_replies(intake: Session) -> None:
    await intake.subscribe_refused("xf.>")
    await intake.subscribe_refused("_INBOX.supervision.>")


async def test_a_service_cannot_read_a_stored_event_or_open_a_durable_of_its_own_choosing(
    intake: Session,
) -> None:
    js = intake.nc.jetstream(timeout=REFUSED_WITHIN)
    await intake.refused(
        lambda: js.get_last_msg(TOPOLOGY.stream, f"xf.{TENANT}.petition.registered"),
        'publish to "$JS.API.STREAM.MSG.GET.XF"',
    )
    snoop = ConsumerConfig(name="snoop", durable_name="snoop", filter_subject="xf.>")
    await intake.refused(
        lambda: js.add_consumer(TOPOLOGY.stream, snoop),
        'publish to "$JS.API.CONSUMER.CREATE.XF.snoop.xf.>"',
    )


async def test_a_service_reads_the_streams_state_but_cannot_change_or_delete_them(
    intake: Session, operator: Session
) -> None:
    js = intake.nc.jetstream(timeout=REFUSED_WITHIN)
    await ensure_streams(js)  # what its worker runs at start: the streams are as declared, nothing to change
    info = await js.stream_info(TOPOLOGY.stream)
    await intake.refused(lambda: js.update_stream(info.config), 'publish to "$JS.API.STREAM.UPDATE.XF"')
    await intake.refused(
        lambda: js.purge_stream(TOPOLOGY.stream),
        'publish to "$JS.API.STREAM.PURGE.XF"',
    )
    await intake.refused(
        lambda: js.delete_stream(TOPOLOGY.stream),
        'publish to "$JS.API.STREAM.DELETE.XF"',
    )
    assert (await operator.nc.jetstream().stream_info(TOPOLOGY.stream)).config.name == TOPOLOGY.stream


# -- a durable of its own: on a NATS server of this test's own -------------------------------------------------

DURABLE = DurableSpec("reporting_petitions_registered", "xf.*.petition.registered")


@pytest.fixture(scope="module")
def scratch_nats(stack: StackSettings) -> Iterator[StackSettings]:
    # Below 32768, and offsets no other instance's ports land on (its NATS on base+922).
    s = StackSettings(run_dir=stack.run_dir / "scratch-nats-accounts", port_base=stack.port_base + 500)
    shutil.rmtree(s.run_dir, ignore_errors=True)
    secrets = load_or_create(s.run_dir)
    procs = Processes(s.run_dir)
    launcher_nats.start(s, procs, secrets, durables={"reporting": [DURABLE]})
    try:
        assert wait_until(lambda: launcher_nats.healthy(s), 20), procs.log_file(launcher_nats.NAME)
        launcher_nats.create_streams(s, secrets)
        yield s
    finally:
        procs.stop(launcher_nats.NAME)
        shutil.rmtree(s.run_dir, ignore_errors=True)


async def test_a_service_consumes_and_acks_through_its_own_durable_and_no_wider(
    scratch_nats: StackSettings,
) -> None:
    secrets = load_or_create(scratch_nats.run_dir)
    intake = await connect(as_service(scratch_nats, secrets, "intake"))
    reporting = await connect(as_service(scratch_nats, secrets, "reporting"))
    try:
        await intake.nc.jetstream().publish(f"xf.{TENANT}.petition.registered", b"{}")
        js = reporting.nc.jetstream()
        await ensure_consumer(js, TOPOLOGY.stream, DURABLE)
        sub = await js.pull_subscribe_bind(durable=DURABLE.durable, stream=TOPOLOGY.stream)
        [msg] = await sub.fetch(1, timeout=5)
        await msg.ack()
        await reporting.nc.flush()
        await _until_acked(js)
        await js.publish(f"xfdlq.reporting.{msg.subject}", msg.data)

        wider = ConsumerConfig(name=DURABLE.durable, durable_name=DURABLE.durable, filter_subject="xf.>")
        await reporting.refused(
            lambda: js.add_consumer(TOPOLOGY.stream, wider, timeout=REFUSED_WITHIN),
            f'publish to "$JS.API.CONSUMER.CREATE.XF.{DURABLE.durable}.xf.>"',
        )
        # intake has no durable at all: it may not pull from reporting's either.
        await intake.refused(
            lambda: intake.nc.request(
                f"$JS.API.CONSUMER.MSG.NEXT.{TOPOLOGY.stream}.{DURABLE.durable}", b"1", timeout=REFUSED_WITHIN
            ),
            f'publish to "$JS.API.CONSUMER.MSG.NEXT.XF.{DURABLE.durable}"',
        )
    finally:
        await intake.nc.close()
        await reporting.nc.close()


async def _until_acked(js: nats.js.JetStreamContext) -> None:
    for _ in range(50):
        info = await js.consumer_info(TOPOLOGY.stream, DURABLE.durable)
        if info.num_ack_pending == 0 and info.delivered.stream_seq == 1:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the ack did not reach the server: {info}")
