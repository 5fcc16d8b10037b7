"""A blank workbook template generated from the standard: one sheet per disclosure table
with the official Chinese headers (field titles), an instructions sheet (中文 / English),
data sheets for the explanatory text and the performance targets (:mod:`template_data`),
drop-down lists of classification codes and line items read from the codelists (a hidden
``_codelists`` sheet), locked header rows, and the unit stated above each table. Filled in,
it converts back through the ordinary workbook front end; the layout is the export's
(:mod:`cnbudget.export.layout`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cnbudget import standard
from cnbudget.atomic import write_file
from cnbudget.export.layout import EXPORTED, TWO_LIST, Column, Layout, columns_for, sheet_name
from cnbudget.export.sheets import render
from cnbudget.export.template_data import add_data_sheets
from cnbudget.package import resource_order

KINDS = {"department_budget": "部门预算", "unit_budget": "单位预算",
         "department_final_accounts": "部门决算", "unit_final_accounts": "单位决算"}
DEFAULT_ROWS = 150
"""Empty rows a template sheet offers when the Table Schema sets no ``x-template-rows``."""
UNLOCKED = Protection(locked=False)
LISTS: dict[str, tuple[str, str, str | None]] = {
    # list name → (codelist, column of the codelist, filter "column=value")
    "function_codes": ("function_classification", "code", None),
    "economic_codes": ("economic_classification", "code", None),
    "income_items": ("summary_items", "title", "side=income"),
    "expenditure_items": ("summary_items", "title", "side=expenditure"),
    "function_classes": ("function_classification", "title", "level=1"),
    "three_public_items": ("three_public_items", "title", None),
    "asset_items": ("asset_items", "title", None),
    "natures": ("organization_natures", "title", None),
}
INSTRUCTIONS = [
    ("填表说明 / Instructions (cnbudget template, standard {version})", ""),
    ("1. 每张表一个工作表，表头行已锁定；在表头下方的空行逐行填写，不要留空行，不要合并单元格。",
     "One sheet per table; header rows are locked. Fill one row per line below the header, "
     "without blank rows or merged cells."),
    ("2. 第2行填写部门编码和部门名称，如“201 中国共产党卢龙县委员会办公室”；"
     "没有编码时写“编制部门：名称”。第1行可改为本文件印刷的表名。",
     "Row 2: department code and name as printed, e.g. '201 <name>'; without a code write "
     "'编制部门：<name>'. Row 1 may be changed to the title as your document prints it."),
    ("3. 第3行右侧选择金额单位（万元或元）；金额按公布的数字和小数位数填写，不要改用公式。",
     "Row 3, right: choose the unit (万元 or 元). Type amounts as published, with their "
     "decimals; no formulas."),
    ("4. 科目编码从下拉列表选择或直接输入（以文本保存，保留前导零）；"
     "类/款/项编码写成一个完整编码。",
     "Classification codes: pick from the drop-down or type them (kept as text); write the "
     "full code in one cell."),
    ("5. 收支总表、财政拨款收支总表：左侧填收入，右侧填支出，“序号”按公开表印刷的行次填写。",
     "Two-list tables: income on the left, expenditure on the right, 序号 as printed."),
    ("6. 空表：不填数据行，在表下方写“注：……空表列示”。表下方以“注：”开头的行为表注。",
     "Empty tables: leave the rows empty and write the note '注：…' below the table."),
    ("7. 数据表（情况说明、绩效目标、项目绩效目标表、绩效指标）：第2行是字段中文名，第3行是字段名"
     "（勿改），从第4行起每行一条。情况说明每行一节：编号、标题、正文。",
     "Data sheets (情况说明, 绩效目标, 项目绩效目标表, 绩效指标): row 2 field titles, row 3 "
     "field names (keep them), one record per row from row 4; 情况说明: one section per row."),
    ("8. 填好后运行 cnbudget convert 文件.xlsx -o 输出文件夹，或 cnbudget validate 文件.xlsx。",
     "Then run `cnbudget convert FILE.xlsx -o DIR` or `cnbudget validate FILE.xlsx`."),
]


def build_template(year: int, kind: str = "department_budget", unit: str = "万元",
                   decimals: int = 2) -> Workbook:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; one of {', '.join(KINDS)}")
    if unit not in ("万元", "元"):
        raise ValueError("unit must be 万元 or 元")
    wb = Workbook()
    info = wb.active
    info.title = "填表说明"
    for r, (zh, en) in enumerate(INSTRUCTIONS, start=1):
        info.cell(r, 1, zh.format(version=standard.version())).font = Font(bold=r == 1)
        info.cell(r, 2, en)
    info.column_dimensions["A"].width = 90
    info.column_dimensions["B"].width = 90
    cover = wb.create_sheet("封面")
    cover["A1"] = f"{year}年{KINDS[kind]}"
    cover["A1"].font = Font(bold=True, size=16)
    cover["A1"].comment = Comment("按文件封面印刷的标题填写；文件没有封面时清空"
                                  "（封面文字按前言读取）。"
                                  " / The title as the document's cover prints it; clear it "
                                  "when the document has no cover (cover text is read as a "
                                  "preamble).", "cnbudget")
    ranges = _codelist_sheet(wb)
    taken = {"填表说明", "封面", "_codelists"}
    for name in [n for n in resource_order() if n in EXPORTED
                 and standard.table_schema(n).get("x-template", True)]:
        # a table some provinces add (x-template false) is no sheet of the template
        cols = columns_for(name, None, kind)
        ts = standard.table_schema(name)
        lay = Layout(name, standard.printed_title(name, kind), cols,
                     ts.get("x-kind") == "table", unit=unit)
        ws = wb.create_sheet(sheet_name(lay.title, taken))
        rows = int(standard.table_schema(name).get("x-template-rows", DEFAULT_ROWS))
        placed = render(ws, lay, "", year, data_rows=rows,
                        year_label=standard.kind_wording(kind)["year_label"])
        _prepare(ws, lay, placed.first_data_row, rows, unit, decimals, ranges)
    add_data_sheets(wb, taken, "#,##0" + ("." + "0" * decimals if decimals else ""))
    return wb


def write_template(target: Path, year: int, kind: str = "department_budget",
                   unit: str = "万元", decimals: int = 2, *, overwrite: bool = False) -> Path:
    wb = build_template(year, kind, unit, decimals)
    return write_file(target, lambda tmp: wb.save(tmp), overwrite=overwrite)


def _codelist_sheet(wb: Workbook) -> dict[str, str]:
    ws = wb.create_sheet("_codelists")
    ws.sheet_state = "hidden"
    ws["A1"] = "cnbudget codelists (generated; do not edit)"
    out: dict[str, str] = {}
    for c, (list_name, (cl_name, column, flt)) in enumerate(LISTS.items(), start=1):
        rows: list[dict[str, str]] = list(standard.codelist(cl_name).rows)
        if flt:
            key, value = flt.split("=")
            rows = [r for r in rows if r.get(key) == value]
        ws.cell(2, c, list_name)
        for r, row in enumerate(rows, start=3):
            cell = ws.cell(r, c, row[column])
            cell.data_type = "s"
        letter = get_column_letter(c)
        out[list_name] = f"_codelists!${letter}$3:${letter}${len(rows) + 2}"
    ws.protection.sheet = True
    return out


def _list_for(resource: str, col: Column) -> tuple[str, bool] | None:
    """(list name, strict) for a column, or None."""
    if col.field == "function_code":
        return "function_codes", False
    if col.field == "economic_code":
        return "economic_codes", False
    if resource in TWO_LIST and col.field == "item":
        return ("income_items" if col.side == "income" else "expenditure_items"), False
    if resource == "three_public_expenses" and col.field == "item":
        return "three_public_items", False
    if resource == "fixed_assets" and col.field == "item":
        return "asset_items", False
    if resource == "organizations" and col.field == "nature":
        return "natures", False
    return None


def _prepare(ws: Any, lay: Layout, first: int, rows: int, unit: str, decimals: int,
             ranges: dict[str, str]) -> None:
    last = first + rows - 1
    ws["A1"].protection = UNLOCKED  # the title as the document prints it
    ws["A2"].protection = UNLOCKED
    ws["A3"].protection = UNLOCKED  # 预算年度 / 决算年度 (and 截止日期 of the fixed assets table)
    ws["A2"].comment = Comment("部门编码 部门名称，如：201 中国共产党卢龙县委员会办公室 / "
                               "department code and name", "cnbudget")
    unit_cell = ws.cell(3, max(lay.width, 2))
    unit_cell.protection = UNLOCKED
    dv_unit = DataValidation(type="list", formula1='"单位：万元,单位：元"', allow_blank=False)
    ws.add_data_validation(dv_unit)
    dv_unit.add(unit_cell.coordinate)
    amount_format = "#,##0" + ("." + "0" * decimals if decimals else "")
    for i, col in enumerate(lay.columns, start=1):
        letter = get_column_letter(i)
        for r in range(first, last + 6):
            cell = ws.cell(r, i)
            cell.protection = UNLOCKED
            if col.kind == "amount":
                cell.number_format = amount_format
            elif col.kind in ("code", "text"):
                cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=col.kind == "text")
        listed = _list_for(lay.resource, col)
        if listed:
            name, strict = listed
            dv = DataValidation(type="list", formula1=f"={ranges[name]}", allow_blank=True,
                                showErrorMessage=strict, errorStyle="warning")
            ws.add_data_validation(dv)
            dv.add(f"{letter}{first}:{letter}{last}")
        elif col.kind == "amount":
            dv = DataValidation(type="decimal", operator="between", formula1="-1e15",
                                formula2="1e15", allow_blank=True, showErrorMessage=True,
                                error="金额须为数字 / amounts must be numbers")
            ws.add_data_validation(dv)
            dv.add(f"{letter}{first}:{letter}{last}")
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.freeze_panes = ws.cell(first, 1)
