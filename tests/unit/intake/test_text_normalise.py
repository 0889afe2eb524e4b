"""Petition text normalisation: numerals, units, 某 placeholders, place names and facts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from services.intake.domain.text_normalise import (
    build_normaliser,
    chinese_to_number,
    place_names_from_seed,
)

SEED = Path(__file__).resolve().parents[3] / "deploy" / "seed" / "ninghai.json"


@pytest.fixture(scope="module")
def normaliser():
    return build_normaliser(place_names_from_seed(json.loads(SEED.read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("一万二千", "12000"),
        ("一万二", "12000"),
        ("两千五", "2500"),
        ("二〇二五", "2025"),
        ("三点五", "3.5"),
        ("十二", "12"),
        ("一百零八", "108"),
        ("壹万贰仟", "12000"),
        ("三十万四千", "304000"),
    ],
)
def test_chinese_numerals_read_as_digits(numeral: str, number: str) -> None:
    assert chinese_to_number(numeral) == number


@pytest.mark.parametrize(
    "written",
    [
        "12000元",
        "一万二千元",
        "一万二千块",
        "1.2万元",
        "12,000元",
        "人民币12000元",
        "壹万贰仟元整",
        "一万二千块钱",
    ],
)
def test_every_way_of_writing_an_amount_gives_the_same_fact(normaliser, written: str) -> None:
    assert normaliser.normalise(f"欠我{written}没还").facts.amounts == ("12000元",)


def test_areas_years_and_months_are_normalised(normaliser) -> None:
    facts = normaliser.normalise("二〇二四年三月征了三亩半承包地，老房子一百二十平米").facts
    assert facts.areas == ("120㎡", "3.5亩")
    assert facts.years == (2024,)
    assert facts.months == ("2024-03",)


def test_relative_years_are_read_against_the_received_date(normaliser) -> None:
    assert normaliser.normalise("去年的工资没发", date(2026, 1, 5)).facts.years == (2025,)


def test_masked_names_keep_only_the_surname(normaliser) -> None:
    for written in ("张某某", "张某", "张XX", "张××", "老张", "张师傅", "姓张的"):
        assert normaliser.normalise(f"村民{written}反映").facts.names == ("张",), written


def test_masks_do_not_count_as_words(normaliser) -> None:
    tokens = normaliser.normalise("村民张某某反映老板李XX拖欠工资").tokens
    assert not any("某" in token or "xx" in token for token in tokens)
    assert "拖欠工资" in tokens


def test_full_names_are_found_even_when_jieba_splits_them(normaliser) -> None:
    assert "张永康" in normaliser.normalise("我是长街镇岳井村村民张永康，反映").facts.names


def test_place_names_survive_numeral_conversion_and_count_as_places(normaliser) -> None:
    result = normaliser.normalise("一市镇前岙村和茶院乡三山村的村民")
    assert result.facts.places == ("一市", "三山", "前岙", "茶院")
    assert "一市" in result.tokens and "1市" not in result.text


def test_filler_words_are_dropped(normaliser) -> None:
    tokens = normaliser.normalise("您好，请问关于征地补偿的问题，来访人反映情况").tokens
    assert tokens == ["征地补偿"]


def test_words_that_only_look_like_numerals_stay_words(normaliser) -> None:
    assert normaliser.normalise("一直十分困难，万一出事").text == "一直十分困难,万一出事"


def test_full_width_characters_become_half_width(normaliser) -> None:
    assert normaliser.normalise("（２０２３）浙０２２６民初１２３４号").facts.case_numbers == (
        "20230226民初1234",
    )


def test_firms_and_projects_are_found_without_their_place_prefix(normaliser) -> None:
    facts = normaliser.normalise("在宁海县恒达模具厂打工，后来因甬台温高速复线征地").facts
    assert facts.organisations == ("恒达模具厂", "甬台温高速复线")
