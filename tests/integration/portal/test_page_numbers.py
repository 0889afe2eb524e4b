"""Page numbers in the portal's list pages: one no list can have is the portal's own 页面不存在, never a 500."""

from __future__ import annotations

import pytest

from deploy.launcher.config import StackSettings

LIST_PAGES = ("/petitions", "/diary", "/screening", "/emergency")


@pytest.mark.parametrize("page", [str(2**63), str(10**30), "10001", "0", "-1", "abc", "9" * 5000])
async def test_a_page_number_no_list_can_have_answers_the_chinese_not_found_page(
    stack: StackSettings, signed_in_client, page: str
) -> None:
    clerk = await signed_in_client("dajiahe.clerk")
    for path in LIST_PAGES:
        r = await clerk.get(f"{stack.portal_url}{path}", params={"page": page})
        assert r.status_code == 404, (path, r.status_code, r.text[-500:])
        assert r.headers["content-type"].startswith("text/html") and "页面不存在" in r.text, path
        last = await clerk.get(f"{stack.portal_url}{path}", params={"page": "10000"})
        assert last.status_code == 200, (path, last.text[-500:])
