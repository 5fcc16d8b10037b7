"""The one settings object of the renderer, validated once (:meth:`RenderSettings.resolve`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

A4 = (595.28, 841.89)


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """Page geometry and type of a rendered disclosure. All lengths are in PDF points."""

    page_size: tuple[float, float] = A4
    margin: float = 42.0
    font_size: float = 9.0
    line_spacing: float = 1.4
    """Line height as a multiple of the font size."""
    lines_per_page: int | None = None
    """Page length: at most this many text lines of body per page (None: as many as fit).
    Short pages break tables the way the narrow Hebei print does."""
    column_scale: float = 1.0
    """Factor applied to the default column widths of every table."""
    column_widths: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    """Explicit column widths per resource name (one per printed column), overriding the
    default layout."""
    cell_padding: float = 3.0
    rule: float = 0.5
    """Thickness of the ruling lines (drawn as thin filled rectangles)."""

    @property
    def line_height(self) -> float:
        return self.font_size * self.line_spacing

    @property
    def body_width(self) -> float:
        return self.page_size[0] - 2 * self.margin

    @property
    def body_bottom(self) -> float:
        """Lowest y (from the top) that body content may reach."""
        bottom = self.page_size[1] - self.margin
        if self.lines_per_page is not None:
            bottom = min(bottom, self.margin + self.lines_per_page * self.line_height)
        return bottom

    def min_column(self) -> float:
        """The narrowest usable column: one CJK character and the padding."""
        return self.font_size + 2 * self.cell_padding + 0.5

    def resolve(self) -> RenderSettings:
        """Check the settings; raise ValueError naming the first bad one."""
        w, h = self.page_size
        if not (100 <= w <= 5000 and 100 <= h <= 5000):
            raise ValueError(f"page_size {self.page_size}: each side must be 100–5000 points")
        if not 4 <= self.font_size <= 36:
            raise ValueError(f"font_size {self.font_size}: must be 4–36 points")
        if not 1.1 <= self.line_spacing <= 3:
            raise ValueError(f"line_spacing {self.line_spacing}: must be 1.1–3")
        if not 0 <= self.margin < min(w, h) / 3:
            raise ValueError(f"margin {self.margin}: too large for the page")
        if self.lines_per_page is not None and self.lines_per_page < 12:
            raise ValueError(f"lines_per_page {self.lines_per_page}: at least 12 lines are "
                             "needed for a title, the page header and one table row")
        if not 0.2 <= self.column_scale <= 5:
            raise ValueError(f"column_scale {self.column_scale}: must be 0.2–5")
        if not 0.1 <= self.rule <= 2:
            raise ValueError(f"rule {self.rule}: must be 0.1–2 points")
        for name, widths in self.column_widths.items():
            if any(x < self.min_column() for x in widths):
                raise ValueError(f"column_widths[{name!r}]: every column needs at least "
                                 f"{self.min_column():.1f} points")
        return self
