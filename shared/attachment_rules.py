"""Attachment rules (附件): which files a service accepts, judged by their content, not by their name.

Intake takes scanned letters and photos (PDF, JPEG, PNG); training records also takes the Office files trainers
hand out (`OFFICE_KINDS`). Each service passes the kinds it takes.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from shared.errors import RuleViolation, register_reasons

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILENAME_CHARS = 100
FALLBACK_STEM = "附件"

register_reasons(
    {
        "empty_file": ("文件为空", "is an empty file"),
        "too_large": ("文件超过大小限制", "is larger than the limit"),
        "type_not_allowed": ("文件类型不允许，仅限PDF、JPEG、PNG", "type not allowed: only PDF, JPEG, PNG"),
        "material_type_not_allowed": (
            "文件类型不允许，仅限PDF、JPEG、PNG及Word、PowerPoint、Excel文档",
            "type not allowed: only PDF, JPEG, PNG and Word, PowerPoint, Excel documents",
        ),
        "type_mismatch": ("文件内容与扩展名不符", "content does not match its extension"),
    }
)


@dataclass(frozen=True)
class AttachmentKind:
    """One accepted file type: how its content starts and which names and declared types it may carry."""

    media_type: str
    extension: str
    magic: bytes
    extensions: frozenset[str]
    declared_aliases: frozenset[str]
    # Office Open XML files are zip archives: the folder inside tells a .docx from a .pptx or an .xlsx.
    zip_folder: str | None = None

    def matches(self, data: bytes) -> bool:
        if not data.startswith(self.magic):
            return False
        return self.zip_folder is None or _zip_has_folder(data, self.zip_folder)


def _zip_has_folder(data: bytes, folder: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


ALLOWED_KINDS = (
    AttachmentKind(
        "application/pdf",
        "pdf",
        b"%PDF-",
        frozenset({"pdf"}),
        frozenset({"application/pdf", "application/x-pdf", "application/acrobat"}),
    ),
    AttachmentKind(
        "image/jpeg",
        "jpg",
        b"\xff\xd8\xff",
        frozenset({"jpg", "jpeg", "jpe", "jfif"}),
        frozenset({"image/jpeg", "image/jpg", "image/pjpeg"}),
    ),
    AttachmentKind(
        "image/png",
        "png",
        b"\x89PNG\r\n\x1a\n",
        frozenset({"png"}),
        frozenset({"image/png", "image/x-png"}),
    ),
)

_OOXML = "application/vnd.openxmlformats-officedocument"
_ZIP = b"PK\x03\x04"
OFFICE_KINDS = (
    AttachmentKind(f"{_OOXML}.wordprocessingml.document", "docx", _ZIP, frozenset({"docx"}),
                   frozenset({f"{_OOXML}.wordprocessingml.document"}), "word/"),
    AttachmentKind(f"{_OOXML}.presentationml.presentation", "pptx", _ZIP, frozenset({"pptx"}),
                   frozenset({f"{_OOXML}.presentationml.presentation"}), "ppt/"),
    AttachmentKind(f"{_OOXML}.spreadsheetml.sheet", "xlsx", _ZIP, frozenset({"xlsx"}),
                   frozenset({f"{_OOXML}.spreadsheetml.sheet"}), "xl/"),
)  # fmt: skip

# Browsers and scanners send these when they do not know the type; they claim nothing, so they never disagree.
UNCLAIMED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})
# Characters Windows refuses in names; a clerk downloading the file must be able to save it.
_UNSAFE_CHARS = frozenset('<>:"|?*')
# An extension is short, ASCII and has a letter: the dots in "2026.11.20 信访材料" do not start one.
_EXTENSION = re.compile(r"(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}")


@dataclass(frozen=True)
class AttachmentFacts:
    """What is known of an accepted attachment: its real type, size, digest and a safe name to store it under."""

    media_type: str
    extension: str
    size: int
    sha256: str
    filename: str


def check_attachment(
    filename: str,
    declared_type: str | None,
    data: bytes,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    field: str = "attachments",
    kinds: Sequence[AttachmentKind] = ALLOWED_KINDS,
    not_allowed: str = "type_not_allowed",
) -> AttachmentFacts:
    """Accept a file of one of `kinds` no larger than `max_bytes` whose name and declared type agree with its
    content (by default a PDF, JPEG or PNG)."""
    if not data:
        raise RuleViolation(field, "empty_file")
    if len(data) > max_bytes:
        raise RuleViolation(field, "too_large")
    safe_name = sanitise_filename(filename)
    kind = kind_of_content(data, kinds)
    if kind is None:
        # A file that claims to be a PDF or a photo but is not one (an .exe renamed .pdf) is disguised, not just
        # of another type: the clerk should hear that its content and its name disagree.
        claims_allowed = _claimed_kinds(safe_name, declared_type, kinds) - {None}
        raise RuleViolation(field, "type_mismatch" if claims_allowed else not_allowed)
    if any(claim is not kind for claim in _claimed_kinds(safe_name, declared_type, kinds)):
        raise RuleViolation(field, "type_mismatch")
    return AttachmentFacts(
        media_type=kind.media_type,
        extension=kind.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        filename=_with_extension(safe_name, kind),
    )


def kind_of_content(data: bytes, kinds: Sequence[AttachmentKind] = ALLOWED_KINDS) -> AttachmentKind | None:
    """The allowed kind the content is, or None."""
    return next((kind for kind in kinds if kind.matches(data)), None)


def sanitise_filename(filename: str) -> str:
    """The base name only, without control or format characters, trimmed to a length every file system takes.

    Chinese characters are kept: petitioners name their scans in Chinese and clerks look for them by that name.
    """
    name = unicodedata.normalize("NFC", filename)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(_clean_char(ch) for ch in name)
    name = " ".join(name.split()).strip(" .")
    return _shorten(name, MAX_FILENAME_CHARS)


def _clean_char(ch: str) -> str:
    if ch.isspace():
        return " "
    # Cc are control characters; Cf hides tricks such as U+202E (right-to-left override shows "gpj.exe" reversed).
    if unicodedata.category(ch) in ("Cc", "Cf") or ch in _UNSAFE_CHARS:
        return ""
    return ch


def _claimed_kinds(
    safe_name: str, declared_type: str | None, kinds: Sequence[AttachmentKind]
) -> set[AttachmentKind | None]:
    """The kinds the name and the declared type claim; None stands for a claim that is no allowed kind."""
    claims: set[AttachmentKind | None] = set()
    extension = _extension(safe_name)
    if extension:
        claims.add(next((k for k in kinds if extension in k.extensions), None))
    declared = (declared_type or "").split(";", 1)[0].strip().lower()
    if declared not in UNCLAIMED_TYPES:
        claims.add(next((k for k in kinds if declared in k.declared_aliases), None))
    return claims


def _split(name: str) -> tuple[str, str]:
    """Stem and extension (with its dot); "2026.11.20 信访材料" has no extension, "scan.JPG" has ".JPG"."""
    stem, extension = posixpath.splitext(name)
    if _EXTENSION.fullmatch(extension[1:].lower()):
        return stem, extension
    return name, ""


def _extension(name: str) -> str:
    return _split(name)[1].lstrip(".").lower()


def _with_extension(safe_name: str, kind: AttachmentKind) -> str:
    if not safe_name:
        return f"{FALLBACK_STEM}.{kind.extension}"
    if _extension(safe_name):
        return safe_name
    return f"{_shorten(safe_name, MAX_FILENAME_CHARS - len(kind.extension) - 1)}.{kind.extension}"


def _shorten(name: str, limit: int) -> str:
    """Trim the stem, never the extension, so a long name still opens with the right program."""
    if len(name) <= limit:
        return name
    stem, extension = _split(name)
    return stem[: limit - len(extension)].rstrip(" .") + extension
