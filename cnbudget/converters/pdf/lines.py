"""Stage 1: characters → text lines (and the text-joining rules shared by cells)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from cnbudget.converters.pdf.extract import Char

SPACE_GAP = 0.3
"""A gap wider than this many character heights is printed as a space."""
WIDE_GAP = 2.0
"""A gap wider than this many character heights is printed as two spaces."""


@dataclass(frozen=True, slots=True)
class Line:
    """Characters printed on one baseline, left to right, with their bounding box.

    Make one with :meth:`of`, which computes the box once from the characters."""

    chars: tuple[Char, ...]
    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def of(cls, chars: Sequence[Char]) -> Line:
        """The line of ``chars`` (non-empty, sorted by ``x0``: the first has the least)."""
        first = chars[0]
        top, x1, bottom = first.top, first.x1, first.bottom
        for c in chars:
            if c.top < top:
                top = c.top
            if c.x1 > x1:
                x1 = c.x1
            if c.bottom > bottom:
                bottom = c.bottom
        return cls(tuple(chars), first.x0, top, x1, bottom)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def text(self) -> str:
        return chars_text(self.chars)


def dedupe(chars: Sequence[Char]) -> list[Char]:
    """Drop characters printed twice at (almost) the same place (fake bold, shadows)."""
    if len({(c.text, round(c.cx), round(c.cy)) for c in chars}) == len(chars):
        return list(chars)  # the usual case: no character printed twice
    seen: set[tuple[str, int, int]] = set()
    out: list[Char] = []
    for c in chars:
        key = (c.text, round(c.cx), round(c.cy))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


_by_centre = attrgetter("cy", "x0")
_by_left = attrgetter("x0")
_centre = attrgetter("cy")
_by_left_centre = attrgetter("x0", "cy")


def cluster_lines(chars: Sequence[Char]) -> list[list[Char]]:
    """Cluster characters into lines by their vertical centres: lines top to bottom, the
    characters of each left to right.

    Taken top to bottom, a character joins the current line when its centre is less than
    half a height (its own or the line's mean, whichever is larger) from the line's mean
    centre. Boxes taller than usual (quotes and digits from fonts with a large ascent)
    count with the median height, so that they do not glue tightly spaced lines together.
    """
    if not chars:
        return []
    heights = sorted([c.bottom - c.top for c in chars])
    typical = max(heights[len(heights) // 2], 1.0)
    cap = typical * 1.3
    lines: list[list[Char]] = []
    line: list[Char] = []
    sy = sh = 0.0  # sums of centres and of heights in ``line``
    n = 0
    for c in sorted(chars, key=_by_centre):
        # min(max(height, 1.0), cap) and abs(), spelled out: this runs for every character
        h = c.bottom - c.top
        if h < 1.0:
            h = 1.0  # cap is at least 1.3
        elif h > cap:
            h = cap
        cy = c.cy
        if n:
            mh = sh / n
            reach = 0.5 * (mh if mh > h else h)
            if -reach < cy - sy / n < reach:
                line.append(c)
                sy += cy
                sh += h
                n += 1
                continue
        line = [c]
        lines.append(line)
        sy, sh, n = cy, h, 1
    for cs in lines:
        if len(cs) > 1:
            cs.sort(key=_by_left)
    return lines


ONE_LINE = 0.25
"""Characters whose centres lie this close vertically are one line, whatever their sizes:
in :func:`cluster_lines` a character joins a line whose mean centre is less than half a
height (at least 0.5 points) away."""


def one_line(chars: Sequence[Char]) -> list[Char] | None:
    """The characters left to right if :func:`cluster_lines` surely puts them all on one
    line (as in most table cells), else None: a quick test that spares the clustering."""
    cys = list(map(_centre, chars))
    if cys and max(cys) - min(cys) <= ONE_LINE:
        # as cluster_lines orders them: by (cy, x0), then stably by x0
        return sorted(chars, key=_by_left_centre)
    return None


def group_lines(chars: Sequence[Char]) -> list[Line]:
    """Characters as text lines, top to bottom (clustered by :func:`cluster_lines`)."""
    return [Line.of(cs) for cs in cluster_lines(chars)]


def split_runs(line: Line, gap: float) -> list[Line]:
    """Split a line where the horizontal gap exceeds ``gap`` character heights."""
    runs: list[list[Char]] = []
    for c in line.chars:
        if runs:
            prev = runs[-1][-1]
            h = max(prev.bottom - prev.top, c.bottom - c.top, 1.0)
            if c.x0 - prev.x1 <= gap * h:
                runs[-1].append(c)
                continue
        runs.append([c])
    return [Line.of(r) for r in runs]


def chars_text(chars: Sequence[Char]) -> str:
    """Text of characters on one line, with spaces where the print shows gaps."""
    if len(chars) <= 1:
        return chars[0].text if chars else ""
    prev = chars[0]
    out = [prev.text]
    for c in chars[1:]:
        gap = c.x0 - prev.x1
        # the height is at least 1: a gap up to SPACE_GAP never needs it
        if gap > SPACE_GAP:
            h = max(prev.bottom - prev.top, c.bottom - c.top, 1.0)
            if gap > WIDE_GAP * h:
                out.append("  ")
            elif gap > SPACE_GAP * h:
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def _tight(ch: str) -> bool:
    """Characters that join wrapped lines without a space: CJK, digits, CJK punctuation."""
    o = ord(ch)
    return (
        ch.isdigit()
        or 0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
        or 0x3000 <= o <= 0x303F
        or ch in ".,%-·、（）()"
    )


def join_wrapped(parts: Sequence[str]) -> str:
    """Join a cell's wrapped lines: no space between CJK/digit sides, a space otherwise."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_tight(out[-1]) and _tight(part[0])):
            out += " "
        out += part
    return out
