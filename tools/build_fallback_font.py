"""Build ``cnbudget/converters/pdf/boxfont.ttf``: the font PDFium is given for every font a
PDF names but does not embed.

Many government PDFs do not embed their CJK fonts (宋体, STSong-Light, …). PDFium then asks
the system for a substitute; on a machine without CJK fonts it falls back to a Latin font
that has no glyph for the characters, and a text object whose only characters have no
glyph has an empty box, which PDFium's text page leaves out (a cell's wrapped last
character, a row number). What the converter reads must not depend on the fonts a machine
has, so :mod:`cnbudget.converters.pdf.fonts` gives PDFium this font for every substitution
request instead of the system's.

The font holds two glyphs, boxes of the usual CJK ascent and descent: a half-width one for
ASCII and the half-width forms, a full-width one for every other code point of the Basic
Multilingual Plane and the supplementary ideographic plane (cmap format 13, a range to one
glyph), also used as ``.notdef``. PDFium's character boxes follow the glyph outlines, so
the boxes keep a CJK font's proportions: half an em for a digit, an em for a Hanzi.
Where each character stands (its origin, the advance to the next) still comes from the PDF
(its ``/W`` and ``/Widths`` arrays); the outlines decide that a character is drawn at all
and the extent of its box.

The output is reproducible (fixed timestamps); ``tests/converters/pdf/test_fonts.py``
rebuilds it and compares it table by table. Run from the repository root:
``python tools/build_fallback_font.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

OUT = Path(__file__).resolve().parents[1] / "cnbudget" / "converters" / "pdf" / "boxfont.ttf"
UPM = 1000
ASCENT, DESCENT = 880, -120
"""The ascent and descent of common CJK fonts (SimSun, Noto CJK) in a 1000-unit em."""
EPOCH = 0x7C259DC0
"""2000-01-01 as a font timestamp (seconds since 1904): fixed, for reproducible bytes."""
NAME = "cnbudget box"


SIDE = 40
"""Side bearing of the boxes (font units)."""
HALF = (*range(0x21, 0x7F), *range(0xFF61, 0xFFA0))
"""ASCII printables and the half-width forms: the half-width glyph."""


def _box(advance: int) -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((SIDE, DESCENT))
    pen.lineTo((SIDE, ASCENT))
    pen.lineTo((advance - SIDE, ASCENT))
    pen.lineTo((advance - SIDE, DESCENT))
    pen.closePath()
    return pen.glyph()


def build() -> bytes:
    """The font file's bytes."""
    fb = FontBuilder(UPM, isTTF=True)
    half = UPM // 2
    fb.setupGlyphOrder([".notdef", "full", "half"])
    fb.setupCharacterMap({0x4E00: "full"})
    fb.setupGlyf({".notdef": _box(UPM), "full": _box(UPM), "half": _box(half)})
    fb.setupHorizontalMetrics({".notdef": (UPM, SIDE), "full": (UPM, SIDE),
                               "half": (half, SIDE)})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": NAME, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT,
                usWinDescent=-DESCENT, ulCodePageRange1=1 << 18)  # bit 18: GB2312
    fb.setupPost()
    font = fb.font
    # every code point to the box: one format-13 subtable (many-to-one ranges, Windows UCS-4,
    # which FreeType prefers); a format-4 table cannot map a range to a single glyph
    many = CmapSubtable.newSubtable(13)
    many.platformID, many.platEncID, many.language = 3, 10, 0
    many.cmap = {cp: "full" for cp in (*range(0x21, 0xD800), *range(0xE000, 0xFFFE),
                                        *range(0x20000, 0x2FFFE))}
    many.cmap.update({cp: "half" for cp in HALF})
    font["cmap"].tables = [many]
    font["head"].created = font["head"].modified = EPOCH
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
