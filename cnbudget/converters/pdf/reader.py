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
from cnbudget.converters.pdf import fonts
from cnbudget.converters.pdf.cells import Row, assign_chars, grid_rows
from cnbudget.converters.pdf.extract import Char, PageContent, read_page
from cnbudget.converters.pdf.lines import Line, dedupe, group_lines
from cnbudget.converters.pdf.paragraphs import join_paragraphs
from cnbudget.converters.pdf.ruling import Grid, build_grid, find_tables, merge_segments
from cnbudget.model import ConversionError

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
    for grid, rows in zip(layout.grids, layout.tables, strict=True):
        items.append((grid.ys[0], 1, _table_blocks(grid, rows, source, page)))
    for line in layout.lines:
        key = line.top
        mid = (line.top + line.bottom) / 2
        for top, bottom in spans:
            if top < mid < bottom:
                key = bottom
        # Place(source, page, line, bbox): positional, as for the many cells below
        place = Place(source, page, None, _round(line.bbox))
        items.append((key, 0, [Block("text", place, line.text)]))
    items.sort(key=lambda it: (it[0], it[1]))
    return [b for _, _, blocks in items for b in blocks]


def _round(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def _table_blocks(grid: Grid, rows: list[Row], source: str, page: int) -> list[Block]:
    """Row blocks of one table. Every row and cell box is made of the grid's edges, so
    each edge is rounded once: a map per axis, whose edges are at least MIN_GAP apart
    (so 0.0 and -0.0 never stand in for each other)."""
    rx = {x: round(x, 2) for x in grid.xs}
    ry = {y: round(y, 2) for y in grid.ys}
    blocks: list[Block] = []
    for row in rows:
        cells: list[Cell] = []
        for col, cell in enumerate(row.cells):
            x0, top, x1, bottom = cell.bbox
            bbox = (rx[x0], ry[top], rx[x1], ry[bottom])
            cells.append(Cell(cell.text, col, Place(source, page, None, bbox)))
        x0, top, x1, bottom = row.bbox
        place = Place(source, page, None, (rx[x0], ry[top], rx[x1], ry[bottom]))
        blocks.append(Block("row", place, "", cells))
    return blocks


def page_label(layout: PageLayout) -> str | None:
    """The printed page number: a lone number in the bottom tenth of the page."""
    for line in reversed(layout.lines):
        if line.top < layout.content.height * 0.9:
            break
        m = PAGE_NUMBER.match(line.text)
        if m:
            return m.group(1)
    return None


MAX_PAGES = 500
"""Longest PDF read (pages). Disclosures run to tens of pages, the longest in the corpus to
about 150; a file past this limit is refused up front rather than read for minutes."""


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    """Open the bytes as a PDF; bad input raises ConversionError naming the file."""
    if not data:
        raise ConversionError(f"{path}: the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise ConversionError(f"{path}: not a PDF file (no %PDF- header in its first bytes)")
    fonts.install()
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ConversionError(f"{path}: the PDF is encrypted (password protected); "
                                  "save an unprotected copy first") from None
        hint = "" if b"%%EOF" in data[-2048:] else " (no %%EOF marker: truncated?)"
        raise ConversionError(f"{path}: damaged PDF that cannot be read{hint}: {exc}") from None


def read_pdf(path: Path, *, max_pages: int = MAX_PAGES) -> SourceDocument:
    """Read a disclosure PDF into blocks in reading order, page by page."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConversionError(f"{path}: cannot be read ({exc.strerror})") from None
    blocks: list[Block] = []
    problems: list[str] = []
    labels: dict[int, str] = {}
    pdf = open_pdf(path, data)
    try:
        pages = len(pdf)
        if pages > max_pages:
            raise ConversionError(f"{path}: {pages} pages; the converter reads at most "
                                  f"{max_pages} pages per file (a disclosure is far shorter); "
                                  "split the file")
        if pages == 0:
            raise ConversionError(f"{path}: the PDF has no pages")
        for index in range(pages):
            try:
                content = read_page(pdf, index)
            except pdfium.PdfiumError as exc:
                raise ConversionError(f"{path}: page {index + 1} cannot be read "
                                      f"(damaged PDF): {exc}") from None
            if content.clipped:
                problems.append(
                    f"page {index + 1}: {len(content.clipped)} characters of the text layer lie "
                    f"outside the clipping area (not printed) and were not read: "
                    f"{content.clipped[:60]!r}")
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
        blocks=join_paragraphs(blocks),
        page_labels=labels,
        problems=problems,
    )
