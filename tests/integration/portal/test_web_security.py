"""Web security of the portal: CSRF on every form, security headers everywhere, assets served locally, kind errors."""

from __future__ import annotations

from deploy.launcher.config import StackSettings
from tests.integration.portal.conftest import browser_like_client, csrf_token_of, keycloak_login


async def test_post_without_csrf_token_is_refused(stack: StackSettings, signed_in_client) -> None:
    client = await signed_in_client("dajiahe.clerk")
    for path, form in (("/auth/logout", {}), ("/language", {"language": "en", "next": "/"})):
        answer = await client.post(f"{stack.portal_url}{path}", data=form)
        assert answer.status_code == 403, path
        assert "无权访问" in answer.text
    # Nothing happened: still signed in, still in Chinese.
    home = await client.get(f"{stack.portal_url}/")
    assert home.status_code == 200 and "退出登录" in home.text


async def test_post_with_a_token_from_another_browser_is_refused(
    stack: StackSettings, signed_in_client
) -> None:
    victim = await signed_in_client("dajiahe.clerk")
    attacker = await signed_in_client("changjie.clerk")
    token = csrf_token_of((await attacker.get(f"{stack.portal_url}/")).text)
    answer = await victim.post(f"{stack.portal_url}/auth/logout", data={"_csrf_token": token})
    assert answer.status_code == 403


async def test_htmx_posts_carry_the_token_in_a_header(stack: StackSettings, signed_in_client) -> None:
    client = await signed_in_client("dajiahe.clerk")
    token = csrf_token_of((await client.get(f"{stack.portal_url}/")).text)
    answer = await client.post(
        f"{stack.portal_url}/language", data={"language": "en", "next": "/"}, headers={"x-csrftoken": token}
    )
    assert answer.status_code == 303
    assert "Sign out" in (await client.get(f"{stack.portal_url}/")).text


async def test_security_headers_are_on_pages_assets_redirects_and_errors(stack: StackSettings) -> None:
    async with browser_like_client() as client:
        for path in ("/", "/auth/login", "/no-such-page", "/_assets/htmx/htmx.min.js", "/health/live"):
            answer = await client.get(f"{stack.portal_url}{path}")
            csp = answer.headers.get("content-security-policy", "")
            assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
            assert answer.headers["x-content-type-options"] == "nosniff", path
            assert answer.headers["referrer-policy"] == "same-origin", path


async def test_front_end_packages_are_served_by_the_portal(stack: StackSettings) -> None:
    async with browser_like_client() as client:
        for path, kind in (
            ("/_assets/bootstrap/css/bootstrap.min.css", "text/css"),
            ("/_assets/bootstrap-icons/bootstrap-icons.min.css", "text/css"),
            ("/_assets/bootstrap-icons/fonts/bootstrap-icons.woff2", "font/woff2"),
            ("/_assets/htmx/htmx.min.js", "javascript"),
            ("/static/portal.css", "text/css"),
        ):
            answer = await client.get(f"{stack.portal_url}{path}")
            assert answer.status_code == 200, path
            assert kind in answer.headers["content-type"], path


async def test_unknown_page_is_a_chinese_not_found_page_without_a_trace(stack: StackSettings) -> None:
    async with browser_like_client() as client:
        answer = await client.get(f"{stack.portal_url}/no-such-page")
        client.cookies.set("xf_lang", "en", domain="localhost.local")
        english = await client.get(f"{stack.portal_url}/no-such-page")
    assert answer.status_code == 404
    assert "页面不存在" in answer.text and "Traceback" not in answer.text
    assert english.status_code == 404 and "Page not found" in english.text


async def test_session_cookie_is_http_only_same_site_lax_and_not_secure_on_localhost_http(
    stack: StackSettings,
) -> None:
    async with browser_like_client() as client:
        start = await client.get(f"{stack.portal_url}/auth/login")
        callback = await keycloak_login(
            client, start.headers["location"], "dajiahe.clerk", stack.demo_password
        )
        done = await client.get(callback)
    cookie = next(v for v in done.headers.get_list("set-cookie") if v.startswith("xf_session="))
    attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "path=/", "samesite=lax"} <= attributes
    assert "secure" not in attributes  # the public URL is http://localhost (see PortalSettings.cookie_secure)
