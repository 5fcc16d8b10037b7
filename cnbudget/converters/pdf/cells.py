"""Stage 3: characters → grid cells → table rows (as plain data, before Blocks)."""

from __future__ import annotations

import re
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
        moves: list[tuple[int, int]] = []
        for c in range(grid.cols):
            cell = (r, c)
            if owner[cell] != cell:
                cells.append(RowCell("", (xs[c], top, xs[c + 1], bottom)))
                continue
            chars = buckets.get(cell)
            _, _, r1, c1 = grid.span(cell)
            cells.append(RowCell(cell_text(chars) if chars else "",
                                 (xs[c], top, xs[c1 + 1], ys[r1 + 1])))
            if chars and c1 > c and r1 == r and (to := _printed_column(
                    cells[-1].text, chars, xs, c, c1)) is not None:
                moves.append((c, to))
        for c, to in moves:  # the amount keeps the box it is printed in (the merged cell)
            cells[to] = RowCell(cells[c].text, cells[c].bbox)
            cells[c] = RowCell("", (xs[c], top, xs[c + 1], bottom))
        if bottom - top < 4 and not any(x.text for x in cells):
            continue
        rows.append(Row((xs[0], top, xs[-1], bottom), tuple(cells)))
    return rows


NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def _printed_column(text: str, chars: Sequence[Char], xs: Sequence[float], c0: int,
                    c1: int) -> int | None:
    """The last column ``c1`` when it holds, right-aligned, an amount printed in a cell merged
    over columns ``c0``..``c1`` of one row (a 合计 row without the wall between 部门支出经济
    分类科目 and 合计, 北京市水务局 预算03表 p17): the amount is that column's. A right-aligned
    amount wider than its column may overflow its left wall a little (3 pt of 73 there)."""
    if not NUMBER.match(text.replace(" ", "")):
        return None
    left, right = min(ch.x0 for ch in chars), max(ch.x1 for ch in chars)
    col = bisect_right(xs, (left + right) / 2) - 1
    if col != c1 or col + 1 >= len(xs):
        return None
    width = xs[col + 1] - xs[col]
    if left < xs[col] - width / 4 or not xs[col + 1] - RIGHT_ALIGNED <= right <= xs[col + 1]:
        return None  # centred, printed across the columns, or overflowing by more than a little
    return col


RIGHT_ALIGNED = 2.5
"""Points between a right-aligned amount's last character and its cell's right wall."""
