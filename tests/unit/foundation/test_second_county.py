"""The county comes from the seed file: a second county's name is on the notice and in the portal's header."""

from __future__ import annotations

import os
from datetime import date
from unittest import mock

from litestar.testing import TestClient
from pypdf import PdfReader

from deploy.launcher.config import REPO_ROOT, SERVICES, StackSettings
from deploy.launcher.services import portal_env, service_env
from services.intake.service.notice_pdf import DecisionNotice, render_notice
from services.intake.settings import IntakeSettings
from services.portal.api.cookies import LANGUAGE_COOKIE
from services.portal.app import create_app
from services.portal.settings import PortalSettings

SEED = REPO_ROOT / "tests" / "data" / "county" / "xiangshan.json"
SECRETS = {
    **{f"{s}_{k}": f"secret-{s}-{k}-0123456789" for s in SERVICES for k in ("app", "owner", "scope_key", "nats")},
    "personal_data_key": "a-personal-data-key-0123456789",
    "portal_client": "portal-client-secret",
    "portal_session_key": "a-session-key-0123456789abcdef",
}


def _env(service: str) -> dict[str, str]:
    s = StackSettings(seed_file=SEED, port_base=3000)
    env = service_env(s, SECRETS, service)
    return {**env, **portal_env(s, SECRETS)} if service == "portal" else env


def test_the_acceptance_notice_names_the_second_countys_township_office(tmp_path) -> None:
    with mock.patch.dict(os.environ, _env("intake")):
        county = IntakeSettings().county
    assert (county.name, county.code) == ("象山县", "330225")
    pdf = render_notice(
        DecisionNotice(
            decision="accepted",
            office=county.office_of("石浦镇"),
            document_number="石浦信受〔2026〕1号",
            petitioner_name="王某",
            received_on=date(2026, 11, 2),
            content="反映东门村渔港码头修缮款未到位。",
            decided_on=date(2026, 11, 9),
            reason=None,
            forwarded_to=None,
            handling_days=60,
        )
    )
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "象山县石浦镇人民政府" in text and "宁海" not in text


def test_the_portal_header_shows_the_second_countys_name() -> None:
    with mock.patch.dict(os.environ, _env("portal")):
        settings = PortalSettings()
    settings.telemetry.process_wide = False
    with TestClient(create_app(settings)) as client:
        page = client.get("/no-such-page")
        client.cookies.set(LANGUAGE_COOKIE, "en")
        english = client.get("/no-such-page")
    assert "象山县信访业务系统" in page.text and "宁海" not in page.text
    assert "Xiangshan County Petition Work System" in english.text
