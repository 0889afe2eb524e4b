"""Every service's API docs page renders in the browser from the service's own assets: nothing from a CDN."""

from __future__ import annotations

import pytest
from playwright.async_api import Page

from deploy.launcher.config import SERVICES, StackSettings


@pytest.mark.parametrize("service", SERVICES)
async def test_the_docs_page_renders_swagger_ui_from_the_service_itself(
    page: Page, stack: StackSettings, service: str
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    await page.goto(f"http://localhost:{stack.service_port(service)}/docs")
    await page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)
    assert "Xinfang" in await page.locator(".swagger-ui .title").inner_text()
    assert await page.locator(".opblock").count() > 0, "the operations are listed"
    assert not [e for e in errors if "Content Security Policy" in e], errors
