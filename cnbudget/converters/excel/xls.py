"""Loader for legacy BIFF workbooks (.xls) through python-calamine.

calamine gives cached values, merged ranges and sheet visibility for .xls, but not number
formats: amounts are read at their stored value (``29.7`` where the sheet shows ``29.70``),
which the conversion report says once per workbook.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import python_calamine as pc

from cnbudget.converters.excel.numbers import printed_number, printed_other
from cnbudget.converters.excel.sheet import (
    GridCell,
    RowBudget,
    SheetGrid,
    hide_merged,
    text_cell_note,
)
from cnbudget.model import ConversionError

CellValue = int | float | str | bool | date | datetime | time | timedelta


def load_xls(path: Path, skip: set[str]) -> tuple[list[SheetGrid], list[str]]:
    source = path.name
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise ConversionError(f"{path}: the workbook is password-protected (encrypted); remove "
                              "the password in Excel or LibreOffice, save it, and convert the "
                              "copy") from None
    except (pc.CalamineError, pc.XmlError, pc.ZipError, OSError, ValueError) as exc:
        raise ConversionError(f"{path}: corrupt or unsupported .xls workbook "
                              f"({type(exc).__name__}: {exc})") from None
    problems = [f"{source}: a legacy .xls (BIFF) workbook: number formats are not read, so "
                "amounts keep their stored digits (29.7 where the sheet shows 29.70) and "
                "formula cells are read through their saved values; save it as .xlsx for an "
                "exact reading"]
    grids: list[SheetGrid] = []
    try:
        for meta in wb.sheets_metadata:
            if meta.name in skip or meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            if meta.visible != pc.SheetVisibleEnum.Visible:
                if sheet.height and any(v not in ("", None) for row in sheet.iter_rows()
                                        for v in row):
                    problems.append(f"{source}, sheet {meta.name}: a hidden sheet holds data; "
                                    "it is not read (unhide it to convert it)")
                continue
            grids.append(_grid(sheet, source))
    except (pc.CalamineError, pc.XmlError, OSError, ValueError) as exc:
        raise ConversionError(f"{path}: corrupt .xls workbook ({type(exc).__name__}: {exc})"
                              ) from None
    finally:
        wb.close()
    return grids, problems


def _grid(sheet: pc.CalamineSheet, source: str) -> SheetGrid:
    start_row, start_col = sheet.start or (0, 0)
    merges = [(c0 + 1, r0 + 1, c1 + 1, r1 + 1)
              for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
    grid = SheetGrid(sheet.name, merges=merges)
    budget = RowBudget(source, sheet.name)
    for i, values in enumerate(sheet.iter_rows()):
        r = start_row + i + 1
        blank = True
        for j, value in enumerate(values):
            cell = _cell(grid, r, start_col + j + 1, value, source)
            if cell is not None:
                grid.put(r, start_col + j + 1, cell)
                blank = False
        if not budget.step(blank, r):
            grid.stopped_at = r
            grid.problems.append(f"{source}, sheet {sheet.name}: reading stopped at row {r} "
                                 f"after {budget.blank_run} blank rows")
            break
    hide_merged(grid, source)
    return grid


def _cell(grid: SheetGrid, r: int, c: int, value: CellValue, source: str) -> GridCell | None:
    if isinstance(value, bool):
        return GridCell(printed_other(value))
    if isinstance(value, int | float):
        return GridCell(printed_number(value, None)[0], number=True)
    text = printed_other(value)
    if not text.strip():
        return None
    if note := text_cell_note(text):
        grid.problems.append(f"{grid.where(source, r, c)}: {note}")
    return GridCell(text)
