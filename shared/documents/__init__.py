"""Printed official documents (告知书, 意见书): one layout for every service, each service writes its own wording."""

from shared.documents.fonts import DocumentFontMissing, DocumentFonts, FontFace, find_document_fonts
from shared.documents.official import INDENT, chinese_date, render_official_document, wrap_chinese

__all__ = [
    "INDENT",
    "DocumentFontMissing",
    "DocumentFonts",
    "FontFace",
    "chinese_date",
    "find_document_fonts",
    "render_official_document",
    "wrap_chinese",
]
