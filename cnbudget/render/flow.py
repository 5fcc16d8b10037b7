"""The page flow: a canvas, a cursor from the top of the page, page breaks, ruled boxes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO, Literal

from reportlab.pdfgen.canvas import Canvas

from cnbudget.render.settings import RenderSettings
from cnbudget.render.text import draw_line, width, wrap

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom from the top-left of the page."""


class Flow:
    """Content placed top to bottom; ``y`` is the distance of the cursor from the top."""

    def __init__(self, out: BinaryIO, settings: RenderSettings, title: str) -> None:
        self.s = settings
        self.canvas = Canvas(out, pagesize=settings.page_size, invariant=True,
                             pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setCreator("cnbudget render")
        self.y = settings.margin
        self.pages = 1
        self.blank = True

    @property
    def room(self) -> float:
        return self.s.body_bottom - self.y

    def new_page(self) -> None:
        if self.blank:
            return
        self.canvas.showPage()
        self.pages += 1
        self.y = self.s.margin
        self.blank = True

    def ensure(self, height: float) -> None:
        if height > self.room:
            self.new_page()

    def line(self, text: str, *, size: float | None = None, indent: float = 0.0,
             align: Literal["left", "center", "right"] = "left") -> None:
        """One line of text (no wrapping) at the cursor."""
        size = size or self.s.font_size
        height = size * self.s.line_spacing
        self.ensure(height)
        x = self.s.margin + indent
        if align != "left":
            free = self.s.body_width - indent - width(text, size)
            x += free / 2 if align == "center" else free
        draw_line(self.canvas, text, x, self.y + (height - size) / 2, size)
        self.y += height
        self.blank = False

    def paragraph(self, text: str, *, indent_em: float = 2.0, size: float | None = None,
                  align: Literal["left", "center", "right"] = "left") -> None:
        """Text wrapped to the body width; the first line indented (Chinese style)."""
        size = size or self.s.font_size
        first_indent = indent_em * size
        lines = wrap(text, self.s.body_width - first_indent, size)
        if len(lines) > 1:
            tail = text.strip()[len(lines[0]):].lstrip()
            lines = [lines[0], *wrap(tail, self.s.body_width, size)]
        for i, line in enumerate(lines):
            self.line(line, size=size, indent=first_indent if i == 0 else 0.0,
                      align=align if i == 0 else "left")

    def grid_row(self, cells: list[str], widths: list[float], *,
                 size: float | None = None) -> None:
        """One ruled row of cells side by side (a small table inside the narrative); a
        cell's text is cut to the first line of its box (multi-line cells are read back
        as other rows: wrapping them loses more than it keeps)."""
        size = size or self.s.font_size
        pad = self.s.cell_padding
        height = size * self.s.line_spacing + 2 * pad
        self.ensure(height)
        x = self.s.margin
        boxes: list[Box] = []
        for text, w in zip(cells, widths, strict=True):
            line = (wrap(text, w - 2 * pad, size) or [""])[0] if text.strip() else ""
            if line:
                draw_line(self.canvas, line, x + pad, self.y + (height - size) / 2, size)
            boxes.append((x, self.y, x + w, self.y + height))
            x += w
        self.rules(boxes)
        self.y += height
        self.blank = False

    def skip(self, lines: float = 0.5) -> None:
        self.y += lines * self.s.line_height

    def rules(self, boxes: Iterable[Box]) -> None:
        """Draw the edges of the boxes as thin filled rectangles, each edge once."""
        hs: dict[float, list[tuple[float, float]]] = {}
        vs: dict[float, list[tuple[float, float]]] = {}
        for x0, top, x1, bottom in boxes:
            for y in (top, bottom):
                hs.setdefault(round(y, 2), []).append((x0, x1))
            for x in (x0, x1):
                vs.setdefault(round(x, 2), []).append((top, bottom))
        t = self.s.rule
        page_h = self.s.page_size[1]
        c = self.canvas
        c.setFillGray(0)
        for y, spans in hs.items():
            for a, b in _union(spans):
                c.rect(a - t / 2, page_h - y - t / 2, b - a + t, t, stroke=0, fill=1)
        for x, spans in vs.items():
            for a, b in _union(spans):
                c.rect(x - t / 2, page_h - b - t / 2, t, b - a + t, stroke=0, fill=1)

    def save(self) -> None:
        self.canvas.save()


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 0.01:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
