"""Reading a PDF must not depend on the fonts a machine has installed.

A PDF may name a font without embedding it (many government PDFs name 宋体, SimSun or
STSong-Light this way). PDFium then asks the platform for a substitute. What it finds
decides which characters PDFium's text page keeps: on a machine without CJK fonts the
substitute is a Latin font with no glyph for 码 or 费, a text object whose characters have
no glyph has an empty box, and PDFium leaves it out of the text page (the wrapped last
character of a cell, a row number in a column of its own). Two machines then make two
different packages from one file.

:func:`install` replaces PDFium's platform font lookup, for the whole process, by one that
never looks at the system:

- a request for a CJK font (a CJK character set, or a face name that is not plain ASCII
  or names a CJK family) gets ``boxfont.ttf``, shipped with the package and built by
  ``tools/build_fallback_font.py``: one box glyph for every code point;
- any other request gets nothing, and PDFium uses the Latin fonts built into it.

Where each character stands comes from the PDF either way (its ``/W`` and ``/Widths``
arrays); a substitute supplies the outlines that tell PDFium a character is drawn, and the
extent of its box. Embedded fonts are not affected.

Rendering page images goes through the same lookup, so a non-embedded CJK font renders as
boxes: the converter reads text, it does not show it.
"""

from __future__ import annotations

import ctypes
import functools
import re
from importlib import resources
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pr

FONT_FILE = "boxfont.ttf"
FACE_NAME = b"cnbudget box"
CJK_CHARSETS = frozenset({pr.FXFONT_SHIFTJIS_CHARSET, pr.FXFONT_HANGEUL_CHARSET,
                          pr.FXFONT_GB2312_CHARSET, pr.FXFONT_CHINESEBIG5_CHARSET})
"""The FXFONT_*_CHARSET values PDFium passes for Japanese, Korean and Chinese fonts."""
CJK_FAMILY = re.compile(
    rb"sim|song|hei|kai|fang|ming|gothic|mincho|gulim|batang|dotum|yahei|jhenghei|"
    rb"stxihei|stzhong|fz|hy|gb|cjk|han|noto\s*s(ans|erif)\s*(sc|tc|jp|kr)|"
    rb"source\s*han|wenquanyi|wqy|droid\s*sans\s*fallback|arphic|ukai|uming|msung|mhei",
    re.IGNORECASE)
"""ASCII face names of CJK fonts (SimSun, STSong-Light, FangSong_GB2312, FZXBSJW, MHei …)."""


@functools.cache
def _font_data() -> bytes:
    return (resources.files(__package__) / FONT_FILE).read_bytes()


def wants_cjk(charset: int, face: bytes) -> bool:
    """Whether a substitution request is for a CJK font: by its character set or its name."""
    if charset in CJK_CHARSETS:
        return True
    return any(b > 0x7F for b in face) or bool(CJK_FAMILY.search(face))


def _name(face: Any) -> bytes:
    """The face name PDFium passes (a ``char *``, possibly NULL)."""
    return (ctypes.cast(face, ctypes.c_char_p).value or b"") if face else b""


class _BoxFonts(pdfium.PdfSysfontBase):  # type: ignore[misc]
    # the callbacks keep PDFium's names (FPDF_SYSFONTINFO)
    """PDFium's font lookup answered from the shipped box font alone."""

    def __init__(self) -> None:
        super().__init__()
        self.data = _font_data()
        self.buffer = ctypes.create_string_buffer(self.data, len(self.data))
        self.handle = ctypes.addressof(self.buffer)

    def EnumFonts(self, _: Any, mapper: Any) -> None:
        """No system font is made known to PDFium."""

    def MapFont(self, _: Any, weight: int, italic: int, charset: int,
                pitch: int, face: Any, exact: Any) -> int | None:
        return self.handle if wants_cjk(charset, _name(face)) else None

    def GetFont(self, _: Any, face: Any) -> int | None:
        return self.handle if wants_cjk(-1, _name(face)) else None

    def GetFontData(self, _: Any, font: Any, table: int, buffer: Any,
                    size: int) -> int:
        if table != 0:  # only the whole file (table 0) is offered, not single tables
            return 0
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.buffer, len(self.data))
        return len(self.data)

    def GetFaceName(self, _: Any, font: Any, buffer: Any, size: int) -> int:
        name = FACE_NAME + b"\0"
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def GetFontCharset(self, _: Any, font: Any) -> int:
        return int(pr.FXFONT_GB2312_CHARSET)

    def DeleteFont(self, _: Any, font: Any) -> None:
        """The font's bytes live as long as the handler."""


_installed: list[_BoxFonts] = []


def install() -> None:
    """Make PDFium's font substitution independent of the system (idempotent).

    Called before the converter opens a PDF. The handler stays for the process: fonts
    PDFium has already loaded for an open document keep their substitute."""
    if _installed and pdfium.PdfSysfontBase.SINGLETON is _installed[0]:
        return
    handler = _BoxFonts()
    handler.setup()
    _installed[:] = [handler]
