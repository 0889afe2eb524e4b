"""Pure rules of the portal: where a browser may be sent, dates, the menu by role, messages, cookies, the CSP."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.portal.api.security_headers import content_security_policy
from services.portal.domain.dates import chinese_date, chinese_datetime, english_date
from services.portal.domain.menu import MenuItem, active_item, visible_menu
from services.portal.domain.messages import EN, ROLE_DUTIES, ROLE_NAMES, ZH, Language, Messages
from services.portal.domain.next_path import local_path
from services.portal.settings import PortalSettings
from shared.auth.roles import Role


@pytest.mark.parametrize(
    "candidate",
    [
        None,
        "",
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "evil.example",
        "/\tx",
        "/a\r\nb",
        "///x",
    ],
)
def test_anything_but_a_local_path_sends_the_browser_home(candidate: str | None) -> None:
    assert local_path(candidate) == "/"


@pytest.mark.parametrize("candidate", ["/", "/petitions", "/petitions?page=2&q=%E5%9C%9F%E5%9C%B0", "/a/b#c"])
def test_local_paths_are_kept(candidate: str) -> None:
    assert local_path(candidate) == candidate


def test_dates_are_written_as_chinese_offices_write_them() -> None:
    assert chinese_date(date(2026, 11, 25)) == "2026年11月25日"
    assert chinese_date("2026-01-05") == "2026年1月5日"
    assert chinese_date(None) == ""
    # 20:30 UTC is already the next morning in China.
    assert chinese_date(datetime(2026, 11, 24, 20, 30, tzinfo=UTC)) == "2026年11月25日"
    assert chinese_datetime(datetime(2026, 11, 25, 6, 5, tzinfo=UTC)) == "2026年11月25日 14:05"
    assert english_date(date(2026, 11, 25)) == "25 Nov 2026"


def test_menu_shows_only_items_the_roles_allow() -> None:
    menu = [
        MenuItem("nav.home", "/", "house"),
        MenuItem("nav.register", "/petitions/new", "pencil", frozenset({Role.township_clerk})),
        MenuItem("nav.diary", "/diary", "journal", frozenset({Role.village_liaison, Role.township_clerk})),
    ]
    assert [i.path for i in visible_menu({Role.village_liaison}, menu)] == ["/", "/diary"]
    assert [i.path for i in visible_menu({Role.auditor}, menu)] == ["/"]
    assert [i.path for i in visible_menu({Role.township_clerk}, menu)] == ["/", "/petitions/new", "/diary"]


def test_active_menu_item_is_the_longest_matching_path() -> None:
    menu = [MenuItem("a", "/", "x"), MenuItem("b", "/petitions", "x"), MenuItem("c", "/petitions/new", "x")]
    assert active_item("/petitions/new", menu).key == "c"
    assert active_item("/petitions/123", menu).key == "b"
    assert active_item("/", menu).key == "a"
    assert active_item("/petitionsx", menu) is None


def test_both_languages_have_every_message_and_every_role() -> None:
    assert ZH.keys() == EN.keys()
    assert set(ROLE_NAMES) == set(Role) == set(ROLE_DUTIES)
    assert Messages(Language.zh).role_name(Role.township_clerk) == "乡镇信访干部"
    assert Messages(Language.en)("home.welcome", name="胡海燕") == "Welcome, 胡海燕"
    assert Language.parse("fr") is Language.zh and Language.parse(None) is Language.zh


@pytest.mark.parametrize(
    ("public_url", "secure"),
    [
        ("http://localhost:18100", False),
        ("http://127.0.0.1:8100", False),
        ("https://xinfang.ninghai.gov.cn", True),
        ("http://10.1.2.3:8100", True),  # plain http off this machine must be a conscious choice
    ],
)
def test_cookies_are_secure_unless_served_over_http_on_this_machine(public_url: str, secure: bool) -> None:
    assert PortalSettings(public_url=public_url).cookie_secure is secure
    assert PortalSettings(public_url=public_url, session_cookie_secure=not secure).cookie_secure is not secure


def test_content_security_policy_names_no_source_but_self_and_keycloak() -> None:
    policy = content_security_policy("http://localhost:18080/")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["form-action"] == "'self' http://localhost:18080"
    assert directives["frame-ancestors"] == "'none'"
    assert {s for v in directives.values() for s in v.split()} <= {
        "'self'",
        "'none'",
        "data:",
        "http://localhost:18080",
    }
