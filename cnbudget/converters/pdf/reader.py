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
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium

from cnbudget import limits
from cnbudget.converters.grid import Block, Cell, Place, SourceDocument
from cnbudget.converters.pdf import fonts
from cnbudget.converters.pdf.cells import Row, assign_chars, grid_rows
from cnbudget.converters.pdf.extract import Char, PageContent, Segment, read_page
from cnbudget.converters.pdf.lines import Line, dedupe, group_lines
from cnbudget.converters.pdf.paragraphs import join_paragraphs
from cnbudget.converters.pdf.ruling import Grid, build_grid, find_tables, grid_edges, merge_segments
from cnbudget.limits import MAX_PAGES, LimitReached
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
    """Find ruled tables, fill their cells, and group the remaining characters into lines.

    Bounded cost (:mod:`cnbudget.limits`): a page with too many ruling lines is read as text
    only; tables past the page's limit, and tables with too many cells, are not built (their
    characters become text lines). Each limit reached goes on ``content.limits``."""
    chars: list[Char] = dedupe(content.chars)
    grids = [build_grid(t, edges) for t, edges in _tables(content)]
    grids = [g for g in grids if g.rows >= 1 and g.cols >= 1]
    tables: list[list[Row]] = []
    for grid in grids:
        buckets, chars = assign_chars(grid, chars)
        tables.append(grid_rows(grid, buckets))
    return PageLayout(content, grids, tables, _split_at_rules(group_lines(chars), content))


def _split_at_rules(lines: list[Line], content: PageContent) -> list[Line]:
    """Text never runs across a printed vertical rule: a line crossing one is the text of
    cells side by side (the columns of a Beijing project list ruled by verticals only, whose
    cells span the page and hold the project's name, amounts and goal), split there."""
    rules = [s for s in content.segments if not s.horizontal]
    if not rules:
        return lines
    out: list[Line] = []
    for line in lines:
        mid = (line.top + line.bottom) / 2
        cuts = sorted({r.pos for r in rules if r.start <= mid <= r.end
                       and line.x0 < r.pos < line.x1})
        if not cuts:
            out.append(line)
            continue
        parts: list[list[Char]] = [[] for _ in range(len(cuts) + 1)]
        for ch in line.chars:
            parts[bisect_right(cuts, ch.cx)].append(ch)
        out.extend(Line.of(p) for p in parts if p)
    return out


def _tables(content: PageContent) -> list[tuple[list[Segment], tuple[list[float], list[float]]]]:
    """The page's ruled tables with their grid edges, within the limits of cost."""
    reached = content.limits
    lines = merge_segments(content.segments)
    across = sum(s.horizontal for s in lines)
    pairs = across * (len(lines) - across)  # find_tables compares every such pair
    if len(lines) > limits.MAX_RULING_LINES:
        reached.append(LimitReached("ruling_lines", limits.MAX_RULING_LINES, len(lines)))
        return []
    if pairs > limits.MAX_LINE_PAIRS:
        reached.append(LimitReached("line_pairs", limits.MAX_LINE_PAIRS, pairs))
        return []
    tables = find_tables(lines)
    if len(tables) > limits.MAX_PAGE_TABLES:  # each is matched against every character
        reached.append(LimitReached("page_tables", limits.MAX_PAGE_TABLES, len(tables)))
        tables = tables[:limits.MAX_PAGE_TABLES]
    out = []
    for table in tables:
        edges = grid_edges(table)
        cells = (len(edges[0]) - 1) * (len(edges[1]) - 1)
        if cells > limits.MAX_GRID_CELLS:
            reached.append(LimitReached("grid_cells", limits.MAX_GRID_CELLS, cells))
            continue
        out.append((table, edges))
    return out


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
    reached: list[LimitReached] = []
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
                else:  # a reader sees an empty page (CNB-REV-031 reports one inside the file)
                    problems.append(f"page {index + 1} of {pages}: blank (nothing is printed "
                                    "on it)")
                continue
            layout = layout_page(content)
            blocks.extend(page_blocks(layout, path.name))
            label = page_label(layout)
            if label is not None:
                labels[index + 1] = label
            place = Place(path.name, index + 1)
            reached.extend(replace(r, place=place) for r in content.limits)
    finally:
        pdf.close()
    return SourceDocument(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
        blocks=join_paragraphs(blocks),
        page_labels=labels,
        problems=problems,
        limits=reached,
    )
