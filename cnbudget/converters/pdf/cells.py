"""Stage 3: characters → grid cells → table rows (as plain data, before Blocks)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from cnbudget.converters.pdf.extract import Char
from cnbudget.converters.pdf.lines import chars_text, cluster_lines, join_wrapped, one_line
from cnbudget.converters.pdf.ruling import Grid

BBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class RowCell:
    text: str
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Row:
    """One printed table row: one cell per grid column, merged-away cells empty."""

    bbox: BBox
    cells: tuple[RowCell, ...]


def assign_chars(
    grid: Grid, chars: Sequence[Char]
) -> tuple[dict[tuple[int, int], list[Char]], list[Char]]:
    """Chars bucketed by the merged cell (its owner) holding their centre; and the rest.

    :meth:`Grid.locate` inlined: this runs for every character of a page with tables."""
    inside: dict[tuple[int, int], list[Char]] = {}
    outside: list[Char] = []
    xs, ys = grid.xs, grid.ys
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    last_col, last_row = len(xs) - 2, len(ys) - 2
    owners = [[grid.owner[(r, c)] for c in range(grid.cols)] for r in range(grid.rows)]
    for ch in chars:
        x, y = ch.cx, ch.cy
        if not (left <= x <= right and top <= y <= bottom):
            outside.append(ch)
            continue
        c = bisect_right(xs, x) - 1
        r = bisect_right(ys, y) - 1
        own = owners[r if r < last_row else last_row][c if c < last_col else last_col]
        bucket = inside.get(own)
        if bucket is None:
            inside[own] = [ch]
        else:
            bucket.append(ch)
    return inside, outside


def cell_text(chars: Sequence[Char]) -> str:
    """A cell's text: its lines top to bottom, wraps joined by :func:`join_wrapped`."""
    line = one_line(chars)
    if line is not None:
        return chars_text(line).strip()  # join_wrapped of a single line
    return join_wrapped([chars_text(line) for line in cluster_lines(chars)])


def grid_rows(grid: Grid, buckets: dict[tuple[int, int], list[Char]]) -> list[Row]:
    """Rows of the grid; a merged cell's text sits in its top-left base cell."""
    xs, ys, owner = grid.xs, grid.ys, grid.owner
    rows: list[Row] = []
    for r in range(grid.rows):
        top, bottom = ys[r], ys[r + 1]
        cells: list[RowCell] = []
        for c in range(grid.cols):
            cell = (r, c)
            if owner[cell] != cell:
                cells.append(RowCell("", (xs[c], top, xs[c + 1], bottom)))
                continue
            chars = buckets.get(cell)
            _, _, r1, c1 = grid.span(cell)
            cells.append(RowCell(cell_text(chars) if chars else "",
                                 (xs[c], top, xs[c1 + 1], ys[r1 + 1])))
        if bottom - top < 4 and not any(x.text for x in cells):
            continue
        rows.append(Row((xs[0], top, xs[-1], bottom), tuple(cells)))
    return rows
