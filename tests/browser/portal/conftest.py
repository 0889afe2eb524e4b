"""Browser fixtures: Debian's Chromium driven by Playwright, a page that may not leave this machine, screenshots.

Every test here uses the `page` fixture (or the `browser` one): marked `browser`, so `-m browser` selects them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from playwright.async_api import Browser, Page, async_playwright

from deploy.launcher.config import REPO_ROOT, StackSettings
from deploy.launcher.postgres import DATABASE, SUPERUSER
from tests.browser.portal.portal_replica import PortalReplica, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "browser"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium against the stack's portal")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def portal_url(stack: StackSettings) -> str:
    """The stack's portal (the launcher's process in the test stack)."""
    return stack.portal_url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser: Browser, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    """A fresh browser profile at 1366×768; afterwards: its screenshot kept, and no request left this machine."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    tab = await context.new_page()
    requested: list[str] = []
    tab.on("request", lambda r: requested.append(r.url))
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    await context.close()
    external = [
        u
        for u in requested
        if urlsplit(u).scheme not in ("data", "about", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert not external, f"the page sent requests off this machine: {external}"
    assert requested, "the page made no request at all, so the check above proved nothing"


@pytest.fixture
def sign_in(portal_url: str, stack: StackSettings) -> Callable[..., Awaitable[None]]:
    async def sign_in(tab: Page, username: str, path: str = "/") -> None:
        """Open `path` on the portal, sign in on Keycloak's page, and wait to be back on the portal."""
        await tab.goto(f"{portal_url}{path}")
        await tab.fill("#username", username)
        await tab.fill("#password", stack.demo_password)
        await tab.click("#kc-login")
        await tab.wait_for_url(f"{portal_url}/**")

    return sign_in


@pytest.fixture
async def replica(
    stack: StackSettings, stack_secrets: dict[str, str], tmp_path: Path
) -> AsyncIterator[PortalReplica]:
    """A second portal process of our own, sharing the stack's database and session key."""
    r = PortalReplica(stack, stack_secrets, free_port(), tmp_path / "portal-replica.log")
    # In a thread: the replica's start waits on its readiness probe, and the browser shares this event loop.
    await asyncio.to_thread(r.start)
    yield r
    await asyncio.to_thread(r.stop)


@pytest.fixture(scope="session")
async def superuser(stack: StackSettings, stack_secrets: dict[str, str]) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(
        host="127.0.0.1",
        port=stack.pg_port,
        user=SUPERUSER,
        password=stack_secrets["pg_superuser"],
        database=DATABASE,
    )
    yield conn
    await conn.close()
