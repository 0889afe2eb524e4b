"""The county's oversight pages over HTTP: 督办单, 疑难积案台账 and 抽查 for their roles and refused to others, an
order issued and replied to through the case page's forms, an on-site photo uploaded and shown through the portal
(and a non-image refused at its field), a spot check drawn and drawn again the same, and a hand-flagged hard case on
the board."""

from __future__ import annotations

import random
import re
import uuid
from datetime import date, timedelta

import asyncpg
import httpx

from deploy.launcher.config import StackSettings
from shared.clock import Clock
from shared.settings import NatsSettings
from tests.integration.portal.conftest import csrf_token_of
from tests.integration.supervision.conftest import (  # noqa: F401 - fixtures
    Client,
    accepted_event,
    case_of,
    publish,
    supervision_as,
    tokens,
)

TODAY = Clock().today()  # the county's date, as the services count: not the machine's (UTC) after 16:00
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


async def open_case(nats_operator: NatsSettings, supervision: Client, township: str = "dajiahe") -> dict:
    event = accepted_event(township, village=None if township != "dajiahe" else "zhangjiaxi")
    await publish(nats_operator, event)
    return await case_of(await supervision(f"{township}.clerk"), event.data["petition_id"])


async def test_each_oversight_page_is_offered_to_its_roles_and_refused_to_the_others(
    stack: StackSettings, signed_in_client
) -> None:
    url = stack.portal_url
    offered = {
        "dajiahe.clerk": ("/supervision-orders", "/hard-cases"),
        "county.officer": ("/supervision-orders", "/hard-cases", "/spot-checks"),
        "county.leader": ("/supervision-orders", "/hard-cases", "/spot-checks"),
        "county.auditor": ("/hard-cases", "/spot-checks"),
        "dajiahe.liaison": (),
        "county.admin": (),
    }
    for user, paths in offered.items():
        client = await signed_in_client(user)
        home = (await client.get(f"{url}/")).text
        for path in ("/supervision-orders", "/hard-cases", "/spot-checks"):
            answer = await client.get(f"{url}{path}")
            if path in paths:
                assert answer.status_code == 200 and f'href="{path}"' in home, (user, path)
            else:
                assert answer.status_code == 403 and f'href="{path}"' not in home, (user, path)
    officer = await signed_in_client("county.officer")
    assert 'id="draw-form"' in (await officer.get(f"{url}/spot-checks")).text
    assert 'id="flag-by-rules"' in (await officer.get(f"{url}/hard-cases")).text
    leader = await signed_in_client("county.leader")
    assert 'id="draw-form"' not in (await leader.get(f"{url}/spot-checks")).text  # read-only
    assert 'id="flag-by-rules"' not in (await leader.get(f"{url}/hard-cases")).text


