"""The portal's dates: the one date_field macro (ISO in the field whatever came in, a typed mistake given back as
typed, no native widget left in any page) and months as 2026年11月 (Nov 2026 in English)."""

from __future__ import annotations

import pytest

from services.portal.domain.dates import month_label


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        ("2026-11", "zh", "2026年11月"),
        ("2026-01", "en", "Jan 2026"),
        ("2026-13", "zh", "2026-13"),
        (None, "zh", ""),
    ],
)
def test_a_month_reads_as_the_page_language(value: str | None, language: str, shown: str) -> None:
    assert month_label(value, language) == shown


def _render(source: str, **values: object) -> str:
    from jinja2 import Environment, FileSystemLoader

    from deploy.launcher.config import REPO_ROOT
    from services.portal.api.frame import register_filters

    env = Environment(
        loader=FileSystemLoader(REPO_ROOT / "services" / "portal" / "templates"), autoescape=True
    )
    register_filters(type("Engine", (), {"engine": env})())  # as the portal's engine callback does
    return env.from_string(source).render(t=lambda key, **_: key, lang="zh", **values)


def test_the_shared_macro_renders_a_text_field_for_dates_and_times() -> None:
    html = _render(
        '{% import "_macros.html" as m with context %}'
        "{{ m.input('received_on', 'D', '2026-12-01', type='date') }}"
        "{{ m.input('starts_at', 'T', '2026-11-20T09:00', type='datetime-local') }}"
    )
    assert 'type="date"' not in html and "datetime-local" not in html
    assert 'id="f-received_on" name="received_on" type="text" value="2026-12-01"' in html
    assert 'placeholder="2026-12-01"' in html and 'inputmode="numeric"' in html
    assert r'pattern="\d{4}-\d{2}-\d{2}"' in html
    assert 'value="2026-11-20 09:00"' in html and 'placeholder="2026-12-01 09:30"' in html


def test_no_template_leaves_the_browser_its_own_date_widget() -> None:
    from deploy.launcher.config import REPO_ROOT

    for page in (REPO_ROOT / "services" / "portal" / "templates").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'type="date"' not in text and 'type="datetime-local"' not in text, page.name


def test_a_search_form_without_the_date_shows_an_empty_field() -> None:
    html = _render(
        '{% import "_macros.html" as m with context %}'
        "{{ m.input('received_from', 'D', query.received_from, type='date') }}",
        query={},
    )
    assert 'name="received_from" type="text" value=""' in html


def test_a_date_object_a_posted_time_and_a_typo_show_as_they_should() -> None:
    from datetime import date

    html = _render(
        '{% import "_macros.html" as m with context %}'
        "{{ m.input('a', 'A', day, type='date') }}{{ m.input('b', 'B', '12/01/2026', type='date') }}"
        "{{ m.input('c', 'C', '2026-11-20 09:00', type='datetime-local') }}",
        day=date(2026, 12, 1),
    )
    assert 'name="a" type="text" value="2026-12-01"' in html
    assert 'name="b" type="text" value="12/01/2026"' in html
    assert 'name="c" type="text" value="2026-11-20 09:00"' in html
