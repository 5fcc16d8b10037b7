"""Stage 1: characters → text lines (and the text-joining rules shared by cells)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cnbudget.converters.pdf.extract import Char

SPACE_GAP = 0.3
"""A gap wider than this many character heights is printed as a space."""
WIDE_GAP = 2.0
"""A gap wider than this many character heights is printed as two spaces."""


@dataclass(frozen=True, slots=True)
class Line:
    """Characters printed on one baseline, left to right."""

    chars: tuple[Char, ...]

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def text(self) -> str:
        return chars_text(self.chars)


def dedupe(chars: Sequence[Char]) -> list[Char]:
    """Drop characters printed twice at (almost) the same place (fake bold, shadows)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Char] = []
    for c in chars:
        key = (c.text, round(c.cx), round(c.cy))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def group_lines(chars: Sequence[Char]) -> list[Line]:
    """Cluster characters into lines by their vertical centres; lines sorted top to bottom.

    Boxes taller than usual (quotes and digits from fonts with a large ascent) count
    with the median height, so that they do not glue tightly spaced lines together.
    """
    if not chars:
        return []
    heights = sorted(c.bottom - c.top for c in chars)
    typical = max(heights[len(heights) // 2], 1.0)
    lines: list[list[Char]] = []
    refs: list[tuple[float, float, int]] = []  # sum of centres, sum of heights, count
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        h = min(max(c.bottom - c.top, 1.0), typical * 1.3)
        if refs:
            sy, sh, n = refs[-1]
            if abs(c.cy - sy / n) < 0.5 * max(h, sh / n):
                lines[-1].append(c)
                refs[-1] = (sy + c.cy, sh + h, n + 1)
                continue
        lines.append([c])
        refs.append((c.cy, h, 1))
    return [Line(tuple(sorted(cs, key=lambda c: c.x0))) for cs in lines]


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
    return [Line(tuple(r)) for r in runs]


def chars_text(chars: Sequence[Char]) -> str:
    """Text of characters on one line, with spaces where the print shows gaps."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            h = max(prev.bottom - prev.top, c.bottom - c.top, 1.0)
            gap = c.x0 - prev.x1
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
