"""scrub remembers clean texts only: a text that held personal data is masked every time and never kept."""

from shared.telemetry import redaction


def test_a_text_with_a_mobile_is_masked_every_time_and_never_remembered() -> None:
    text = "来电人手机13812345678，反映宅基地纠纷"
    assert redaction.scrub(text) == redaction.scrub(text) == "来电人手机[手机号已隐去]，反映宅基地纠纷"
    assert text not in redaction._CLEAN


def test_a_clean_text_is_remembered_and_returned_unchanged() -> None:
    text = "INSERT INTO petition_fact (petition_id) VALUES ($1)"
    assert redaction.scrub(text) == text
    assert text in redaction._CLEAN
    assert redaction.scrub(text) == text
