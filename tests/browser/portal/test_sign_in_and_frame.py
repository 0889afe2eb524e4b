"""Signing in on Keycloak's Chinese page, the frame the user lands in, signing out, and the session's life."""

from __future__ import annotations

import asyncio
import hashlib
import re

import asyncpg
from playwright.async_api import Page, expect

from deploy.launcher.config import StackSettings
from tests.browser.portal.portal_replica import PortalReplica


async def session_row_count(superuser: asyncpg.Connection, cookie_value: str) -> int:
    digest = hashlib.sha256(cookie_value.encode()).digest()
    return await superuser.fetchval("SELECT count(*) FROM portal.web_session WHERE token_hash = $1", digest)


async def session_cookie(page: Page) -> str:
    cookies = {c["name"]: c for c in await page.context.cookies()}
    return cookies["xf_session"]["value"]


async def test_township_clerk_signs_in_on_the_chinese_login_page_and_sees_township_and_role(
    page: Page, portal_url: str, stack: StackSettings
) -> None:
    await page.goto(f"{portal_url}/")
    assert page.url.startswith(f"{stack.keycloak_url}/realms/xinfang/")
    await expect(page.locator("#kc-login")).to_have_text(re.compile("登录"))
    await expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    await page.fill("#username", "dajiahe.clerk")
    await page.fill("#password", stack.demo_password)
    await page.click("#kc-login")
    await page.wait_for_url(f"{portal_url}/")
    await expect(page.locator("#user-place")).to_have_text("大佳何镇")
    await expect(page.locator("#user-role")).to_have_text("乡镇信访干部")
    await expect(page.locator("#user-name")).to_have_text("胡海燕")
    await expect(page.locator("#welcome")).to_have_text("您好，胡海燕")
    await expect(page.locator(".xf-menu .nav-link.active")).to_have_text("首页")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 1366, "the frame overflows 1366 px"


async def test_county_officer_sees_the_whole_county_in_the_header(page: Page, sign_in) -> None:
    await sign_in(page, "county.officer")
    await expect(page.locator("#user-place")).to_have_text("全县")
    await expect(page.locator("#user-role")).to_have_text("县信访局工作人员")


async def test_sign_out_returns_to_the_login_page_and_the_session_is_gone(
    page: Page, sign_in, portal_url: str, stack: StackSettings, superuser: asyncpg.Connection
) -> None:
    await sign_in(page, "dajiahe.clerk")
    cookie = await session_cookie(page)
    assert await session_row_count(superuser, cookie) == 1
    await page.click("#sign-out")
    await page.wait_for_url(f"{stack.keycloak_url}/**")
    await expect(page.locator("#username")).to_be_visible()
    assert await session_row_count(superuser, cookie) == 0
    # Keycloak's session ended too: the portal asks for the password again rather than signing in silently.
    await page.goto(f"{portal_url}/")
    await expect(page.locator("#username")).to_be_visible()


async def test_portal_restarted_mid_session_keeps_the_user_signed_in(
    page: Page, sign_in, replica: PortalReplica
) -> None:
    await sign_in(page, "dajiahe.clerk")
    # A second replica knows the session the first one opened (cookies are per host, not per port) ...
    await page.goto(f"{replica.url}/")
    await expect(page.locator("#user-place")).to_have_text("大佳何镇")
    # ... and so does the same process after a restart.
    await asyncio.to_thread(replica.restart)
    await page.goto(f"{replica.url}/")
    assert page.url == f"{replica.url}/"
    await expect(page.locator("#user-name")).to_have_text("胡海燕")
    await expect(page.locator("#user-place")).to_have_text("大佳何镇")


async def test_english_switch_shows_english_strings_and_back(page: Page, sign_in) -> None:
    await sign_in(page, "dajiahe.clerk")
    await page.click("#language-switch")
    await expect(page.locator("#sign-out")).to_have_text(re.compile("Sign out"))
    await expect(page.locator("#user-role")).to_have_text("Township petition clerk")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await page.click("#language-switch")
    await expect(page.locator("#sign-out")).to_have_text(re.compile("退出登录"))
    await page.click("#language-switch")  # the English page is the one kept as the screenshot
    await expect(page.locator("#welcome")).to_have_text("Welcome, 胡海燕")


async def test_post_without_csrf_token_is_refused_with_a_chinese_page(
    page: Page, sign_in, portal_url: str, superuser: asyncpg.Connection
) -> None:
    await sign_in(page, "dajiahe.clerk")
    refused = await page.request.post(f"{portal_url}/auth/logout", form={}, max_redirects=0)
    assert refused.status == 403
    assert await session_row_count(superuser, await session_cookie(page)) == 1, "the forged sign-out worked"
    # The same forgery as a real form in the page: the browser shows the 403 page, in Chinese, no trace.
    async with page.expect_navigation():
        await page.evaluate(
            """() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/language';
                       const i = document.createElement('input'); i.name = 'language'; i.value = 'en';
                       f.appendChild(i); document.body.appendChild(f); f.submit(); }"""
        )
    await expect(page.locator("#error-title")).to_have_text(re.compile("无权访问"))
    assert "Traceback" not in await page.content()


async def test_open_redirect_after_sign_in_lands_on_the_home_page(
    page: Page, sign_in, portal_url: str
) -> None:
    await sign_in(page, "dajiahe.clerk", path="/auth/login?next=//evil.example")
    assert page.url == f"{portal_url}/"
    await expect(page.locator("#welcome")).to_be_visible()


async def test_page_carries_a_csp_with_no_external_source_and_a_strict_session_cookie(
    page: Page, sign_in, portal_url: str, stack: StackSettings
) -> None:
    await sign_in(page, "dajiahe.clerk")
    response = await page.goto(f"{portal_url}/")
    headers = await response.all_headers()
    directives = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    sources = {s for value in directives.values() for s in value.split()}
    assert sources <= {"'self'", "'none'", "data:", stack.keycloak_url}, sources
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    cookie = {c["name"]: c for c in await page.context.cookies()}["xf_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"


async def test_unknown_page_shows_the_chinese_not_found_page(page: Page, sign_in, portal_url: str) -> None:
    await sign_in(page, "dajiahe.clerk")
    response = await page.goto(f"{portal_url}/no-such-page")
    assert response.status == 404
    await expect(page.locator("#error-title")).to_have_text(re.compile("页面不存在"))
