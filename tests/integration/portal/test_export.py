"""导出: the search result as an Excel workbook, in the user's scope, with Chinese headers and labels."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from deploy.launcher.config import StackSettings
from tests.browser.portal.intake_samples import distinct_matter
from tests.integration.portal.conftest import csrf_token_of
from tests.integration.portal.test_intake_page_actions import register_form


async def _register(stack: StackSettings, client, content: str) -> None:
    form_page = await client.get(f"{stack.portal_url}/petitions/new")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form_page.text).group(1)
    r = await client.post(
        f"{stack.portal_url}/petitions/new", data=register_form(content, key, csrf_token_of(form_page.text))
    )
    assert r.status_code == 303, r.text[:300]


async def test_the_search_result_exports_to_excel_within_the_users_township(
    stack: StackSettings, signed_in_client
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    content = distinct_matter()
    await _register(stack, clerk, content)
    marker = content[-20:]
    r = await clerk.get(f"{stack.portal_url}/petitions/export.xlsx", params={"q": marker})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("收件日期", "乡镇（街道）", "村（社区）")
    assert len(rows) == 2
    assert rows[1][1] == "大佳何镇" and rows[1][3] == "来访" and rows[1][5] == "申诉求决类"
    assert content.startswith(rows[1][6].rstrip("…"))

    other = await signed_in_client("changjie.clerk")
    theirs = await other.get(f"{stack.portal_url}/petitions/export.xlsx", params={"q": marker})
    assert len(list(load_workbook(io.BytesIO(theirs.content)).active.iter_rows())) == 1, "headers only"
