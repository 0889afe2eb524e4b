"""The five services the launcher started answer as separate processes, with docs served from themselves."""

from __future__ import annotations

import re

import httpx
import pytest

from deploy.launcher.config import SERVICES, StackSettings
from deploy.launcher.proc import Processes


@pytest.mark.parametrize("service", SERVICES)
def test_service_runs_as_its_own_ready_process(stack: StackSettings, service: str) -> None:
    assert Processes(stack.run_dir).pid(service), f"{service} has no live process"
    r = httpx.get(f"http://127.0.0.1:{stack.service_port(service)}/health/ready", timeout=5)
    assert r.status_code == 200
    assert r.json()["checks"] == {"database": "ok", "nats": "ok"}


@pytest.mark.parametrize("service", SERVICES)
def test_docs_page_loads_every_asset_from_the_service_itself(stack: StackSettings, service: str) -> None:
    base = f"http://127.0.0.1:{stack.service_port(service)}"
    page = httpx.get(f"{base}/docs", timeout=5)
    assert page.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs, "the docs page references its scripts and styles"
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"{ref} is not served by {service}"
        assert httpx.get(f"{base}{ref}", timeout=5).status_code == 200, ref
    schema = httpx.get(f"{base}/docs/openapi.json", timeout=5).json()
    assert "/health/ready" in schema["paths"]
