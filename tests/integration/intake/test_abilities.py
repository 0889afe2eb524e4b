"""Each role gets what its work needs: trainers and the county admin read no petitions; auditors change nothing."""

from __future__ import annotations

import pytest

from tests.integration.intake.conftest import petition_body

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
READS = ["/petitions", "/diary-entries", "/screening-registers", "/emergency-requests"]


@pytest.fixture
async def petition_with_attachment(as_user) -> tuple[str, str]:
    clerk = await as_user("dajiahe.clerk")
    up = await clerk.post("/attachments", files={"file": ("来信.pdf", PDF, "application/pdf")})
    created = await clerk.post("/petitions", json=petition_body(attachment_ids=[up.json()["id"]]))
    assert created.status_code == 201, created.text
    return created.json()["id"], up.json()["id"]


@pytest.mark.parametrize("username", ["county.trainer", "dajiahe.trainer", "county.admin"])
async def test_trainers_and_the_county_admin_cannot_read_petitions_or_their_attachments(
    as_user, petition_with_attachment, username: str
) -> None:
    pid, aid = petition_with_attachment
    them = await as_user(username)
    for path in [*READS, f"/petitions/{pid}", f"/petitions/{pid}/attachments/{aid}"]:
        r = await them.get(path)
        assert r.status_code == 403, (path, r.status_code)
        assert "张永福" not in r.text
    assert (await them.get("/townships")).status_code == 200


async def test_the_auditor_reads_every_township_and_changes_nothing(as_user, petition_with_attachment) -> None:
    pid, aid = petition_with_attachment
    auditor = await as_user("county.auditor")
    for path in [*READS, f"/petitions/{pid}", f"/petitions/{pid}/attachments/{aid}"]:
        assert (await auditor.get(path)).status_code == 200, path
    detail = (await auditor.get(f"/petitions/{pid}")).json()
    petitioner = detail["petitioners"][0]["id"]
    refused = [
        await auditor.post("/petitions", json=petition_body(township="dajiahe")),
        await auditor.post(f"/petitions/{pid}/acceptance", json={"decision": "accepted"}),
        await auditor.post(f"/petitions/{pid}/petitioners/{petitioner}/reveal", json={"purpose": "核查"}),
        await auditor.post(f"/petitions/{pid}/instructions", json={"text": "请核查"}),
        await auditor.post("/attachments", files={"file": ("a.pdf", PDF, "application/pdf")}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
