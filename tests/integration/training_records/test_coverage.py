"""Coverage and who is behind for a year, against figures worked out by hand; the certificate read back.

The coverage test counts a township of its own (测试镇, slug ceshi) whose cadres it makes in Keycloak, so no other
test's users or sessions reach its figures; the county's yearly requirement is the default (docs/training.md):
clerk 24 h, leader 12 h, liaison 8 h.
"""

from __future__ import annotations

import io

import asyncpg
import pytest
from pypdf import PdfReader

from shared.auth import Role
from shared.auth.admin import KeycloakDirectory
from shared.clock import Clock
from shared.tenancy import tenant_id_for
from tests.integration.training_records.conftest import Client, put_cadre, session_body

CESHI = tenant_id_for("ceshi")
PEOPLE = {  # username: (family, given, role)
    "test.ceshi.clerk": ("钱", "多多", Role.township_clerk),
    "test.ceshi.leader": ("孙", "有为", Role.township_leader),
    "test.ceshi.liaison": ("李", "小梅", Role.village_liaison),
    "test.ceshi.gone": ("周", "离岗", Role.township_clerk),
}


@pytest.fixture
async def ceshi(superuser: asyncpg.Connection, directory: KeycloakDirectory):
    """The township and its four cadres as they were before any run: no session, everyone serving."""
    await superuser.execute(
        "INSERT INTO training_records.township VALUES ($1, 'ceshi', '测试镇') ON CONFLICT DO NOTHING", CESHI
    )
    for table in ("attendance", "session_material", "training_session"):
        await superuser.execute(f"DELETE FROM training_records.{table} WHERE tenant_id = $1", CESHI)
    ids = {u: await put_cadre(directory, u, f, g, "ceshi", r) for u, (f, g, r) in PEOPLE.items()}
    yield ids
    for username in PEOPLE:
        await put_cadre(
            directory, username, *PEOPLE[username][:2], "ceshi", PEOPLE[username][2], enabled=False
        )


async def _attend(county, session: dict, entries: list[tuple[str, str, float | None]]) -> None:
    made = await county.post("/training-sessions", json=session)
    assert made.status_code == 201, made.text
    body = {
        "entries": [
            {"cadre_id": c, "status": s, **({"hours": h} if h is not None else {})} for c, s, h in entries
        ]
    }
    assert (
        await county.post(f"/training-sessions/{made.json()['id']}/attendance", json=body)
    ).status_code == 200


async def test_coverage_of_a_seeded_year_is_the_hand_computed_one(
    training_as: Client, directory: KeycloakDirectory, ceshi: dict[str, str]
) -> None:
    county = await training_as("county.trainer")
    assert (await county.post("/cadres/refresh")).status_code == 200
    year = Clock().today().year
    clerk, leader, liaison, gone = (ceshi[u] for u in PEOPLE)
    meeting = session_body(township="ceshi", hours=3, starts_at=f"{year}-01-02T09:00:00+08:00")
    await _attend(
        county,
        meeting,
        [
            (clerk, "present", None),
            (leader, "present", 1.5),
            (liaison, "absent", None),
            (gone, "present", None),
        ],
    )
    course = session_body(
        township="ceshi", hours=8, session_type="training_class", starts_at=f"{year}-01-02T14:00:00+08:00"
    )
    await _attend(
        county, course, [(clerk, "present", None), (liaison, "present", None), (leader, "excused", 0)]
    )
    await put_cadre(directory, "test.ceshi.gone", "周", "离岗", "ceshi", Role.township_clerk, enabled=False)
    assert (await county.post("/cadres/refresh")).status_code == 200
    # By hand: 钱多多 3 + 8 = 11 of 24 (13 missing); 孙有为 1.5 of 12 (10.5 missing); 李小梅 8 of 8 (up to standard);
    # 周离岗 3 h but left during the year: in the record, owing nothing, outside the township's count.
    row = next(
        t
        for t in (await county.get("/training-coverage", params={"year": year})).json()["townships"]
        if t["township"] == "ceshi"
    )
    assert row == {
        "township": "ceshi", "township_name": "测试镇", "cadres": 3, "covered": 3, "up_to_standard": 1, "hours": 20.5,
        "coverage_rate": 1.0, "standard_rate": 0.3333,
    }  # fmt: skip
    behind = (await county.get("/training-behind", params={"year": year, "township": "ceshi"})).json()
    assert [(b["full_name"], b["required"], b["hours"], b["missing"]) for b in behind] == [
        ("钱多多", 24.0, 11.0, 13.0), ("孙有为", 12.0, 1.5, 10.5),
    ]  # fmt: skip
    left = (await county.get(f"/cadres/{gone}/training", params={"year": year})).json()["cadre"]
    assert (left["hours"], left["missing"], left["still_serving"]) == (3.0, 0.0, False)
    assert (await county.get("/training-coverage", params={"year": year - 1})).json()["townships"][0][
        "hours"
    ] == 0


async def test_my_hours_and_my_certificate_hold_my_name_the_year_and_the_hours(training_as: Client) -> None:
    trainer, clerk = await training_as("dajiahe.trainer"), await training_as("dajiahe.clerk")
    await trainer.post("/cadres/refresh")
    me = {c["username"]: c["user_id"] for c in (await trainer.get("/cadres")).json()}["dajiahe.clerk"]
    await _attend(
        trainer,
        session_body(hours=1.5, topic="群众工作方法经验交流", session_type="experience_exchange"),
        [(me, "present", None)],
    )
    year = Clock().today().year
    mine = (await clerk.get("/my-training", params={"year": year})).json()
    assert mine["cadre"]["full_name"] == "胡海燕" and "群众工作方法经验交流" in {
        s["topic"] for s in mine["sessions"]
    }
    pdf = await clerk.get("/my-training/certificate.pdf", params={"year": year})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert (
        "胡海燕" in text
        and f"{year}年度" in text
        and f"累计获得培训学时{mine['cadre']['hours']:g}学时" in text
    )
    other = await training_as("changjie.trainer")
    assert (await other.get(f"/cadres/{me}/certificate.pdf", params={"year": year})).status_code == 404
    assert (await (await training_as("county.auditor")).get("/my-training")).status_code == 403
