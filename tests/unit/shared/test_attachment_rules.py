"""Attachment rules: only PDF, JPEG and PNG by content, within the size limit, under a safe name."""

from __future__ import annotations

import hashlib

import pytest

from shared.attachment_rules import (
    DEFAULT_MAX_BYTES,
    MAX_FILENAME_CHARS,
    check_attachment,
    sanitise_filename,
)
from shared.errors import RuleViolation, Violation, violation_body

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def refused(filename: str, declared_type: str | None, data: bytes, **kwargs: object) -> Violation:
    with pytest.raises(RuleViolation) as caught:
        check_attachment(filename, declared_type, data, **kwargs)  # type: ignore[arg-type]
    [violation] = caught.value.violations
    return violation


@pytest.mark.parametrize(
    ("filename", "declared_type", "data", "media_type", "extension"),
    [
        ("信访信.pdf", "application/pdf", PDF, "application/pdf", "pdf"),
        ("现场照片.JPG", "image/jpeg", JPEG, "image/jpeg", "jpg"),
        ("photo.jpeg", "image/pjpeg", JPEG, "image/jpeg", "jpg"),
        ("截图.png", "image/png; charset=binary", PNG, "image/png", "png"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_with_their_facts(
    filename: str, declared_type: str, data: bytes, media_type: str, extension: str
) -> None:
    facts = check_attachment(filename, declared_type, data)
    assert facts.media_type == media_type
    assert facts.extension == extension
    assert facts.size == len(data)
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert facts.filename == filename


def test_the_type_comes_from_the_content_when_nothing_is_declared() -> None:
    facts = check_attachment("扫描件", None, PNG)
    assert facts.media_type == "image/png"
    assert facts.filename == "扫描件.png"


def test_a_generic_declared_type_claims_nothing() -> None:
    assert check_attachment("letter.pdf", "application/octet-stream", PDF).media_type == "application/pdf"


def test_dots_in_a_dated_name_are_not_taken_for_an_extension() -> None:
    facts = check_attachment("2026.11.20 信访材料", "", PDF)
    assert facts.filename == "2026.11.20 信访材料.pdf"


def test_a_program_renamed_pdf_is_refused_as_a_mismatch() -> None:
    assert refused("信访材料.pdf", "application/pdf", WINDOWS_PROGRAM) == Violation(
        "attachments", "type_mismatch"
    )


def test_a_program_under_its_own_name_is_a_type_not_allowed() -> None:
    assert refused("setup.exe", None, WINDOWS_PROGRAM).reason == "type_not_allowed"


def test_a_word_document_is_a_type_not_allowed() -> None:
    docx = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64
    assert refused("材料.docx", None, docx).reason == "type_not_allowed"


def test_a_jpeg_named_png_is_refused_as_a_mismatch() -> None:
    assert refused("photo.png", None, JPEG).reason == "type_mismatch"


def test_a_pdf_declared_as_an_image_is_refused_as_a_mismatch() -> None:
    assert refused("letter", "image/jpeg", PDF).reason == "type_mismatch"


def test_a_pdf_named_with_another_extension_is_refused_as_a_mismatch() -> None:
    assert refused("letter.exe", None, PDF).reason == "type_mismatch"


def test_an_empty_file_is_refused() -> None:
    assert refused("空.pdf", "application/pdf", b"").reason == "empty_file"


def test_a_file_over_the_default_limit_is_refused() -> None:
    too_big = PDF + b"\x00" * (DEFAULT_MAX_BYTES - len(PDF) + 1)
    assert refused("big.pdf", None, too_big).reason == "too_large"


def test_a_file_exactly_at_the_limit_is_accepted() -> None:
    assert check_attachment("at.pdf", None, PDF, max_bytes=len(PDF)).size == len(PDF)


def test_the_limit_and_the_field_name_come_from_the_caller() -> None:
    violation = refused("a.pdf", None, PDF, max_bytes=len(PDF) - 1, field="petition.attachments.2")
    assert violation == Violation("petition.attachments.2", "too_large")


def test_the_new_reasons_read_in_chinese_and_english() -> None:
    violation = Violation("attachments", "type_not_allowed")
    assert "仅限PDF、JPEG、PNG" in violation_body(violation, english=False)["message"]
    assert "only PDF, JPEG, PNG" in violation_body(violation, english=True)["message"]
    for reason in ("too_large", "type_mismatch", "empty_file"):
        chinese = violation_body(Violation("attachments", reason), english=False)["message"]
        assert chinese != f"attachments{reason}"


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("C:\\Users\\张三\\Desktop\\信访信.pdf", "信访信.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/tmp/x/现场 照片.jpg", "现场 照片.jpg"),
        ("bad\x00na\x1bme\n.png", "badname .png"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
        ("  ..hidden.pdf. ", "hidden.pdf"),
        ("..", ""),
    ],
)
def test_file_names_lose_paths_and_control_characters_but_keep_chinese(given: str, safe: str) -> None:
    assert sanitise_filename(given) == safe


def test_a_long_name_is_shortened_and_keeps_its_extension() -> None:
    safe = sanitise_filename("关于村道路面破损问题的反映" * 20 + ".pdf")
    assert len(safe) == MAX_FILENAME_CHARS
    assert safe.startswith("关于村道路面破损问题的反映")
    assert safe.endswith(".pdf")


def test_a_name_that_sanitises_to_nothing_gets_a_default_name() -> None:
    assert check_attachment("../..", None, JPEG).filename == "附件.jpg"


def _ooxml(folder: str) -> bytes:
    """The smallest Office file of its kind: the content-types part and one part in the kind's folder."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}document.xml", "<x/>")
    return out.getvalue()


def test_office_files_are_told_apart_by_the_folder_inside_the_zip() -> None:
    from shared.attachment_rules import ALLOWED_KINDS, OFFICE_KINDS

    kinds = (*ALLOWED_KINDS, *OFFICE_KINDS)
    slides = check_attachment("信访条例解读.pptx", None, _ooxml("ppt/"), kinds=kinds)
    assert (slides.extension, slides.filename) == ("pptx", "信访条例解读.pptx")
    assert check_attachment("讲稿", None, _ooxml("word/"), kinds=kinds).filename == "讲稿.docx"
    with pytest.raises(RuleViolation) as renamed:
        check_attachment("讲稿.docx", None, _ooxml("ppt/"), kinds=kinds)
    assert renamed.value.violations[0].reason == "type_mismatch"
    with pytest.raises(RuleViolation) as plain_zip:
        check_attachment(
            "材料.zip", None, b"PK\x03\x04" + b"\0" * 40, kinds=kinds, not_allowed="material_type_not_allowed"
        )
    assert plain_zip.value.violations[0].reason == "material_type_not_allowed"
    with pytest.raises(RuleViolation):  # intake takes no Office file
        check_attachment("讲稿.docx", None, _ooxml("word/"))
