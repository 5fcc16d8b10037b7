"""Type: the built-in CID font, measuring, and wrapping that a reader can undo.

The font is reportlab's ``STSong-Light`` (Adobe-GB1 CID font, not embedded), so no
system font is needed; PDFium maps its characters back to Unicode exactly.

Spaces are not drawn as glyphs (the font's space is too narrow for a reader to see):
each run of text between spaces is placed on its own, one space as a gap of
:data:`SPACE_EM`, two or more (or a tab) as a gap of :data:`WIDE_EM`. These match what
:func:`cnbudget.converters.pdf.lines.chars_text` reads back as ``" "`` and ``"  "``.

Wrapping only breaks where :func:`cnbudget.converters.pdf.lines.join_wrapped` restores
the text: between two "tight" characters (CJK, digits, CJK punctuation), or at a single
space between two characters that are not both tight.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from cnbudget.converters.pdf.lines import join_wrapped

FONT = "STSong-Light"
SPACE_EM = 0.6
WIDE_EM = 2.6
ASCENT = 0.86
"""Baseline below the top of a line box, as a share of the font size."""
_GAPS = re.compile(r"(\s+)")


@cache
def font() -> str:
    """Register the CID font once; return its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _runs(text: str) -> list[tuple[str, float]]:
    """(run, gap in em before it) for the runs of a line between white space."""
    out: list[tuple[str, float]] = []
    gap = 0.0
    for part in _GAPS.split(text):
        if not part:
            continue
        if part.isspace():
            gap = SPACE_EM if part == " " else WIDE_EM
        else:
            out.append((part, gap if out else 0.0))
            gap = 0.0
    return out


def width(text: str, size: float) -> float:
    """Printed width of one line of text."""
    name = font()
    return sum(gap * size + float(pdfmetrics.stringWidth(run, name, size))
               for run, gap in _runs(text))


NO_START = set("。，、；：！？）》」』】”’%％")
"""Characters a line does not start with (Chinese line-breaking rules)."""
NO_END = set("（《「『【“‘-")
"""Characters a line does not end with (a hyphen too: the reader takes a line-final
hyphen for a word broken across lines and drops it)."""


def _break_ok(text: str, i: int) -> tuple[bool, int]:
    """Whether a line may end before ``text[i]``; and where the next line starts."""
    if text[i] in NO_START or text[i - 1] in NO_END:
        return False, i
    if text[i] == " ":
        j = i + 1
        if i == 0 or j >= len(text) or text[j] == " " or text[i - 1] == " ":
            return False, j
        return join_wrapped([text[i - 1], text[j]]) == f"{text[i - 1]} {text[j]}", j
    if i == 0 or text[i - 1] == " ":
        return False, i
    return join_wrapped([text[i - 1], text[i]]) == text[i - 1] + text[i], i


@cache
def _char_em(ch: str) -> float:
    return float(pdfmetrics.stringWidth(ch, font(), 1.0))


def wrap(text: str, max_width: float, size: float) -> list[str]:
    """Lines of at most ``max_width`` whose :func:`join_wrapped` is ``text``.

    A run without an allowed break that is wider than the line is cut anyway (the only
    case where the reader would not get the text back; it needs a wider column).
    """
    text = text.strip()
    lines: list[str] = []
    start, i, em, spaces = 0, 0, 0.0, 0
    limit = max_width / size
    best: tuple[int, int] | None = None  # (end of line, start of next line)
    while i < len(text):
        ch = text[i]
        if ch == " ":
            spaces += 1
            em += SPACE_EM if spaces == 1 else (WIDE_EM - SPACE_EM if spaces == 2 else 0.0)
        else:
            spaces = 0
            em += _char_em(ch)
        if i > start:
            ok, nxt = _break_ok(text, i)
            if ok:
                best = (i, nxt)
        if em > limit + 1e-6 and i > start and ch != " ":
            end, nxt = best if best is not None else (i, i)
            lines.append(text[start:end].rstrip())
            start = nxt
            while start < len(text) and text[start] == " ":
                start += 1
            i, em, spaces, best = start, 0.0, 0, None
            continue
        i += 1
    if start < len(text):
        lines.append(text[start:])
    return lines


def draw_line(canvas: Canvas, text: str, x: float, top: float, size: float) -> None:
    """Draw one line with its top at ``top`` (distance from the top of the page)."""
    name = font()
    canvas.setFont(name, size)
    page_h = canvas._pagesize[1]
    y = page_h - top - ASCENT * size
    for run, gap in _runs(text):
        x += gap * size
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, name, size)
