"""Fonts for official documents: a face of Noto CJK found on the machine, cut down to the characters a document
uses and converted to TrueType outlines, because pypdf misreads the CFF outlines fpdf2 embeds past 256 characters."""

from __future__ import annotations

import io
import logging
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont, TTLibError, newTable

# Noto CJK comes from Debian's fonts-noto-cjk (Serif is closest to the 宋体 of printed documents); other distributions
# put the same files under noto-cjk/. Sans is the fallback when only the Sans package is installed.
_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
REGULAR_FONT_CANDIDATES = tuple(
    d / f for f in ("NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc") for d in _FONT_DIRS
)
BOLD_FONT_CANDIDATES = tuple(
    d / f for f in ("NotoSerifCJK-Bold.ttc", "NotoSansCJK-Bold.ttc") for d in _FONT_DIRS
)
# Inside a collection, the Simplified Chinese face: the JP/KR/TC faces draw some characters in other forms.
PREFERRED_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
FONT_PACKAGE = "fonts-noto-cjk"

# fontTools logs every subsetting step at INFO; one document would fill the service log.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class DocumentFontMissing(RuntimeError):
    """No font that can print Chinese was found; no document can be rendered."""


@dataclass(frozen=True)
class FontFace:
    """One face of a font file; `index` picks the face inside a .ttc collection."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class DocumentFonts:
    regular: FontFace
    bold: FontFace


# -- fonts -----------------------------------------------------------------------------------------------
def find_document_fonts(
    regular: Sequence[Path] = REGULAR_FONT_CANDIDATES, bold: Sequence[Path] = BOLD_FONT_CANDIDATES
) -> DocumentFonts:
    """The first usable Chinese font of each list; bold falls back to the regular face.

    Pass a one-element list to print with one particular font file.
    """
    return _find_document_fonts(tuple(Path(p) for p in regular), tuple(Path(p) for p in bold))


@lru_cache(maxsize=8)
def _find_document_fonts(regular: tuple[Path, ...], bold: tuple[Path, ...]) -> DocumentFonts:
    regular_face = _first_face(regular)
    if regular_face is None:
        looked = ", ".join(str(p) for p in regular) or "(no path given)"
        raise DocumentFontMissing(
            f"no font with Chinese characters found for printed documents (looked at: {looked}); "
            f"install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}) "
            "or pass a CJK .ttc/.otf/.ttf file to find_document_fonts"
        )
    return DocumentFonts(regular=regular_face, bold=_first_face(bold) or regular_face)


def _first_face(candidates: Iterable[Path]) -> FontFace | None:
    for path in candidates:
        face = _chinese_face(path)
        if face is not None:
            return face
    return None


def _chinese_face(path: Path) -> FontFace | None:
    if not path.is_file():
        return None
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            faces = TTCollection(str(path), lazy=True).fonts
        else:
            faces = [TTFont(str(path), lazy=True)]
        families = [face["name"].getDebugName(1) for face in faces]
        ranked = sorted(range(len(faces)), key=lambda i: _family_rank(families[i]))
        return next((FontFace(path, i) for i in ranked if _prints_chinese(faces[i])), None)
    except (TTLibError, OSError, KeyError, ValueError, struct.error):
        return None  # not a font file, or a broken one: look at the next candidate


def _family_rank(family: str | None) -> int:
    return PREFERRED_FAMILIES.index(family) if family in PREFERRED_FAMILIES else len(PREFERRED_FAMILIES)


def _prints_chinese(face: TTFont) -> bool:
    cmap = face.getBestCmap() or {}
    return all(ord(ch) in cmap for ch in "信访中国")


def write_font(face: FontFace, text: str, target: Path) -> Path:
    target.write_bytes(truetype_subset(face, text))
    return target


def truetype_subset(face: FontFace, text: str) -> bytes:
    """The glyphs `text` needs, as a TrueType-outline font.

    Noto CJK has CID-keyed CFF outlines, which fpdf2 embeds with a custom encoding CMap that pypdf cannot
    read: beyond 256 distinct characters, text extracted back is garbled. Quadratic (TrueType) outlines make
    fpdf2 use Identity-H with a ToUnicode map, which every extractor understands; the shapes are unchanged
    to within a thousandth of an em (cu2qu max_err below).
    """
    font = TTFont(str(face.path), fontNumber=face.index)
    options = Options(notdef_outline=True, layout_features=[], name_IDs=["*"], name_languages=["*"])
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "GSUB", "GPOS", "GDEF"]
    subsetter = Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font: TTFont) -> None:
    """Replace cubic CFF outlines by quadratic glyf outlines (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=font["head"].unitsPerEm / 1000, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
