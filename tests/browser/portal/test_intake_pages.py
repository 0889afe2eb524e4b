"""The intake pages in a real browser: register with repeat hints, the list, the detail, township walls, every menu
page for every demo role, errors next to their field, and the audited reveal."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from keycloak import KeycloakOpenID
from playwright.async_api import Page, expect

from deploy.launcher.config import StackSettings
from tests.browser.portal.conftest import SCREENSHOTS
from tests.browser.portal.intake_samples import distinct_matter, fresh_id_number

DEMO_ROLES = [
    "county.officer",
    "county.leader",
    "county.admin",
    "county.auditor",
    "county.trainer",
    "dajiahe.clerk",
    "dajiahe.leader",
    "dajiahe.trainer",
    "dajiahe.liaison",
]


def petition_body(content: str, id_number: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "channel": "letter",
        "category": "labour",
        "kind": "claim",
        "received_on": "2026-11-20",
        "content": content,
        "petitioners": [
            {"name": "张永福", "id_number": id_number, "phone": "13812345678", "is_representative": True}
        ],
    }
    return {**body, **overrides}


@pytest.fixture
async def intake_as(
    stack: StackSettings, keycloak_cli: KeycloakOpenID
) -> AsyncIterator[Callable[[str], Awaitable[httpx.AsyncClient]]]:
    """intake's API with a demo user's own token: for setting up what the browser then looks at."""
    opened: list[httpx.AsyncClient] = []

    async def client(username: str) -> httpx.AsyncClient:
        token = (await keycloak_cli.a_token(username, stack.demo_password))["access_token"]
        c = httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{stack.intake_port}",
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
        )
        opened.append(c)
        return c

    yield client
    for c in opened:
        await c.aclose()


async def register(intake: httpx.AsyncClient, body: dict[str, Any]) -> str:
    answer = await intake.post("/petitions", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def fill_register_form(page: Page, portal_url: str, content: str, id_number: str) -> None:
    await page.goto(f"{portal_url}/petitions/new")
    await page.select_option("[name=channel]", "letter")
    await page.select_option("[name=category]", "labour")
    await page.select_option("[name=kind]", "claim")
    await page.select_option("[name=village]", "zhangjiaxi")
    await page.fill("[name='petitioners.0.name']", "张永福")
    await page.fill("[name='petitioners.0.id_number']", id_number)
    await page.fill("[name='petitioners.0.phone']", "13812345678")
    await page.fill("[name=content]", content)


async def submit_registration(page: Page, portal_url: str) -> str:
    await page.click("#register-submit")
    await page.wait_for_url(re.compile(rf"{re.escape(portal_url)}/petitions/[0-9a-f-]{{36}}$"))
    return page.url.rsplit("/", 1)[1]


async def test_clerk_registers_a_petition_sees_the_earlier_one_as_repeat_candidate_then_list_and_detail(
    page: Page, sign_in, portal_url: str
) -> None:
    await sign_in(page, "dajiahe.clerk", "/petitions/new")
    content, person = distinct_matter(), fresh_id_number()
    await fill_register_form(page, portal_url, content, person)
    earlier = await submit_registration(page, portal_url)

    # The same matter again: while the clerk types, the earlier petition is offered as a repeat.
    await fill_register_form(page, portal_url, "", person)
    await page.locator("[name=content]").press_sequentially(content[:40], delay=5)
    await page.locator("[name=content]").fill(content)
    await page.locator("[name=content]").press("End")
    candidate = page.locator(f"#candidates .xf-candidate[data-id='{earlier}']")
    await expect(candidate).to_be_visible(timeout=15000)
    await expect(candidate.locator(".xf-score")).to_have_text(re.compile(r"\d+%"))
    await expect(candidate.locator(".xf-reasons")).to_contain_text("同一信访人")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "register_page_with_repeat_candidates.png"), full_page=True)
    later = await submit_registration(page, portal_url)
    assert later != earlier

    await expect(page.locator("#petition-content")).to_have_text(content)
    await expect(page.locator("#repeat-links .xf-candidate[data-id='" + earlier + "']")).to_be_visible()
    await expect(page.locator("#timeline [data-action='petition.registered']")).to_be_visible()
    await expect(page.locator("#received-on")).to_have_text(re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$"))

    await page.goto(f"{portal_url}/petitions?q={content[-20:]}")
    rows = page.locator(".xf-petition-row")
    await expect(rows).to_have_count(2)
    await expect(page.locator(f".xf-petition-row[data-id='{later}']")).to_contain_text("待受理")
    await expect(page.locator(f".xf-petition-row[data-id='{later}']")).to_contain_text("来信")


async def test_clerk_of_another_township_opening_the_petition_sees_not_found_and_none_of_it(
    page: Page, sign_in, portal_url: str, intake_as
) -> None:
    content = distinct_matter()
    petition = await register(await intake_as("dajiahe.clerk"), petition_body(content, fresh_id_number()))
    await sign_in(page, "changjie.clerk")
    answer = await page.goto(f"{portal_url}/petitions/{petition}")
    assert answer.status == 404
    await expect(page.locator("#error-title")).to_have_text(re.compile("未找到"))
    html = await page.content()
    assert content not in html and "张永福" not in html and "张**" not in html


async def test_county_officer_sees_petitions_of_both_townships(
    page: Page, sign_in, portal_url: str, intake_as
) -> None:
    marker = f"县级核查{random.randint(100000, 999999)}号"
    ours = await register(
        await intake_as("dajiahe.clerk"), petition_body(f"{distinct_matter()}{marker}", fresh_id_number())
    )
    theirs = await register(
        await intake_as("changjie.clerk"), petition_body(f"{distinct_matter()}{marker}", fresh_id_number())
    )
    await sign_in(page, "county.officer", f"/petitions?q={marker}")
    await expect(page.locator(".xf-petition-row")).to_have_count(2)
    await expect(page.locator(f".xf-petition-row[data-id='{ours}']")).to_contain_text("大佳何镇")
    await expect(page.locator(f".xf-petition-row[data-id='{theirs}']")).to_contain_text("长街镇")


NO_PETITION_WORK = {"county.admin", "county.trainer", "dajiahe.trainer"}


@pytest.mark.parametrize("username", DEMO_ROLES)
async def test_every_menu_page_loads_for_the_role_without_a_server_error(
    page: Page, sign_in, portal_url: str, username: str
) -> None:
    await sign_in(page, username)
    paths = await page.locator(".xf-menu .nav-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    if username in NO_PETITION_WORK:
        # docs/abilities.md: trainers keep training records, the county admin the directory, the routing rules and
        # the calendar; none of them works petitions or cases.
        assert not {"/petitions", "/cases", "/work-list"} & set(paths), paths
        refused = await page.goto(f"{portal_url}/petitions")
        assert refused.status == 403 and await page.locator("#error-title").count() == 1
    else:
        assert "/petitions" in paths, "every petition role may read petitions, so the menu must offer the list"
    for path in paths:
        answer = await page.goto(f"{portal_url}{path}")
        assert answer.status < 400, f"{username} {path}: {answer.status}"
        assert await page.locator("#error-title").count() == 0, f"{username} {path} showed an error page"
        await expect(page.locator(".xf-menu .nav-link.active")).to_have_attribute("href", path)


async def test_a_wrong_id_number_check_digit_is_shown_next_to_the_id_number_field(
    page: Page, sign_in, portal_url: str
) -> None:
    await sign_in(page, "dajiahe.clerk", "/petitions/new")
    await fill_register_form(page, portal_url, distinct_matter(), "110105194912310021")
    await page.click("#register-submit")
    field = page.locator("[name='petitioners.0.id_number']")
    await expect(field).to_have_class(re.compile("is-invalid"))
    message = field.locator("xpath=..").locator(".xf-error[data-field='petitioners.0.id_number']")
    await expect(message).to_have_text("身份证号码校验位不正确")
    await expect(page.locator("#form-alert")).to_be_visible()
    # What the clerk typed is still there to correct.
    await expect(page.locator("[name='petitioners.0.name']")).to_have_value("张永福")


async def test_reveal_shows_the_full_data_once_and_the_timeline_then_has_the_reveal(
    page: Page, sign_in, portal_url: str, intake_as
) -> None:
    person = fresh_id_number()
    petition = await register(await intake_as("dajiahe.clerk"), petition_body(distinct_matter(), person))
    await sign_in(page, "dajiahe.clerk", f"/petitions/{petition}")
    await expect(page.locator(".xf-person-id")).not_to_have_text(person)
    await expect(page.locator("#timeline [data-action='petitioner.revealed']")).to_have_count(0)
    await page.click(".xf-reveal summary")
    await page.fill(".xf-reveal [name=purpose]", "电话回访信访人")
    await page.click(".xf-reveal button[type=submit]")
    await expect(page.locator(".xf-person-id")).to_have_text(person)
    await expect(page.locator(".xf-person-name")).to_have_text("张永福")
    await expect(page.locator("#timeline [data-action='petitioner.revealed']")).to_contain_text(
        "查看信访人完整信息"
    )
    await expect(page.locator("#timeline")).to_contain_text("电话回访信访人")
    # Once: the page opened again shows the masked data.
    await page.reload()
    await expect(page.locator(".xf-person-id")).not_to_have_text(person)
