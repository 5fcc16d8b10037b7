"""Debug view: ``python -m cnbudget.converters.pdf.debug FILE.pdf PAGE out.png``.

Draws the rendered page with raw ruling segments (thin grey), detected grids (red:
cell edges, merged cells shown as one box) and text lines outside tables (blue boxes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw

from cnbudget.converters.pdf.extract import read_page
from cnbudget.converters.pdf.reader import layout_page

SCALE = 1.5


def draw_page(path: Path, page: int, out: Path) -> None:
    """Render page ``page`` (1-based) of ``path`` with the detected layout drawn over it."""
    pdf = pdfium.PdfDocument(path)
    try:
        content = read_page(pdf, page - 1)
        pg = pdf[page - 1]
        image = pg.render(scale=SCALE).to_pil().convert("RGB")
        pg.close()
    finally:
        pdf.close()
    layout = layout_page(content)
    draw = ImageDraw.Draw(image)

    def box(b: tuple[float, float, float, float], color: str, width: int = 1) -> None:
        draw.rectangle([v * SCALE for v in b], outline=color, width=width)

    for s in content.segments:
        if s.horizontal:
            draw.line([s.start * SCALE, s.pos * SCALE, s.end * SCALE, s.pos * SCALE], fill="#aaa")
        else:
            draw.line([s.pos * SCALE, s.start * SCALE, s.pos * SCALE, s.end * SCALE], fill="#aaa")
    for grid in layout.grids:
        for cell, own in grid.owner.items():
            if cell == own:
                box(grid.cell_bbox(cell), "red", 2)
    for rows in layout.tables:
        for row in rows:
            for i, c in enumerate(row.cells):
                if c.text:
                    draw.text((c.bbox[0] * SCALE + 2, c.bbox[1] * SCALE + 1), str(i), fill="green")
    for line in layout.lines:
        box(line.bbox, "blue")
    image.save(out)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    draw_page(Path(argv[0]), int(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
