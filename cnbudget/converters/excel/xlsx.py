"""Loader for Office Open XML workbooks (.xlsx, .xlsm): openpyxl's streaming reader for
cached values and number formats, :mod:`scan` for merged ranges, hidden rows and columns
and formulas saved without a calculated value."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl

from cnbudget.converters.excel.numbers import printed_number, printed_other
from cnbudget.converters.excel.scan import SheetRef, SheetStructure, scan_sheet, workbook_sheets
from cnbudget.converters.excel.sheet import (
    GridCell,
    RowBudget,
    SheetGrid,
    hide_merged,
    ref,
    text_cell_note,
)
from cnbudget.model import ConversionError

BROKEN = (zipfile.BadZipFile, zlib.error, ParseError, KeyError, ValueError, EOFError, OSError,
          TypeError, IndexError)
"""What openpyxl and the XML parser raise on a damaged workbook."""


def load_xlsx(path: Path, skip: set[str]) -> tuple[list[SheetGrid], list[str]]:
    """(grids of the visible sheets, workbook-level findings). ``skip`` names sheets the
    caller recognises as the toolkit's own (template instructions and code lists)."""
    source = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            refs = workbook_sheets(zf)
            structures = {r.part: scan_sheet(zf, r.part) for r in refs}
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except BROKEN as exc:
        raise ConversionError(f"{path}: corrupt workbook ({type(exc).__name__}: {exc})"
                              ) from None
    _refuse_uncalculated(path, structures)
    grids: list[SheetGrid] = []
    problems: list[str] = []
    try:
        for sheet_ref in refs:
            st = structures[sheet_ref.part]
            if sheet_ref.name in skip:
                continue
            if sheet_ref.state != "visible":
                if st.last_value_row:
                    problems.append(f"{source}, sheet {sheet_ref.name}: a {sheet_ref.state} "
                                    "sheet holds data; it is not read (unhide it to convert "
                                    "it)")
                continue
            grids.append(_grid(wb[sheet_ref.name], sheet_ref, st, source))
    except BROKEN as exc:
        raise ConversionError(f"{path}: corrupt workbook ({type(exc).__name__}: {exc})"
                              ) from None
    finally:
        wb.close()
    return grids, problems


def _refuse_uncalculated(path: Path, structures: dict[str, SheetStructure]) -> None:
    formulas = sum(s.formulas for s in structures.values())
    uncached = sum(s.uncached_count for s in structures.values())
    if formulas and uncached == formulas:
        raise ConversionError(
            f"{path}: the workbook's {formulas} formula cell(s) were saved without calculated "
            "values (it was written by a program, not saved by Excel or LibreOffice); open it "
            "in a spreadsheet program and save it so that the values are stored, then convert "
            "it again")


def _grid(ws: Any, sheet_ref: SheetRef, st: SheetStructure, source: str) -> SheetGrid:
    grid = SheetGrid(sheet_ref.name, merges=st.merges)
    budget = RowBudget(source, sheet_ref.name)
    for r, row in enumerate(ws.iter_rows(), start=1):
        blank = True
        for c, cell in enumerate(row, start=1):
            value = cell.value
            if value is None or value == "":
                continue
            gc = _cell(grid, r, c, value, cell, source)
            if gc is not None:
                grid.put(r, c, gc)
                blank = False
        if not budget.step(blank, r):
            grid.stopped_at = r
            break
    if grid.stopped_at is not None and st.last_value_row > grid.stopped_at:
        grid.problems.append(f"{source}, sheet {sheet_ref.name}: reading stopped at row "
                             f"{grid.stopped_at} after {budget.blank_run} blank rows; values "
                             f"further down (last in row {st.last_value_row}) are not read")
    for cell_ref, formula in st.uncached:
        grid.problems.append(f"{source}, sheet {sheet_ref.name}, cell {cell_ref}: formula "
                             f"{formula} has no calculated value saved; the cell is read as "
                             "empty")
    if st.uncached_count > len(st.uncached):
        grid.problems.append(f"{source}, sheet {sheet_ref.name}: "
                             f"{st.uncached_count - len(st.uncached)} more formula cells "
                             "without calculated values")
    if st.hidden_values:
        grid.problems.append(f"{source}, sheet {sheet_ref.name}: hidden rows or columns hold "
                             f"values (cells {', '.join(st.hidden_values[:10])}); they are read "
                             "as if visible")
    hide_merged(grid, source)
    return grid


def _cell(grid: SheetGrid, r: int, c: int, value: Any, cell: Any, source: str
          ) -> GridCell | None:
    if isinstance(value, bool):
        return GridCell(printed_other(value))
    if isinstance(value, int | float):
        text, note = printed_number(value, getattr(cell, "number_format", None))
        if note:
            grid.problems.append(f"{grid.where(source, r, c)}: {note}; the shown value is used")
        return GridCell(text, number=True)
    text = printed_other(value)
    if not text.strip():
        return None
    if getattr(cell, "data_type", "s") == "e":
        grid.problems.append(f"{grid.where(source, r, c)}: error value {text}")
    elif note := text_cell_note(text):
        grid.problems.append(f"{source}, sheet {grid.name}, cell {ref(r, c)}: {note}")
    return GridCell(text)
