"""Package → a workbook laid out like the official tables (one sheet per table), which the
workbook front end converts back to the same rows.

Sheets: 封面 (document title), one sheet per disclosure table in the standard's order,
情况说明 (the explanatory text, one line per row). Resources that are not printed tables
(provenance, stated figures, performance tables, extension resources) are not in the
workbook; export them as CSV.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cnbudget.export.atomic import write_file
from cnbudget.export.layout import EXPORTED, department_line, layout, sheet_name
from cnbudget.export.sheets import render
from cnbudget.model import Disclosure
from cnbudget.package import resource_order

TEXT_SHEET = "情况说明"


def exported_resources(disclosure: Disclosure) -> list[str]:
    return [n for n in resource_order() if n in EXPORTED and n in disclosure.tables]


def build_workbook(disclosure: Disclosure) -> Workbook:
    meta = disclosure.metadata
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["A1"] = meta["title"]
    cover["A1"].font = Font(bold=True, size=16)
    taken = {"封面", TEXT_SHEET}
    for name in exported_resources(disclosure):
        lay = layout(disclosure, name)
        ws = wb.create_sheet(sheet_name(lay.title, taken))
        render(ws, lay, department_line(meta), int(meta["fiscal_year"]))
    text = disclosure.tables.get("text_sections")
    if text is not None and text.rows:
        ws = wb.create_sheet(TEXT_SHEET)
        r = 1
        for row in sorted(text.rows, key=lambda x: int(x.get("position") or 0)):
            heading = f"{row.get('number') or ''}{row.get('heading') or ''}".strip()
            lines = ([heading] if heading and heading != "（前言）" else []) + \
                [ln for ln in str(row.get("text") or "").split("\n") if ln.strip()]
            for line in lines:
                cell = ws.cell(r, 1, line)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True)
                r += 1
        ws.column_dimensions["A"].width = 120
    wb.properties.title = meta["title"]
    wb.properties.creator = "cnbudget"
    return wb


def export_workbook(disclosure: Disclosure, target: Path, *, overwrite: bool = False) -> Path:
    wb = build_workbook(disclosure)
    return write_file(target, lambda tmp: wb.save(tmp), overwrite=overwrite)
