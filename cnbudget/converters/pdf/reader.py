"""PDF front end: a disclosure PDF → :class:`SourceDocument` of text and row blocks.

Pipeline per page (each stage a pure function in its own module):
``extract.read_page`` (chars, ruling segments) → ``lines.dedupe`` →
``ruling.merge_segments`` → ``ruling.find_tables`` → ``ruling.build_grid`` →
``cells.assign_chars`` → ``cells.grid_rows`` → Blocks; characters outside every grid →
``lines.group_lines`` → text Blocks. Blocks of a page are emitted top to bottom.
No text-aligned (unruled) table fallback: every table in the corpus is ruled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from cnbudget.converters.grid import Block, Cell, Place, SourceDocument
from cnbudget.converters.pdf.cells import Row, assign_chars, grid_rows
from cnbudget.converters.pdf.extract import Char, PageContent, read_page
from cnbudget.converters.pdf.lines import Line, dedupe, group_lines
from cnbudget.converters.pdf.ruling import Grid, build_grid, find_tables, merge_segments

PAGE_NUMBER = re.compile(r"^[-—–\s]*(\d{1,4})[-—–\s]*$")


@dataclass(slots=True)
class PageLayout:
    """One page interpreted: its tables (grid + rows) and the text lines outside them."""

    content: PageContent
    grids: list[Grid]
    tables: list[list[Row]]
    lines: list[Line]


def layout_page(content: PageContent) -> PageLayout:
    """Find ruled tables, fill their cells, and group the remaining characters into lines."""
    chars: list[Char] = dedupe(content.chars)
    grids = [build_grid(t) for t in find_tables(merge_segments(content.segments))]
    grids = [g for g in grids if g.rows >= 1 and g.cols >= 1]
    tables: list[list[Row]] = []
    for grid in grids:
        buckets, chars = assign_chars(grid, chars)
        tables.append(grid_rows(grid, buckets))
    return PageLayout(content, grids, tables, group_lines(chars))


def page_blocks(layout: PageLayout, source: str) -> list[Block]:
    """Blocks of one page in reading order: by top edge; a table's rows stay together."""
    page = layout.content.number
    items: list[tuple[float, int, list[Block]]] = []
    spans = [(g.ys[0], g.ys[-1]) for g in layout.grids]
    for i, rows in enumerate(layout.tables):
        blocks = [_row_block(row, source, page) for row in rows]
        items.append((spans[i][0], 1, blocks))
    for line in layout.lines:
        key = line.top
        mid = (line.top + line.bottom) / 2
        for top, bottom in spans:
            if top < mid < bottom:
                key = bottom
        place = Place(source=source, page=page, bbox=_round(line.bbox))
        items.append((key, 0, [Block(kind="text", place=place, text=line.text)]))
    items.sort(key=lambda it: (it[0], it[1]))
    return [b for _, _, blocks in items for b in blocks]


def _round(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = (round(v, 2) for v in bbox)
    return (x0, top, x1, bottom)


def _row_block(row: Row, source: str, page: int) -> Block:
    cells = [
        Cell(text=c.text, col=i, place=Place(source=source, page=page, bbox=_round(c.bbox)))
        for i, c in enumerate(row.cells)
    ]
    return Block(
        kind="row", place=Place(source=source, page=page, bbox=_round(row.bbox)), cells=cells
    )


def page_label(layout: PageLayout) -> str | None:
    """The printed page number: a lone number in the bottom tenth of the page."""
    for line in reversed(layout.lines):
        if line.top < layout.content.height * 0.9:
            break
        m = PAGE_NUMBER.match(line.text)
        if m:
            return m.group(1)
    return None


def read_pdf(path: Path) -> SourceDocument:
    """Read a disclosure PDF into blocks in reading order, page by page."""
    data = path.read_bytes()
    blocks: list[Block] = []
    problems: list[str] = []
    labels: dict[int, str] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        pages = len(pdf)
        for index in range(pages):
            content = read_page(pdf, index)
            if not content.chars:
                if content.images or content.segments:
                    problems.append(
                        f"page {index + 1}: no text layer (only images or drawings); not read"
                    )
                continue
            layout = layout_page(content)
            blocks.extend(page_blocks(layout, path.name))
            label = page_label(layout)
            if label is not None:
                labels[index + 1] = label
    finally:
        pdf.close()
    return SourceDocument(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        blocks=blocks,
        page_labels=labels,
        problems=problems,
    )
