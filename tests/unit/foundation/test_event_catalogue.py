"""docs/events.md is the catalogue the contracts generate, and every event the code publishes is in it."""

from __future__ import annotations

import re

from deploy.launcher.config import REPO_ROOT
from shared.contracts.catalogue import DOC, render


def test_the_event_catalogue_matches_the_contracts() -> None:
    assert DOC.read_text() == render(), "run: python -m shared.contracts.catalogue --write"


def test_every_published_event_type_is_catalogued() -> None:
    catalogued = set(re.findall(r"^## `([a-z_.0-9]+)`", DOC.read_text(), re.M))
    published = set()
    for path in (REPO_ROOT / "services").rglob("*.py"):
        published |= set(re.findall(r'type="([a-z_]+\.[a-z_]+\.v\d+)"', path.read_text()))
    assert published <= catalogued
    assert {
        "petition.registered.v1",
        "petition.accepted.v1",
        "petition.not_accepted.v1",
        "petition.forwarded.v1",
    } <= catalogued
