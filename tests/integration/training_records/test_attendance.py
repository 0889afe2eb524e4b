"""Attendance on the real stack: the sign-in sheet stored whole or not at all, imported twice to no effect, two
cadres of one name told apart, corrections as events, and the template."""

from __future__ import annotations

import io
import uuid

import asyncpg
from openpyxl import load_workbook

from shared.auth import Role
from shared.auth.admin import KeycloakDirectory
from tests.integration.training_records.conftest import Client, put_cadre, session_body, sheet, upload

EVENTS = "SELECT type, count(*) FROM training_records.outbox WHERE envelope::jsonb->'data'->>'session_id' = $1 AND type LIKE 'attendance.%' GROUP BY type"


async def _session(client, **extra) -> str:
    made = await client.post(
        "/training-sessions", json=session_body(topic=f"签到表导入 {uuid.uuid4().hex[:6]}", **extra)
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


async def test_a_sheet_with_one_unknown_name_stores_nothing_then_stores_whole_and_twice_changes_nothing(
    training_as: Client, superuser: asyncpg.Connection
) -> None:
    trainer = await training_as("dajiahe.trainer")
    await trainer.post("/cadres/refresh")
    sid = await _session(trainer)
    bad = sheet(
        [["胡海燕", "大佳何镇", "出席", 2.5], ["胡海艳", "大佳何镇", "出席", 2]]
    )  # a typo: no such cadre
    refused = await upload(trainer, sid, bad)
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["reason"]) for e in refused.json()["errors"]] == [
        ("rows.4.name", "unknown_person")
    ]
    assert (await trainer.get(f"/training-sessions/{sid}/attendance")).json() == []
    fixed = sheet([["胡海燕", "大佳何镇", "出席", 2.5], ["叶国平", "大佳何镇", "出席", 2]])
    stored = await upload(trainer, sid, fixed)
    assert stored.status_code == 200, stored.text
    assert (stored.json()["recorded"], stored.json()["corrected"], stored.json()["unchanged"]) == (2, 0, 0)
    assert {(a["full_name"], a["status"], a["hours"]) for a in stored.json()["attendance"]} == {
        ("胡海燕", "present", 2.5), ("叶国平", "present", 2.0),
    }  # fmt: skip
    events = dict(await superuser.fetch(EVENTS, sid))
    again = await upload(trainer, sid, fixed)
    assert (again.json()["recorded"], again.json()["corrected"], again.json()["unchanged"]) == (0, 0, 2)
    assert dict(await superuser.fetch(EVENTS, sid)) == events == {"attendance.recorded.v1": 2}


async def test_a_correction_is_its_own_event_and_bad_entries_are_named(
    training_as: Client, superuser: asyncpg.Connection
) -> None:
    trainer = await training_as("dajiahe.trainer")
    county = await training_as("county.trainer")
    cadres = {c["username"]: c["user_id"] for c in (await county.get("/cadres")).json()}
    sid = await _session(trainer)
    clerk = cadres["dajiahe.clerk"]
    first = await trainer.post(
        f"/training-sessions/{sid}/attendance", json={"entries": [{"cadre_id": clerk, "status": "present"}]}
    )
    assert first.status_code == 200 and first.json()["attendance"][0]["hours"] == 2.5  # the whole session
    left_early = {"entries": [{"cadre_id": clerk, "status": "present", "hours": 1.5}]}
    corrected = await trainer.post(f"/training-sessions/{sid}/attendance", json=left_early)
    assert corrected.json()["corrected"] == 1 and corrected.json()["attendance"][0]["corrected_at"]
    assert dict(await superuser.fetch(EVENTS, sid)) == {
        "attendance.recorded.v1": 1,
        "attendance.corrected.v1": 1,
    }
    bad = {
        "entries": [
            {"cadre_id": clerk, "status": "absent", "hours": 1}, {"cadre_id": cadres["changjie.clerk"], "status": "present"},
            {"cadre_id": clerk, "status": "present", "hours": 3},
        ]
    }  # fmt: skip
    refused = await trainer.post(f"/training-sessions/{sid}/attendance", json=bad)
    assert refused.status_code == 422
    assert {(e["field"], e["reason"]) for e in refused.json()["errors"]} == {
        ("entries.0.hours", "hours_out_of_range"), ("entries.1.cadre_id", "unknown_cadre"),
        ("entries.2.cadre_id", "listed_twice"), ("entries.2.hours", "hours_out_of_range"),
    }  # fmt: skip
    assert (await trainer.get(f"/training-sessions/{sid}/attendance")).json()[0][
        "hours"
    ] == 1.5  # nothing half-written


async def test_two_cadres_of_one_name_need_the_unit_column(
    training_as: Client, directory: KeycloakDirectory
) -> None:
    dajiahe = await put_cadre(directory, "test.zhangwei.dajiahe", "张", "伟", "dajiahe", Role.township_clerk)
    await put_cadre(directory, "test.zhangwei.changjie", "张", "伟", "changjie", Role.township_leader)
    county = await training_as("county.trainer")
    assert (await county.post("/cadres/refresh")).status_code == 200
    sid = await _session(county, level="county", township=None)
    without_unit = sheet([["张伟", "出席", 2]], header=("序号", "姓名", "出勤情况", "学时"))
    refused = await upload(county, sid, without_unit)
    assert [(e["field"], e["reason"]) for e in refused.json()["errors"]] == [
        ("rows.3.name", "ambiguous_person")
    ]
    stored = await upload(county, sid, sheet([["张伟", "大佳何镇", "出席", 2]]))
    assert stored.status_code == 200, stored.text
    assert [(a["cadre_id"], a["township"]) for a in stored.json()["attendance"]] == [(dajiahe, "dajiahe")]


async def test_the_template_is_a_workbook_with_the_columns_the_import_reads(training_as: Client) -> None:
    r = await (await training_as("xidian.trainer")).get("/sign-in-sheet-template.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    cells = [
        c.value
        for row in load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(max_row=5)
        for c in row
    ]
    assert {"姓名", "单位", "出勤情况", "学时"} <= set(cells)


async def test_a_file_that_is_no_workbook_is_refused_by_its_field(training_as: Client) -> None:
    trainer = await training_as("dajiahe.trainer")
    sid = await _session(trainer)
    r = await upload(trainer, sid, b"%PDF-1.4 not a sheet")
    assert r.status_code == 422 and r.json()["errors"][0] == {
        **r.json()["errors"][0],
        "field": "sheet",
        "reason": "not_a_workbook",
    }
