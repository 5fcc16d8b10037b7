"""Where a piece of content was printed: shared by the model, converters and validator."""

from __future__ import annotations

from dataclasses import dataclass

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom in PDF points, origin at the top-left of the page."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a piece of content was printed."""

    source: str
    """File name of the source document (no directory)."""
    page: int | None
    """1-based page number in the source, when known."""
    line: int | None = None
    """1-based line number, for text sources."""
    bbox: BBox | None = None
    """Bounding box on the page, for PDF sources."""
    sheet: str | None = None
    """Sheet name, for workbook sources."""
    cell: str | None = None
    """Cell reference such as ``B7``, for workbook sources."""

    def describe(self) -> str:
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)
