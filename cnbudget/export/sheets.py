"""Rendering a :class:`~cnbudget.export.layout.Layout` into an openpyxl worksheet: the
title, the department and unit lines, header rows with merged group cells, the 栏次 row,
data rows (amounts as numbers in a number format with the published decimals, codes as
text, text neutralised against formula injection) and the notes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cnbudget.export.layout import Column, Layout, Value

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
INJECTION = ("=", "+", "-", "@", "\t", "\r")
MAX_NUMBER_DIGITS = 15
"""Excel keeps 15 significant digits; longer amounts are written as text, exactly."""


@dataclass(slots=True)
class Placed:
    """Where the parts of a rendered table are, for the template's validation/protection."""

    header_rows: tuple[int, int]
    first_data_row: int


def render(ws: Any, lay: Layout, dept_line: str, year: int, data_rows: int | None = None,
           year_label: str = "预算年度") -> Placed:
    """Lay the table out on the sheet; ``year_label`` is the document kind's (预算年度 /
    决算年度, :func:`cnbudget.standard.kind_wording`)."""
    width = max(lay.width, 2)
    _merged_text(ws, 1, 1, width, lay.title, Font(bold=True, size=14), center=True)
    ws.cell(2, 1, _safe(dept_line)).data_type = "s"
    meta = [f"{year_label}：{year}"] + ([f"截止日期：{lay.as_of}"] if lay.as_of else [])
    ws.cell(3, 1, "  ".join(meta))
    ws.cell(3, width, f"单位：{lay.unit}").alignment = Alignment(horizontal="right")
    r = 4
    grouped = any(c.group for c in lay.columns)
    first_header = r
    if grouped:
        _group_row(ws, r, lay.columns)
        r += 1
    for i, col in enumerate(lay.columns, start=1):
        if col.group or not grouped:
            _head(ws.cell(r, i, col.title))
    r += 1
    last_header = r - 1
    if lay.colnums:
        _colnum_row(ws, r, lay.columns)
        r += 1
    first_data = r
    for values in lay.rows:
        for i, (col, value) in enumerate(zip(lay.columns, values, strict=True), start=1):
            write_value(ws.cell(r, i), col, value)
        r += 1
    r += data_rows or 0
    for note in lay.notes:
        _merged_text(ws, r, 1, width, note, None, center=False)
        r += 1
    for i, col in enumerate(lay.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 30 if col.field in (
            "item", "function_name", "economic_name", "name", "project_name") else 14
    return Placed((first_header, last_header), first_data)


def _group_row(ws: Any, r: int, cols: list[Column]) -> None:
    i = 0
    while i < len(cols):
        col = cols[i]
        if col.group is None:  # no group: the leaf title spans both header rows
            _head(ws.cell(r, i + 1, col.title))
            _head(ws.cell(r + 1, i + 1))
            ws.merge_cells(start_row=r, start_column=i + 1, end_row=r + 1, end_column=i + 1)
            i += 1
            continue
        j = i
        while j + 1 < len(cols) and cols[j + 1].group == col.group and \
                cols[j + 1].side == col.side:
            j += 1
        _head(ws.cell(r, i + 1, col.group))
        for k in range(i + 2, j + 2):
            _head(ws.cell(r, k))
        if j > i:
            ws.merge_cells(start_row=r, start_column=i + 1, end_row=r, end_column=j + 1)
        i = j + 1


def _colnum_row(ws: Any, r: int, cols: list[Column]) -> None:
    n = 0
    label_at = next((i for i, c in enumerate(cols) if c.kind != "amount"), 0)
    for i, col in enumerate(cols):
        cell = ws.cell(r, i + 1)
        if i == label_at:
            cell.value = "栏次"
        elif col.kind == "amount":
            n += 1
            cell.value = str(n)
        _head(cell)


def _head(cell: Any) -> None:
    cell.font = Font(bold=True)
    cell.fill = HEAD_FILL
    cell.border = BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _merged_text(ws: Any, r: int, c0: int, c1: int, text: str, font: Font | None,
                 center: bool) -> None:
    cell = ws.cell(r, c0)
    cell.value = _safe(text)
    cell.data_type = "s"
    if font:
        cell.font = font
    cell.alignment = Alignment(horizontal="center" if center else "left", wrap_text=True)
    if c1 > c0:
        ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c1)


def write_value(cell: Any, col: Column, value: Value) -> None:
    cell.border = BOX
    if value is None:
        if col.kind in ("code", "text"):
            cell.number_format = "@"
        return
    if col.kind == "line":
        cell.value = value
        cell.number_format = "0"
    elif col.kind == "amount" and isinstance(value, Decimal):
        _amount(cell, value)
    else:
        cell.value = _safe(str(value))
        cell.data_type = "s"
        cell.number_format = "@"
        if str(value).startswith(INJECTION):
            cell.quotePrefix = True


def _amount(cell: Any, value: Decimal) -> None:
    _, digits, exponent = value.as_tuple()
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if len(digits) > MAX_NUMBER_DIGITS:
        cell.value = str(value)
        cell.data_type = "s"
        cell.alignment = Alignment(horizontal="right")
        return
    cell.value = value
    cell.number_format = "#,##0" + ("." + "0" * decimals if decimals else "")


def _safe(text: str) -> str:
    """Text for a string cell: XML-illegal control characters removed."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
