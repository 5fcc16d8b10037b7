"""A ruled table laid out over pages: title, page header block, multi-row header with
spans, 栏次 row, body rows (wrapped inside their cells, broken across pages where the
layout allows), notes."""

from __future__ import annotations

from dataclasses import dataclass

from cnbudget.render.flow import Box, Flow
from cnbudget.render.layouts import Layout
from cnbudget.render.rows import PrintedRow
from cnbudget.render.text import draw_line, width, wrap


@dataclass(slots=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_cells(layout: Layout, unit: str) -> list[HeaderCell]:
    """Header cells from the columns' label paths: equal labels under equal parents span
    columns; the last label of a short path spans down to the last header row."""
    depth = layout.depth
    cells: list[HeaderCell] = []
    for r in range(depth):
        c = 0
        while c < len(layout.columns):
            path = layout.columns[c].header
            if r >= len(path):
                c += 1
                continue
            rowspan = depth - r if r == len(path) - 1 else 1
            end = c + 1
            while end < len(layout.columns):
                other = layout.columns[end].header
                if other[: r + 1] != path[: r + 1] or (
                        (depth - r if r == len(other) - 1 else 1) != rowspan):
                    break
                end += 1
            cells.append(HeaderCell(path[r].format(unit=unit), r, c, rowspan, end - c))
            c = end
    return cells


@dataclass(slots=True)
class Body:
    """A body row: per cell its wrapped lines; ``None`` cells are covered by the left one."""

    lines: list[list[str] | None]
    spans: list[int]

    @property
    def height_lines(self) -> int:
        return max([len(c) for c in self.lines if c is not None] + [1])


class TablePrinter:
    def __init__(self, flow: Flow, layout: Layout, widths: list[float], meta: list[str],
                 unit: str) -> None:
        self.flow = flow
        self.layout = layout
        self.widths = widths
        self.meta = meta
        self.xs = [flow.s.margin]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.header = self._header_rows(header_cells(layout, unit))
        self.lh = flow.s.line_height
        self.pad = flow.s.cell_padding

    # geometry -------------------------------------------------------------------------
    def _wrap(self, text: str, c0: int, c1: int) -> list[str]:
        inner = self.xs[c1 + 1] - self.xs[c0] - 2 * self.flow.s.cell_padding
        return wrap(text, inner, self.flow.s.font_size)

    def body(self, cells: PrintedRow) -> Body:
        lines: list[list[str] | None] = []
        spans: list[int] = []
        for i, text in enumerate(cells):
            if text is None:
                lines.append(None)
                spans.append(0)
                continue
            span = 1
            while i + span < len(cells) and cells[i + span] is None:
                span += 1
            lines.append(self._wrap(text, i, i + span - 1))
            spans.append(span)
        return Body(lines, spans)

    def _row_height(self, n: int) -> float:
        return n * self.lh + self.pad

    def _header_rows(self, cells: list[HeaderCell]) -> list[HeaderCell]:
        return cells

    def _header_height(self) -> tuple[list[float], float]:
        depth = self.layout.depth
        need = [1] * depth
        for hc in self.header:
            n = len(self._wrap(hc.text, hc.col, hc.col + hc.colspan - 1)) or 1
            per = -(-n // hc.rowspan)
            for r in range(hc.row, hc.row + hc.rowspan):
                need[r] = max(need[r], per)
        heights = [self._row_height(n) for n in need]
        colnum = self._row_height(self._colnum_lines()) if self.layout.colnums else 0.0
        return heights, sum(heights) + colnum

    def _colnum_labels(self) -> list[list[str]]:
        """The 栏次 row: 栏次 over the first column, then the columns numbered from 1."""
        return [self._wrap("栏次" if c == 0 else str(c), c, c) for c in range(len(self.widths))]

    def _colnum_lines(self) -> int:
        return max(len(lines) for lines in self._colnum_labels())

    # drawing --------------------------------------------------------------------------
    def _cell_text(self, lines: list[str], x0: float, x1: float, top: float,
                   align: str) -> None:
        s = self.flow.s
        for k, text in enumerate(lines):
            ltop = top + self.pad / 2 + k * self.lh + (self.lh - s.font_size) / 2
            x = x0 + self.pad
            if align != "left":
                free = (x1 - x0 - 2 * self.pad) - width(text, s.font_size)
                x += max(0.0, free / 2 if align == "center" else free)
            draw_line(self.flow.canvas, text, x, ltop, s.font_size)

    def _draw_header(self, boxes: list[Box]) -> None:
        heights, _ = self._header_height()
        ys = [self.flow.y]
        for h in heights:
            ys.append(ys[-1] + h)
        for hc in self.header:
            x0, x1 = self.xs[hc.col], self.xs[hc.col + hc.colspan]
            top, bottom = ys[hc.row], ys[hc.row + hc.rowspan]
            lines = self._wrap(hc.text, hc.col, hc.col + hc.colspan - 1)
            free = (bottom - top) - self._row_height(len(lines))
            self._cell_text(lines, x0, x1, top + max(0.0, free / 2), "center")
            boxes.append((x0, top, x1, bottom))
        self.flow.y = ys[-1]
        if self.layout.colnums:
            top, bottom = self.flow.y, self.flow.y + self._row_height(self._colnum_lines())
            for c, label in enumerate(self._colnum_labels()):
                self._cell_text(label, self.xs[c], self.xs[c + 1], top, "center")
                boxes.append((self.xs[c], top, self.xs[c + 1], bottom))
            self.flow.y = bottom

    def _draw_body(self, row: Body, nlines: int, boxes: list[Box]) -> None:
        top = self.flow.y
        bottom = top + self._row_height(nlines)
        for c, lines in enumerate(row.lines):
            if lines is None:
                continue
            c1 = c + row.spans[c]
            align = self.layout.columns[c].align if c < len(self.layout.columns) else "left"
            self._cell_text(lines[:nlines], self.xs[c], self.xs[c1], top, align)
            boxes.append((self.xs[c], top, self.xs[c1], bottom))
        self.flow.y = bottom

    # pages ----------------------------------------------------------------------------
    def _page_top(self, title: str | None) -> None:
        f = self.flow
        if title is not None:
            f.line(title, size=f.s.font_size * 1.4, align="center")
            f.skip(0.3)
        if self.layout.page_header:
            for text in self.meta:
                f.line(text)
        f.blank = False

    def print(self, title: str, rows: list[PrintedRow], notes: list[str],
              repeat_header: bool = True, keep: frozenset[int] = frozenset()) -> None:
        """The table from a new page where its title, header and first row do not fit the
        page's rest; a row of ``keep`` (by index) goes to the next page unless the row after
        it fits below it (a label row kept with the row it labels)."""
        f = self.flow
        bodies = [self.body(r) for r in rows]
        after = {id(bodies[i]): bodies[i + 1] for i in keep if i + 1 < len(bodies)}
        _, head_h = self._header_height()
        top_h = f.s.font_size * 1.4 * f.s.line_spacing + 0.3 * self.lh
        if self.layout.page_header:
            top_h += len(self.meta) * self.lh
        first = bodies[0].height_lines if bodies else 1
        f.ensure(top_h + head_h + self._row_height(1 if self.layout.split_rows else first))
        self._page_top(title)
        boxes: list[Box] = []
        self._draw_header(boxes)
        pending = list(bodies)
        on_page = 0
        while pending:
            row = pending.pop(0)
            n = row.height_lines
            fit = int((f.room - self.pad) // self.lh)
            nxt = after.get(id(row))
            need = self._row_height(n) + (0.0 if nxt is None else
                                          self._row_height(nxt.height_lines))
            if on_page > 0 and nxt is not None and need > f.room:
                pending.insert(0, row)  # with the row it labels, on the next page
            elif self._row_height(n) <= f.room or (
                    on_page == 0 and (not self.layout.split_rows or fit < 1)):
                self._draw_body(row, n, boxes)  # a row taller than a page overflows
                on_page += 1
                continue
            elif self.layout.split_rows and 1 <= fit < n:
                self._draw_body(row, fit, boxes)
                pending.insert(0, _rest(row, fit))
            else:
                pending.insert(0, row)
            f.rules(boxes)
            boxes = []
            f.new_page()
            on_page = 0
            self._page_top(None)
            if repeat_header:
                self._draw_header(boxes)
        f.rules(boxes)
        for note in notes:
            f.paragraph(note)


def _rest(row: Body, k: int) -> Body:
    """The part of a row after its first ``k`` lines, without its row number."""
    lines: list[list[str] | None] = [None if c is None else c[k:] for c in row.lines]
    return Body(lines, row.spans)