async def test_the_county_officer_issues_an_order_and_the_township_clerk_replies_through_the_forms(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await open_case(nats_operator, supervision_as)
    detail_url = f"{stack.portal_url}/cases/{case['id']}"
    clerk, officer = await signed_in_client("dajiahe.clerk"), await signed_in_client("county.officer")
    assert 'id="order-issue"' not in (await clerk.get(detail_url)).text
    page = await officer.get(detail_url)
    assert 'id="order-issue"' in page.text and 'id="no-orders"' in page.text
    csrf = csrf_token_of(page.text)
    blank = await officer.post(f"{detail_url}/issue_order", data={"_csrf_token": csrf, "demand": ""})
    assert blank.status_code == 422
    assert re.search(r'id="order-issue".*data-field="demand"', blank.text, re.S)
    today = await officer.post(
        f"{detail_url}/issue_order",
        data={"_csrf_token": csrf, "demand": "请核实", "reply_due_on": str(TODAY)},
    )
    assert today.status_code == 422 and "应晚于今天" in today.text
    issued = await officer.post(
        f"{detail_url}/issue_order", data={"_csrf_token": csrf, "demand": "请核实补偿标准并书面回复"}
    )
    assert issued.status_code == 303
    page = await clerk.get(detail_url)
    order_id = re.search(
        r'class="list-group-item xf-order" data-id="([0-9a-f-]{36})" data-open="true"', page.text
    )
    assert order_id and "大佳何信督〔" in page.text
    reply_form = f'id="reply-{order_id.group(1)}"'
    assert reply_form in page.text and reply_form not in (await officer.get(detail_url)).text
    listed = await officer.get(f"{stack.portal_url}/supervision-orders", params={"township": "dajiahe"})
    assert f'data-id="{order_id.group(1)}"' in listed.text  # awaiting its reply
    replied = await clerk.post(
        f"{detail_url}/orders/{order_id.group(1)}/reply",
        data={"_csrf_token": csrf_token_of(page.text), "text": "已核实，补偿已发放到户。"},
    )
    assert replied.status_code == 303
    after = (await officer.get(detail_url)).text
    assert "已核实，补偿已发放到户。" in after and f'data-id="{order_id.group(1)}" data-open="false"' in after
    assert reply_form not in (await clerk.get(detail_url)).text
    still_open = await officer.get(f"{stack.portal_url}/supervision-orders")
    assert f'data-id="{order_id.group(1)}"' not in still_open.text
    every = await clerk.get(f"{stack.portal_url}/supervision-orders", params={"state": "all"})
    assert f'data-id="{order_id.group(1)}"' in every.text


async def test_an_onsite_photo_is_uploaded_and_shown_and_a_non_image_is_refused_at_its_field(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await open_case(nats_operator, supervision_as)
    detail_url = f"{stack.portal_url}/cases/{case['id']}"
    officer = await signed_in_client("county.officer")
    page = await officer.get(detail_url)
    csrf = csrf_token_of(page.text)
    recorded = await officer.post(
        f"{detail_url}/record_onsite",
        data={"_csrf_token": csrf, "visited_on": str(TODAY), "place": "张家溪村村委会",
              "participants": "县信访局张某、镇信访办李某", "findings": "补偿款已发放到户"},
    )  # fmt: skip
    assert recorded.status_code == 303
    page = await officer.get(detail_url)
    record_id = re.search(r'id="onsite-([0-9a-f-]{36})"', page.text).group(1)
    photos = f"{detail_url}/onsite/{record_id}/photos"
    up = await officer.post(
        photos, data={"_csrf_token": csrf}, files={"file": ("现场.jpg", JPEG, "image/jpeg")}
    )
    assert up.status_code == 303
    refused = await officer.post(
        photos, data={"_csrf_token": csrf}, files={"file": ("现场2.jpg", EXE, "image/jpeg")}
    )
    assert refused.status_code == 422
    assert re.search(rf'id="photo-{record_id}".*data-field="file">[^<]*仅限JPEG、PNG照片', refused.text, re.S)
    clerk = await signed_in_client("dajiahe.clerk")
    shown = (await clerk.get(detail_url)).text
    assert (
        'id="onsite-form"' not in shown and f'id="photo-{record_id}"' not in shown
    )  # the county's to record
    src = re.search(rf'<img src="(/cases/{case["id"]}/onsite/{record_id}/photos/[0-9a-f-]{{36}})"', shown)
    assert src, "the thumbnail is served through the portal"
    got = await clerk.get(f"{stack.portal_url}{src.group(1)}")
    assert got.status_code == 200 and got.content == JPEG
    assert got.headers["content-type"].startswith("image/jpeg") and "no-store" in got.headers["cache-control"]
    other = await signed_in_client("changjie.clerk")
    assert (await other.get(f"{stack.portal_url}{src.group(1)}")).status_code == 404


async def _closed_case(clerk: httpx.AsyncClient, nats_operator: NatsSettings) -> str:
    event = accepted_event("xidian", village=None)
    await publish(nats_operator, event)
    case = await case_of(clerk, event.data["petition_id"])
    await clerk.post(f"/cases/{case['id']}/opinion", json={"text": "已按政策答复。"})
    closed = await clerk.post(f"/cases/{case['id']}/satisfaction", json={"verdict": "satisfied"})
    assert closed.json()["stage"] == "closed", closed.text
    return case["id"]


async def test_a_spot_check_is_drawn_through_the_form_drawn_again_the_same_and_a_visit_contradicts(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
    superuser: asyncpg.Connection,
) -> None:
    clerk = await supervision_as("xidian.clerk")
    ids = [await _closed_case(clerk, nats_operator) for _ in range(4)]
    # A month of its own, long past: the service closes cases today, the sample is of a month that has ended.
    month = date(random.randint(2005, 2024), random.randint(1, 12), 1)
    await superuser.execute(
        "UPDATE supervision.case_file SET closed_on = $2 WHERE id = ANY($1)",
        [uuid.UUID(i) for i in ids], month + timedelta(days=9),
    )  # fmt: skip
    url = f"{stack.portal_url}/spot-checks"
    officer = await signed_in_client("county.officer")
    csrf = csrf_token_of((await officer.get(url)).text)
    body = {"_csrf_token": csrf, "township": "xidian", "month": month.strftime("%Y-%m"), "share": "0.5"}
    bad = await officer.post(url, data={**body, "share": "2"})
    assert bad.status_code == 422 and 'data-field="share"' in bad.text
    drawn = await officer.post(url, data=body)
    assert drawn.status_code == 303, drawn.text[:2000]
    check_url = f"{stack.portal_url}{drawn.headers['location']}"
    page = (await officer.get(check_url)).text
    sampled = re.findall(r'id="item-([0-9a-f-]{36})"', page)
    assert len(sampled) == 2 and set(sampled) <= set(ids)
    again = await officer.post(f"{check_url}/redraw", data={"_csrf_token": csrf})
    assert again.status_code == 200 and 'id="redraw-same"' in again.text
    twice = await officer.post(url, data=body)
    assert twice.status_code == 409 and 'id="notice"' in twice.text
    visited = await officer.post(
        f"{check_url}/cases/{sampled[0]}/visit",
        data={"_csrf_token": csrf, "verdict": "dissatisfied", "note": "回访称问题未解决"},
    )
    assert visited.status_code == 303
    page = (await officer.get(check_url)).text
    assert re.search(rf'id="item-{sampled[0]}".*?xf-contradicts', page, re.S)
    assert f'id="visit-{sampled[0]}"' not in page and f'id="visit-{sampled[1]}"' in page
    auditor = await signed_in_client("county.auditor")
    read_only = await auditor.get(check_url)
    assert (
        read_only.status_code == 200
        and 'id="visit-' not in read_only.text
        and 'id="redraw-form"' in read_only.text
    )
    assert (await auditor.get(url, params={"township": "xidian"})).status_code == 200


async def test_a_case_flagged_by_hand_is_on_the_board_with_its_note_missing(
    stack: StackSettings,
    signed_in_client,
    nats_operator: NatsSettings,
    supervision_as: Client,  # noqa: F811
) -> None:
    case = await open_case(nats_operator, supervision_as)
    detail_url = f"{stack.portal_url}/cases/{case['id']}"
    clerk, leader = await signed_in_client("dajiahe.clerk"), await signed_in_client("dajiahe.leader")
    assert 'id="hard-flag-form"' not in (await clerk.get(detail_url)).text  # the leader's and the county's
    page = await leader.get(detail_url)
    assert 'id="not-hard"' in page.text and 'id="hard-flag-form"' in page.text
    csrf = csrf_token_of(page.text)
    blank = await leader.post(f"{detail_url}/flag_hard_case", data={"_csrf_token": csrf, "reason": ""})
    assert blank.status_code == 422 and re.search(
        r'id="hard-flag-form".*data-field="reason"', blank.text, re.S
    )
    flagged = await leader.post(
        f"{detail_url}/flag_hard_case", data={"_csrf_token": csrf, "reason": "涉及多部门，久拖未决"}
    )
    assert flagged.status_code == 303
    board = (await leader.get(f"{stack.portal_url}/hard-cases")).text
    assert re.search(rf'data-case="{case["id"]}".*?xf-note-missing', board, re.S)
    assert "涉及多部门，久拖未决" in board
    county = await signed_in_client("county.officer")
    county_board = await county.get(f"{stack.portal_url}/hard-cases", params={"township": "dajiahe"})
    assert f'data-case="{case["id"]}"' in county_board.text
    elsewhere = await county.get(f"{stack.portal_url}/hard-cases", params={"township": "changjie"})
    assert f'data-case="{case["id"]}"' not in elsewhere.text
    page = await leader.get(detail_url)
    assert 'id="note-missing"' in page.text and 'id="hard-lead-form"' in page.text
    lead = await leader.post(
        f"{detail_url}/hard_case_lead", data={"_csrf_token": csrf, "name": "王建国", "role": "镇党委副书记"}
    )
    assert lead.status_code == 303
    units = await county.post(
        f"{detail_url}/hard_case_units",
        data={"_csrf_token": csrf_token_of(county_board.text), "units": ["land", "office"]},
    )
    assert units.status_code == 303
    clerk_csrf = csrf_token_of((await clerk.get(detail_url)).text)
    noted = await clerk.post(
        f"{detail_url}/hard_case_note", data={"_csrf_token": clerk_csrf, "text": "本月召开协调会一次"}
    )
    assert noted.status_code == 303
    after = (await clerk.get(detail_url)).text
    assert (
        'id="note-written"' in after and "王建国（镇党委副书记）" in after and "本月召开协调会一次" in after
    )
    assert 'id="hard-note-form"' not in after
