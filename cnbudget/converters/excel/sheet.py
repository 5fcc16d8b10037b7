"""Stage 2 of the workbook front end: one sheet → a sparse grid of printed cell texts.

Each loader (openpyxl for .xlsx, calamine for .xls) fills a :class:`SheetGrid`; everything
after that is shared. Work is bounded: a sheet is read row by row and reading stops after
:data:`MAX_BLANK_RUN` consecutive blank rows or :data:`MAX_ROWS` rows with content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils.cell import get_column_letter

from cnbudget.model import ConversionError

MAX_BLANK_RUN = 1000
"""Stop reading a sheet after this many consecutive blank rows."""
MAX_ROWS = 100_000
"""A sheet with more rows holding content is not a disclosure table; refuse it."""
_TEXT_NUMBER = re.compile(r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+\s*$|"
                          r"^\s*[-+]?\d{1,3}(?:,\d{3})+\s*$")


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    number: bool = False


@dataclass(slots=True)
class SheetGrid:
    name: str
    cells: dict[int, dict[int, GridCell]] = field(default_factory=dict)
    """row → column → cell, 1-based, non-empty cells only."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stopped_at: int | None = None
    """Row after which reading stopped at a long blank run."""

    def where(self, source: str, row: int, col: int) -> str:
        return f"{source}, sheet {self.name}, cell {ref(row, col)}"

    def put(self, row: int, col: int, cell: GridCell) -> None:
        self.cells.setdefault(row, {})[col] = cell


def ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


class RowBudget:
    """Counts rows as a loader streams them; says when to stop."""

    def __init__(self, source: str, sheet: str) -> None:
        self.source, self.sheet = source, sheet
        self.blank_run = 0
        self.rows = 0

    def step(self, blank: bool, row: int) -> bool:
        """Record one row; False when reading should stop."""
        if blank:
            self.blank_run += 1
            return self.blank_run < MAX_BLANK_RUN
        self.blank_run = 0
        self.rows += 1
        if self.rows > MAX_ROWS:
            raise ConversionError(f"{self.source}, sheet {self.sheet}: more than {MAX_ROWS:,} "
                                  f"rows with content (row {row}); not a disclosure table — "
                                  "refused")
        return True


def text_cell_note(text: str) -> str | None:
    """A finding for a number typed as text (it converts, but may not be what was meant)."""
    if _TEXT_NUMBER.match(text):
        return f"the number {text.strip()!r} is stored as text"
    return None


def hide_merged(grid: SheetGrid, source: str) -> None:
    """Keep merged values in the top-left cell only; a value hidden under a merged range is
    a finding and is dropped (Excel shows only the top-left cell)."""
    for min_col, min_row, max_col, max_row in grid.merges:
        for r in range(min_row, min(max_row, min_row + 10_000) + 1):
            row = grid.cells.get(r)
            if not row:
                continue
            for c in [c for c in row if min_col <= c <= max_col]:
                if (r, c) == (min_row, min_col):
                    continue
                hidden = row.pop(c)
                grid.problems.append(
                    f"{grid.where(source, r, c)}: value {hidden.text!r} is hidden under the "
                    f"merged range {ref(min_row, min_col)}:{ref(max_row, max_col)}; not read")
            if not row:
                grid.cells.pop(r, None)
