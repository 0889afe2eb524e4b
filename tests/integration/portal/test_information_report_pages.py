"""信息报送 over HTTP: xidian's clerk drafts a regular report from the list, edits it, sees a field's error in
Chinese, submits it (a form sent twice submits once) and finds it frozen; another township's clerk gets 页面不存在;
the county leader reads the list without a draft form.

Each run drafts a month of its own far in the past (2005–2019), so the report is new and, submitted today, late.
"""

from __future__ import annotations

import random
import re
import uuid

import httpx

from deploy.launcher.config import StackSettings
from tests.integration.portal.conftest import csrf_token_of

PERIOD = f"{random.randint(2005, 2019)}-{random.randint(1, 12):02d}"
REPORT = re.compile(r"^/information-reports/([0-9a-f-]{36})")


async def _draft(clerk: httpx.AsyncClient, url: str) -> str:
    page = await clerk.get(f"{url}/information-reports")
    assert page.status_code == 200, page.text[:500]
    form = {
        "_csrf_token": csrf_token_of(page.text), "kind": "regular", "period": PERIOD,
        "idempotency_key": str(uuid.uuid4()),
    }  # fmt: skip
    answer = await clerk.post(f"{url}/information-reports", data=form)
    assert answer.status_code == 303, answer.text[:500]
    found = REPORT.match(answer.headers["location"])
    assert found, answer.headers["location"]
    return found.group(1)


async def test_the_clerk_drafts_edits_and_submits_a_report_once(stack: StackSettings, signed_in_client):
    url = stack.portal_url
    clerk = await signed_in_client("xidian.clerk")
    listing = await clerk.get(f"{url}/information-reports")
    assert "信息报送" in listing.text and 'id="ir-draft"' in listing.text
    report_id = await _draft(clerk, url)
    here = f"{url}/information-reports/{report_id}"
    page = await clerk.get(here)
    assert page.status_code == 200
    assert "定期信息" in page.text and 'id="ir-edit"' in page.text and "已逾期" in page.text

    csrf = csrf_token_of(page.text)
    too_long = await clerk.post(here, data={"_csrf_token": csrf, "title": "长" * 101, "body": "正文"})
    assert too_long.status_code == 422
    assert "标题过长" in too_long.text
    saved = await clerk.post(
        here, data={"_csrf_token": csrf, "title": "西店镇月度信访信息", "body": "本月排查正常。"}
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("?done=saved")
    page = await clerk.get(here + "?done=saved")
    assert "已保存" in page.text and "西店镇月度信访信息" in page.text

    key = str(uuid.uuid4())
    for _ in range(2):  # the same form sent twice
        sent = await clerk.post(f"{here}/submit", data={"_csrf_token": csrf, "idempotency_key": key})
        assert sent.status_code == 303, sent.text[:500]
    page = await clerk.get(here + "?done=submitted")
    assert "已报送" in page.text and 'id="ir-frozen"' in page.text and 'id="ir-edit"' not in page.text
    assert "逾期报送" in page.text
    again = await clerk.post(
        f"{here}/submit", data={"_csrf_token": csrf, "idempotency_key": str(uuid.uuid4())}
    )
    assert again.status_code == 409

    listed = await clerk.get(f"{url}/information-reports", params={"period": PERIOD})
    assert report_id in listed.text and "逾期报送" in listed.text

    other = await signed_in_client("dajiahe.clerk")
    assert (await other.get(here)).status_code == 404
    leader = await signed_in_client("county.leader")
    read = await leader.get(here)
    assert read.status_code == 200 and "西店镇月度信访信息" in read.text and 'id="ir-edit"' not in read.text
    board = await leader.get(f"{url}/information-reports")
    assert board.status_code == 200 and 'id="ir-draft"' not in board.text


async def test_drafting_a_month_twice_opens_the_first(stack: StackSettings, signed_in_client):
    url = stack.portal_url
    clerk = await signed_in_client("changjie.clerk")
    first = await _draft(clerk, url)
    page = await clerk.get(f"{url}/information-reports")
    form = {"_csrf_token": csrf_token_of(page.text), "kind": "regular", "period": PERIOD}
    answer = await clerk.post(f"{url}/information-reports", data=form)
    assert (
        answer.status_code == 303 and answer.headers["location"] == f"/information-reports/{first}?exists=1"
    )
    bad = await clerk.post(f"{url}/information-reports", data={**form, "period": "2019-13"})
    assert bad.status_code == 422 and "所报月份" in bad.text
