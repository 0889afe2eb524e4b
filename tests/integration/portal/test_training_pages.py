"""The training pages over HTTP: 培训记录, 培训覆盖 and 我的学时 for their roles and refused to others, a session
recorded through the form (a refusal at its field), a sign-in sheet with an unknown name refused at that row with
nothing stored, then the fixed sheet stored with its counts, a correction through the small form, the clerk's
hours and certificate; one cadre's page and certificate for those who may, 同步人员名单, and a session's materials
uploaded, downloaded and a disguised one refused at its field."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime, timedelta

import httpx
from openpyxl import Workbook

from deploy.launcher.config import StackSettings
from services.portal.api.cookies import LANGUAGE_COOKIE
from services.portal.domain.dates import CHINA
from tests.integration.portal.conftest import csrf_token_of

HEADER = ("姓名", "单位", "出勤情况", "学时")
PAGES = ("/training", "/training/coverage", "/my-training")


def sheet(*rows: tuple) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(["大佳何镇信访干部培训签到表"])
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def yesterday_morning() -> str:
    return (datetime.now(CHINA) - timedelta(days=1)).strftime("%Y-%m-%dT09:00")


async def record_session(client: httpx.AsyncClient, url: str, topic: str, **extra: str) -> str:
    page = await client.get(f"{url}/training")
    form = {
        "_csrf_token": csrf_token_of(page.text), "session_type": "training_class", "topic": topic,
        "starts_at": yesterday_morning(), "hours": "3", "place": "大佳何镇政府三楼会议室", "trainers": "王老师、李老师",
        **extra,
    }  # fmt: skip
    done = await client.post(f"{url}/training", data=form)
    assert done.status_code == 303, done.text[:2000]
    found = re.fullmatch(r"/training/([0-9a-f-]{36})", done.headers["location"])
    assert found, done.headers["location"]
    return found.group(1)


async def test_each_training_page_is_offered_to_its_roles_and_refused_to_the_others(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    offered = {
        "dajiahe.trainer": ("/training", "/training/coverage"),
        "county.trainer": ("/training", "/training/coverage"),
        "dajiahe.leader": PAGES,
        "county.officer": PAGES,
        "county.leader": ("/training", "/training/coverage"),
        "county.auditor": ("/training", "/training/coverage"),
        "dajiahe.clerk": ("/my-training",),
        "dajiahe.liaison": ("/my-training",),
        "county.admin": (),
    }
    for user, paths in offered.items():
        client = await signed_in_client(user)
        home = (await client.get(f"{url}/")).text
        for path in PAGES:
            answer = await client.get(f"{url}{path}")
            if path in paths:
                assert answer.status_code == 200 and f'href="{path}"' in home, (
                    user,
                    path,
                    answer.status_code,
                )
            else:
                assert answer.status_code == 403 and f'href="{path}"' not in home, (user, path)
    township_trainer = (await (await signed_in_client("dajiahe.trainer")).get(f"{url}/training")).text
    assert 'id="record-form"' in township_trainer and 'id="fixed-township"' in township_trainer
    assert 'id="f-level"' not in township_trainer
    county_trainer = (await (await signed_in_client("county.trainer")).get(f"{url}/training")).text
    assert 'id="f-level"' in county_trainer and 'id="f-township"' in county_trainer
    leader = (await (await signed_in_client("dajiahe.leader")).get(f"{url}/training")).text
    assert 'id="record-form"' not in leader and 'id="read-only"' in leader
    assert (
        await (await signed_in_client("dajiahe.clerk")).get(f"{url}/training?year=1999")
    ).status_code == 403
    assert (
        await (await signed_in_client("dajiahe.leader")).get(f"{url}/training?year=abcd")
    ).status_code == 404


async def test_a_session_is_recorded_through_the_form_and_a_refusal_shows_at_its_field(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    page = await trainer.get(f"{url}/training")
    refused = await trainer.post(
        f"{url}/training",
        data={"_csrf_token": csrf_token_of(page.text), "session_type": "seminar", "topic": "信访法规研讨",
              "starts_at": yesterday_morning(), "hours": "2.25", "place": "镇会议室"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert re.search(r'data-field="hours">学时最多保留一位小数', refused.text), refused.text[:3000]
    assert 'value="信访法规研讨"' in refused.text  # what was typed is kept
    topic = f"信访条例学习 {uuid.uuid4().hex[:6]}"
    # A township trainer's session is their township's, whatever a forged form says.
    session_id = await record_session(trainer, url, topic, level="county", township="changjie")
    detail = (await trainer.get(f"{url}/training/{session_id}")).text
    assert topic in detail and "大佳何镇" in detail and "王老师、李老师" in detail
    assert 'id="sheet-form"' in detail and 'href="/training/sign-in-sheet-template.xlsx"' in detail
    # Other tests record sessions of the same day: look through the pages, newest first, as a trainer would.
    pages = [(await trainer.get(f"{url}/training", params={"page": n})).text for n in range(1, 6)]
    assert any(f'data-id="{session_id}"' in page for page in pages)
    leader = await signed_in_client("dajiahe.leader")
    read_only = (await leader.get(f"{url}/training/{session_id}")).text
    assert (
        topic in read_only and 'id="sheet-form"' not in read_only and 'id="attendance-form"' not in read_only
    )
    other = await signed_in_client("changjie.trainer")
    assert (await other.get(f"{url}/training/{session_id}")).status_code == 404
    county = await signed_in_client("county.trainer")
    form = {"_csrf_token": csrf_token_of((await county.get(f"{url}/training")).text), "session_type": "study_meeting",
            "topic": "全县信访干部学习会", "starts_at": yesterday_morning(), "hours": "2", "place": "县信访局会议室"}  # fmt: skip
    no_township = await county.post(f"{url}/training", data={**form, "level": "township", "township": ""})
    assert no_township.status_code == 422 and 'data-field="township"' in no_township.text
    county_id = await record_session(county, url, f"全县学习会 {uuid.uuid4().hex[:6]}", level="county")
    assert "县信访局" in (await county.get(f"{url}/training/{county_id}")).text
    changjie_id = await record_session(
        county, url, f"长街镇培训 {uuid.uuid4().hex[:6]}", level="township", township="changjie"
    )
    assert "长街镇" in (await county.get(f"{url}/training/{changjie_id}")).text
    assert (await trainer.get(f"{url}/training/{changjie_id}")).status_code == 404
    template = await trainer.get(f"{url}/training/sign-in-sheet-template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert "no-store" in template.headers["cache-control"]
    assert (await leader.get(f"{url}/training/sign-in-sheet-template.xlsx")).status_code == 403


async def test_a_sheet_with_an_unknown_name_stores_nothing_and_the_fixed_sheet_stores_with_its_counts(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    session_id = await record_session(trainer, url, f"签到表导入 {uuid.uuid4().hex[:6]}")
    here = f"{url}/training/{session_id}"
    csrf = csrf_token_of((await trainer.get(here)).text)
    bad = sheet(
        ("胡海燕", "大佳何镇", "出席", None),
        ("叶国平", "大佳何镇", "出席", 2),
        ("王无名", "大佳何镇", "出席", 3),
    )
    refused = await trainer.post(
        f"{here}/sheet",
        data={"_csrf_token": csrf},
        files={"file": ("签到表.xlsx", bad, "application/octet-stream")},
    )
    assert refused.status_code == 422
    rows = re.findall(r'class="xf-sheet-error" data-row="(\d+)" data-column="(\w+)"', refused.text)
    assert rows == [("5", "name")], refused.text[:3000]
    assert re.search(r'data-row="5".*?第5行.*?姓名.*?查无此人', refused.text, re.S)
    assert 'id="no-attendance"' in (await trainer.get(here)).text  # nothing stored
    good = sheet(
        ("胡海燕", "大佳何镇", "出席", None),
        ("叶国平", "大佳何镇", "出席", 2),
        ("张永杰", "大佳何镇", "请假", None),
    )
    stored = await trainer.post(
        f"{here}/sheet",
        data={"_csrf_token": csrf},
        files={"file": ("签到表.xlsx", good, "application/octet-stream")},
    )
    assert stored.status_code == 303
    after = (await trainer.get(url + stored.headers["location"].split("#")[0])).text
    assert 'data-recorded="3" data-corrected="0" data-unchanged="0"' in after
    assert after.count('class="xf-attendance-row"') == 3 and "请假" in after
    again = await trainer.post(
        f"{here}/sheet",
        data={"_csrf_token": csrf},
        files={"file": ("签到表.xlsx", good, "application/octet-stream")},
    )
    assert "recorded=0&corrected=0&unchanged=3" in again.headers["location"]
    cadres = re.findall(r'<option value="([^"]+)">张永杰', after)
    assert cadres, "张永杰 is not offered in the correction form"
    too_long = await trainer.post(
        f"{here}/attendance",
        data={"_csrf_token": csrf, "cadre_id": cadres[0], "status": "present", "hours": "9"},
    )
    assert too_long.status_code == 422 and 'data-field="hours"' in too_long.text
    corrected = await trainer.post(
        f"{here}/attendance",
        data={"_csrf_token": csrf, "cadre_id": cadres[0], "status": "present", "hours": "1.5"},
    )
    assert (
        corrected.status_code == 303 and "recorded=0&corrected=1&unchanged=0" in corrected.headers["location"]
    )
    not_a_file = await trainer.post(f"{here}/sheet", data={"_csrf_token": csrf})
    assert not_a_file.status_code == 422 and 'data-field="file"' in not_a_file.text
    forged = await trainer.post(
        f"{here}/sheet", files={"file": ("签到表.xlsx", good, "application/octet-stream")}
    )
    assert forged.status_code == 403  # no CSRF token


async def test_a_future_session_offers_no_attendance_form(stack: StackSettings, signed_in_client) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    tomorrow = (datetime.now(CHINA) + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    session_id = await record_session(trainer, url, f"下周培训 {uuid.uuid4().hex[:6]}", starts_at=tomorrow)
    page = await trainer.get(f"{url}/training/{session_id}")
    assert 'id="not-held"' in page.text and 'id="sheet-form"' not in page.text
    posted = await trainer.post(
        f"{url}/training/{session_id}/sheet", data={"_csrf_token": csrf_token_of(page.text)},
        files={"file": ("签到表.xlsx", sheet(("胡海燕", "大佳何镇", "出席", None)), "application/octet-stream")},
    )  # fmt: skip
    assert posted.status_code == 409 and 'id="notice"' in posted.text


async def test_the_clerk_reads_her_hours_and_prints_her_certificate(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    topic = f"化解技巧 {uuid.uuid4().hex[:6]}"
    session_id = await record_session(trainer, url, topic)
    csrf = csrf_token_of((await trainer.get(f"{url}/training/{session_id}")).text)
    stored = await trainer.post(
        f"{url}/training/{session_id}/sheet", data={"_csrf_token": csrf},
        files={"file": ("签到表.xlsx", sheet(("胡海燕", "大佳何镇", "出席", 2.5)), "application/octet-stream")},
    )  # fmt: skip
    assert stored.status_code == 303
    clerk = await signed_in_client("dajiahe.clerk")
    mine = await clerk.get(f"{url}/my-training")
    assert mine.status_code == 200 and topic in mine.text and "胡海燕" in mine.text
    found = re.search(
        r'id="my-hours" data-hours="([\d.]+)" data-required="([\d.]+)" data-missing="([\d.]+)"', mine.text
    )
    assert found and float(found.group(1)) >= 2.5
    hours, required, missing = map(float, found.groups())
    assert missing == max(required - hours, 0)
    year = datetime.now(CHINA).year
    assert f'href="/my-training/certificate.pdf?year={year}"' in mine.text
    pdf = await clerk.get(f"{url}/my-training/certificate.pdf", params={"year": year})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        pdf.headers["content-type"].startswith("application/pdf")
        and "no-store" in pdf.headers["cache-control"]
    )
    last_year = await clerk.get(f"{url}/my-training", params={"year": year - 1})
    assert last_year.status_code == 200 and topic not in last_year.text
    assert 'id="not-listed"' in last_year.text or 'id="my-hours"' in last_year.text
    assert (await trainer.get(f"{url}/my-training/certificate.pdf")).status_code == 403


async def test_coverage_shows_rates_as_percent_and_who_is_behind_in_the_user_s_scope(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    county = (await (await signed_in_client("county.leader")).get(f"{url}/training/coverage")).text
    assert (
        'id="coverage-county"' in county
        and 'id="coverage-dajiahe"' in county
        and 'id="coverage-changjie"' in county
    )
    assert re.search(r'class="xf-coverage-rate">(\d+\.\d%|—)<', county)
    only_dajiahe = (
        await (await signed_in_client("county.leader")).get(f"{url}/training/coverage?township=dajiahe")
    ).text
    assert not re.search(r'class="xf-behind-row"[^>]*>\s*<td>[^<]*</td>\s*<td>长街镇', only_dajiahe)
    leader = (await (await signed_in_client("dajiahe.leader")).get(f"{url}/training/coverage")).text
    assert 'id="coverage-dajiahe"' in leader and 'id="coverage-changjie"' not in leader
    assert 'id="f-township"' not in leader and 'id="behind"' in leader


async def clerk_attended(client: httpx.AsyncClient, url: str, topic: str) -> tuple[str, str]:
    """A session of yesterday the clerk 胡海燕 attended: its id and her user id, from the attendance table."""
    session_id = await record_session(client, url, topic)
    here = f"{url}/training/{session_id}"
    stored = await client.post(
        f"{here}/sheet", data={"_csrf_token": csrf_token_of((await client.get(here)).text)},
        files={"file": ("签到表.xlsx", sheet(("胡海燕", "大佳何镇", "出席", 2)), "application/octet-stream")},
    )  # fmt: skip
    assert stored.status_code == 303
    found = re.search(
        r'data-cadre="([0-9a-f-]{36})" data-username="dajiahe.clerk"', (await client.get(here)).text
    )
    assert found, "the clerk is not in the attendance table"
    return session_id, found.group(1)


async def test_one_cadre_s_year_is_read_by_the_county_officer_and_refused_to_a_clerk(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    year = datetime.now(CHINA).year
    trainer = await signed_in_client("dajiahe.trainer")
    topic = f"接访礼仪 {uuid.uuid4().hex[:6]}"
    session_id, clerk_id = await clerk_attended(trainer, url, topic)
    cadre_page = f"/training/cadres/{clerk_id}?year={year}"
    # The attendance table links each name to the cadre's page of the session's year.
    assert f'href="{cadre_page}"' in (await trainer.get(f"{url}/training/{session_id}")).text
    officer = await signed_in_client("county.officer")
    answer = await officer.get(url + cadre_page)
    assert answer.status_code == 200 and "胡海燕" in answer.text and "大佳何镇" in answer.text
    line = re.search(rf'class="xf-cadre-session" data-session="{session_id}" data-type="training_class">.*?</tr>',
                     answer.text, re.S)  # fmt: skip
    assert line and topic in line.group(0) and "培训班" in line.group(0) and "出席" in line.group(0)
    assert re.search(
        r'id="cadre-hours" data-hours="[\d.]+" data-required="[\d.]+" data-missing="[\d.]+"', answer.text
    )
    assert f'href="/training/cadres/{clerk_id}/certificate.pdf?year={year}"' in answer.text
    leader = (await (await signed_in_client("dajiahe.leader")).get(url + cadre_page)).text
    assert (
        "胡海燕" in leader and 'id="certificate"' not in leader
    )  # reads coverage, prints no one's certificate
    assert (await (await signed_in_client("dajiahe.clerk")).get(url + cadre_page)).status_code == 403
    assert (await (await signed_in_client("changjie.leader")).get(url + cadre_page)).status_code == 404
    assert (await officer.get(f"{url}/training/cadres/{uuid.uuid4()}")).status_code == 404
    assert (await officer.get(f"{url}/training/cadres/not-an-id")).status_code == 404
    # English pages name the session type in English, here and on 我的学时.
    officer.cookies.set(LANGUAGE_COOKIE, "en")
    english = (await officer.get(url + cadre_page)).text
    assert re.search(
        rf'data-session="{session_id}" data-type="training_class">.*?Training class', english, re.S
    )
    clerk = await signed_in_client("dajiahe.clerk")
    clerk.cookies.set(LANGUAGE_COOKIE, "en")
    mine = (await clerk.get(f"{url}/my-training")).text
    assert re.search(r'data-type="training_class">Training class<', mine)
    # 培训覆盖 links each name of who is behind to the cadre's page.
    coverage = (await officer.get(f"{url}/training/coverage", params={"year": year})).text
    behind = re.findall(
        r'data-cadre="([0-9a-f-]{36})">\s*<td><a class="xf-cadre-link" href="([^"]+)"', coverage
    )
    assert behind and all(href == f"/training/cadres/{cid}?year={year}" for cid, href in behind)


async def test_the_county_trainer_prints_another_cadre_s_certificate(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    year = datetime.now(CHINA).year
    _, clerk_id = await clerk_attended(
        await signed_in_client("dajiahe.trainer"), url, f"证明 {uuid.uuid4().hex[:6]}"
    )
    county = await signed_in_client("county.trainer")
    assert 'id="certificate"' in (await county.get(f"{url}/training/cadres/{clerk_id}?year={year}")).text
    pdf = await county.get(f"{url}/training/cadres/{clerk_id}/certificate.pdf", params={"year": year})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        pdf.headers["content-type"].startswith("application/pdf")
        and "no-store" in pdf.headers["cache-control"]
    )
    for user in ("dajiahe.leader", "dajiahe.clerk"):
        refused = await (await signed_in_client(user)).get(
            f"{url}/training/cadres/{clerk_id}/certificate.pdf"
        )
        assert refused.status_code == 403, user


async def test_a_trainer_synchronises_the_cadre_list_and_sees_how_many_were_read(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    page = (await trainer.get(f"{url}/training")).text
    assert 'id="refresh-form"' in page
    done = await trainer.post(
        f"{url}/training/cadres/refresh?year=2025", data={"_csrf_token": csrf_token_of(page)}
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/training?year=2025&refreshed=")
    shown = (await trainer.get(url + done.headers["location"])).text
    found = re.search(r'id="refreshed" data-count="(\d+)"', shown)
    assert found and int(found.group(1)) > 0 and "已同步人员名单" in shown
    assert (await trainer.post(f"{url}/training/cadres/refresh")).status_code == 403  # no CSRF token
    leader = await signed_in_client("dajiahe.leader")
    leader_page = (await leader.get(f"{url}/training")).text
    assert 'id="refresh-form"' not in leader_page
    refused = await leader.post(
        f"{url}/training/cadres/refresh", data={"_csrf_token": csrf_token_of(leader_page)}
    )
    assert refused.status_code == 403


async def test_a_material_is_uploaded_before_the_session_and_downloaded_and_a_disguised_file_is_refused(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    trainer = await signed_in_client("dajiahe.trainer")
    next_week = (datetime.now(CHINA) + timedelta(days=7)).strftime("%Y-%m-%dT09:00")
    session_id = await record_session(trainer, url, f"材料先行 {uuid.uuid4().hex[:6]}", starts_at=next_week)
    here = f"{url}/training/{session_id}"
    page = (await trainer.get(here)).text
    assert 'id="not-held"' in page and 'id="material-form"' in page and 'id="no-materials"' in page
    csrf = csrf_token_of(page)
    handout = b"%PDF-1.4\n% training handout " + uuid.uuid4().bytes + b"\n%%EOF\n"
    added = await trainer.post(
        f"{here}/materials",
        data={"_csrf_token": csrf},
        files={"file": ("信访条例讲义.pdf", handout, "application/pdf")},
    )
    assert added.status_code == 303 and added.headers["location"] == f"/training/{session_id}#materials"
    listed = (await trainer.get(here)).text
    found = re.search(
        r'class="xf-material-row" data-id="([0-9a-f-]{36})" data-type="application/pdf"', listed
    )
    assert found and "信访条例讲义.pdf" in listed
    link = f"/training/{session_id}/materials/{found.group(1)}"
    assert f'href="{link}"' in listed
    leader = await signed_in_client("dajiahe.leader")
    read_only = (await leader.get(here)).text
    assert f'href="{link}"' in read_only and 'id="material-form"' not in read_only
    got = await leader.get(url + link)
    assert got.status_code == 200 and got.content == handout
    assert (
        got.headers["content-type"].startswith("application/pdf")
        and "no-store" in got.headers["cache-control"]
    )
    assert "attachment" in got.headers["content-disposition"]
    assert (await (await signed_in_client("changjie.trainer")).get(url + link)).status_code == 404
    disguised = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)
    refused = await trainer.post(
        f"{here}/materials",
        data={"_csrf_token": csrf},
        files={"file": ("讲义.pdf", disguised, "application/pdf")},
    )
    assert refused.status_code == 422
    assert re.search(r'data-field="file">培训材料', refused.text), refused.text[:3000]
    assert refused.text.count('class="xf-material-row"') == 1  # nothing added
    empty = await trainer.post(f"{here}/materials", data={"_csrf_token": csrf})
    assert empty.status_code == 422 and 'data-field="file">请选择要上传的培训材料' in empty.text
    forged = await trainer.post(f"{here}/materials", files={"file": ("讲义.pdf", handout, "application/pdf")})
    assert forged.status_code == 403  # no CSRF token
