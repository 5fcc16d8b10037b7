"""Stage 3: characters → grid cells → table rows (as plain data, before Blocks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cnbudget.converters.pdf.extract import Char
from cnbudget.converters.pdf.lines import group_lines, join_wrapped
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
    """Chars bucketed by the merged cell (its owner) holding their centre; and the rest."""
    inside: dict[tuple[int, int], list[Char]] = {}
    outside: list[Char] = []
    for ch in chars:
        cell = grid.locate(ch.cx, ch.cy)
        if cell is None:
            outside.append(ch)
        else:
            inside.setdefault(grid.owner[cell], []).append(ch)
    return inside, outside


def cell_text(chars: Sequence[Char]) -> str:
    """A cell's text: its lines top to bottom, wraps joined by :func:`join_wrapped`."""
    return join_wrapped([line.text for line in group_lines(chars)])


def grid_rows(grid: Grid, buckets: dict[tuple[int, int], list[Char]]) -> list[Row]:
    """Rows of the grid; a merged cell's text sits in its top-left base cell."""
    rows: list[Row] = []
    for r in range(grid.rows):
        cells: list[RowCell] = []
        for c in range(grid.cols):
            own = grid.owner[(r, c)]
            text = cell_text(buckets.get(own, [])) if own == (r, c) else ""
            cells.append(
                RowCell(
                    text,
                    grid.cell_bbox((r, c))
                    if own == (r, c)
                    else (grid.xs[c], grid.ys[r], grid.xs[c + 1], grid.ys[r + 1]),
                )
            )
        if grid.ys[r + 1] - grid.ys[r] < 4 and not any(x.text for x in cells):
            continue
        rows.append(Row((grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1]), tuple(cells)))
    return rows
