"""The pure checks behind the input guard: bracket depth found without decoding, control characters by path."""

from __future__ import annotations

import json
import time

from shared.http_input import MAX_DEPTH, control_character_fields, has_control_character, too_deep


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_nesting_up_to_the_limit_passes_and_one_more_is_too_deep() -> None:
    assert not too_deep(nested(MAX_DEPTH))
    assert too_deep(nested(MAX_DEPTH + 1))
    assert too_deep(b'{"a":' * 10000 + b"1" + b"}" * 10000)


def test_brackets_inside_strings_do_not_count() -> None:
    body = json.dumps({"content": "[" * 1000 + "{" * 1000, "petitioners": [{"name": "张三"}]}).encode()
    assert not too_deep(body)
    escaped = b'{"a": "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"", "b": [[1]]}'
    assert not too_deep(escaped)


def test_a_wide_flat_body_is_not_deep() -> None:
    assert not too_deep(b"[" + b",".join([b"[]"] * 100_000) + b"]")


def test_an_unterminated_string_costs_one_pass() -> None:
    started = time.perf_counter()
    assert not too_deep(b'["' + b'\\"' * 300_000)
    assert not too_deep(b'["' + b'\\"' * 300_000 + b"\\")
    assert time.perf_counter() - started < 0.5


def test_a_megabyte_of_brackets_is_judged_in_well_under_a_second() -> None:
    started = time.perf_counter()
    assert too_deep(b"[" * 1024 * 1024)
    assert not too_deep(b"[" + b"[]," * 350_000 + b"[]]")
    assert time.perf_counter() - started < 1.0


def test_free_text_may_break_lines_but_carries_no_other_control() -> None:
    assert not has_control_character("第一行\n第二行\r\n\t缩进", line_breaks_allowed=True)
    assert has_control_character("第一行\n", line_breaks_allowed=False)
    for bad in ("\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"):
        assert has_control_character(f"张{bad}三", line_breaks_allowed=True), repr(bad)
    assert not has_control_character("张三 Zhāng ①（）", line_breaks_allowed=False)


def test_every_field_with_a_control_character_is_named_by_its_dotted_path() -> None:
    body = {
        "content": "ok\n",
        "petitioners": [{"name": "张三"}, {"name": "李\x00四", "phone": "138\x01"}],
        "deep": {"list": ["a", "\x02"]},
    }
    assert list(control_character_fields(body)) == [
        "petitioners.1.name",
        "petitioners.1.phone",
        "deep.list.1",
    ]
    assert list(control_character_fields("\x00")) == ["body"]
    assert list(control_character_fields({"na\x00me": "x"})) == ["na?me"]
    assert list(control_character_fields({"n": 1, "b": True, "z": None})) == []
