"""The template's data sheets: the resources a publisher fills in that have no official
table layout — the explanatory text (情况说明) and the performance targets (绩效目标,
项目绩效目标表, 绩效指标). Same layout as the export's data sheets
(:mod:`cnbudget.converters.excel.datafmt`), headers from the standard's field titles,
header rows locked, drop-down lists where the standard has a closed list."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cnbudget import standard
from cnbudget.converters.excel.datafmt import FIRST_ROW, TITLE_ROW
from cnbudget.export.datasheets import WIDE, DataField, data_fields, write_data_sheet
from cnbudget.export.layout import sheet_name

TEMPLATE_DATA: dict[str, tuple[str, list[str] | None, int]] = {
    # resource → (sheet name, fields offered (None: all), rows to fill)
    "text_sections": ("情况说明", ["number", "heading", "text"], 200),
    "performance_goals": ("绩效目标", ["goal_id", "scope", "position", "name", "text",
                                   "withheld", "withheld_reason"], 100),
    "performance_projects": ("项目绩效目标表", ["project_id", "position", "name", "goal",
                                         "amount", "withheld", "withheld_reason"], 100),
    "performance_indicators": ("绩效指标", None, 500),
}
NOTES = {
    "text_sections": "每行一节：编号（如“一、”）、标题、正文（可多段）。转换时按说明文字读取，"
                     "主题、说明中的数字和名词解释由文字推导。 / One section per row: number, "
                     "heading, text; read as the explanatory text (topics, stated figures and the "
                     "glossary are derived from it).",
    "performance_goals": "scope：department（部门整体）、item（项目）或 special_fund（专项资金）。"
                         "withheld（不公开）：true 或 false。",
    "performance_projects": "project_id（项目代码）由填表人自定，如 p1、p2，"
                            "绩效指标表用它关联项目。",
    "performance_indicators": "每行一个指标；project_id 填项目绩效目标表中的项目代码。"
                              "withheld_fields（不公开内容）写字段名，以逗号分隔。",
}
UNLOCKED = Protection(locked=False)


def add_data_sheets(wb: Workbook, taken: set[str], amount_format: str) -> None:
    for name, (title, offered, rows) in TEMPLATE_DATA.items():
        fields = [f for f in data_fields(name) if offered is None or f.name in offered]
        ws = wb.create_sheet(sheet_name(title, taken))
        write_data_sheet(ws, name, str(standard.table_schema(name)["title"]), fields, [],
                         numbers=True)
        ws.cell(TITLE_ROW, 1).comment = Comment(NOTES[name], "cnbudget")
        _prepare(ws, name, fields, rows, amount_format)


def _prepare(ws: Any, resource: str, fields: list[DataField], rows: int,
             amount_format: str) -> None:
    last = FIRST_ROW + rows - 1
    schema = {f["name"]: f for f in standard.table_schema(resource)["fields"]}
    for c, f in enumerate(fields, start=1):
        letter = get_column_letter(c)
        for r in range(FIRST_ROW, last + 1):
            cell = ws.cell(r, c)
            cell.protection = UNLOCKED
            cell.number_format = amount_format if f.amount else "@"
            cell.alignment = Alignment(wrap_text=f.name in WIDE, vertical="top")
        choices = _choices(schema[f.name])
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showErrorMessage=True)
            ws.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _choices(f: dict[str, Any]) -> list[str]:
    if f["type"] == "boolean":
        return ["true", "false"]
    enum: list[str] = f.get("constraints", {}).get("enum", [])
    return enum
