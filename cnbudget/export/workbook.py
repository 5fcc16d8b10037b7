"""Package → a workbook that carries every resource of the package: the printed tables
laid out like the official tables (what reviewers read), data sheets for the resources the
official layout cannot hold, and hidden sheets that make the round trip exact. The workbook
front end converts it back to the same package (provenance then points at sheets and
cells; ``source`` names the workbook).

Sheets, in tab order:

* 填表说明 — how the workbook is laid out (中文 / English);
* 封面 — the document title;
* one sheet per printed table, in the standard's order, laid out like the official table;
* one **data sheet** per other resource (情况说明 sections, stated figures, performance
  goals, projects and indicators, glossary, extension resources ``x_…``, and a table whose
  rows cannot be printed in the official layout): row 1 marker,
  row 2 field titles, row 3 field names, then one row per record;
* hidden: a data sheet ``_<resource>`` per printed table (all its fields, including the
  codes the printed layout does not show, such as ``item_key``), and ``_cnbudget`` with
  the package metadata, each resource's properties and a fingerprint of each printed
  sheet (an edited printed sheet is read through its layout instead).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from cnbudget import standard
from cnbudget.atomic import write_file
from cnbudget.converters.excel import OWN_SHEETS
from cnbudget.converters.excel.datafmt import META_SHEET, fingerprint, hidden_sheet_name
from cnbudget.export.datasheets import (
    MetaEntry,
    data_fields,
    resource_title,
    stamp,
    table_props,
    text_cell,
    write_data_sheet,
    write_meta_sheet,
)
from cnbudget.export.layout import EXPORTED, ExportError, department_line, layout, sheet_name
from cnbudget.export.sheets import render
from cnbudget.model import Disclosure
from cnbudget.package import resource_order

INFO_SHEET = "填表说明"
INSTRUCTIONS = [
    ("本工作簿由 cnbudget export 生成，包含数据包的全部资源 / Written by `cnbudget export`; it "
     "holds every resource of the package", ""),
    ("1. 按公开表样式排版的工作表：每张公开表一个，供阅读和核对。",
     "Sheets laid out like the official tables: one per printed table, for reading."),
    ("2. 数据表（第1格为“cnbudget 数据表 / data sheet”）：公开表样式容纳不了的资源，如情况说明、"
     "说明中的数字、绩效目标、项目绩效目标表、绩效指标、名词解释和扩展资源（x_…）。第1行：标记、资源名、"
     "标题；第2行：字段中文名；第3行：字段名（转换时按它找列）；第4行起每行一条记录，值与数据包CSV相同。",
     "Data sheets (A1 'cnbudget 数据表 / data sheet') hold the resources the official layout "
     "cannot: row 1 marker, resource name, title; row 2 field titles; row 3 field names (the "
     "reader finds columns by them); from row 4 one record per row, values as in the CSV."),
    ("3. 隐藏工作表：每张公开表一个“_资源名”数据表（含印刷表不显示的代码，如 item_key），以及"
     "“_cnbudget”（数据包元数据、各资源属性、各公开表工作表的指纹）。",
     "Hidden sheets: a data sheet '_<resource>' per printed table (with the codes the layout "
     "does not show, e.g. item_key), and '_cnbudget' (package metadata, resource properties, "
     "a fingerprint of each printed sheet)."),
    ("4. cnbudget convert 读回同一数据包：公开表工作表未改动时取隐藏数据表的原值；"
     "改动过的按印刷表读取（代码由标签推导，转换报告会说明）。数据表可直接修改。",
     "`cnbudget convert` reads the same package back: an unchanged printed sheet is taken "
     "from its hidden data sheet; an edited one is read as printed (codes derived from the "
     "labels; the report says so). Data sheets may be edited directly."),
    ("5. 以 = + - @ 开头的文字按文本保存（不是公式）。",
     "Text starting with = + - @ is stored as text, never as a formula."),
]


def exported_resources(disclosure: Disclosure) -> list[str]:
    """The resources printed as official-layout sheets."""
    return [n for n in resource_order() if n in EXPORTED and n in disclosure.tables]


def data_resources(disclosure: Disclosure) -> list[str]:
    """The resources written as visible data sheets (everything else but provenance)."""
    printed = set(exported_resources(disclosure))
    known = [n for n in resource_order() if n in disclosure.tables and n not in printed]
    return known + sorted(n for n in disclosure.tables if n not in known and n not in printed)


def build_workbook(disclosure: Disclosure) -> Workbook:
    meta = disclosure.metadata
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    for r, (zh, en) in enumerate(INSTRUCTIONS, start=1):
        text_cell(info.cell(r, 1), zh).font = Font(bold=r == 1)
        if en:
            text_cell(info.cell(r, 2), en)
    info.column_dimensions["A"].width = info.column_dimensions["B"].width = 90
    cover = wb.create_sheet("封面")
    text_cell(cover["A1"], meta["title"]).font = Font(bold=True, size=16)
    taken = {INFO_SHEET, "封面", META_SHEET}
    entries: list[MetaEntry] = []
    unprintable: list[str] = []
    for name in exported_resources(disclosure):
        try:
            lay = layout(disclosure, name)
        except ExportError:  # e.g. two-list rows without matching row numbers
            unprintable.append(name)
            continue
        ws = wb.create_sheet(sheet_name(lay.title, taken))
        render(ws, lay, department_line(meta), int(meta["fiscal_year"]),
               year_label=standard.kind_wording(meta.get("document_kind"))["year_label"])
        entries.append(MetaEntry(name, hidden_sheet_name(name), printed_sheet=ws.title))
    for name in unprintable + data_resources(disclosure):
        table = disclosure.tables[name]
        title = resource_title(name, table)
        ws = wb.create_sheet(sheet_name(title, taken))
        write_data_sheet(ws, name, title, data_fields(name, table), table.rows, numbers=True)
        entries.append(MetaEntry(name, ws.title))
    for e in entries:
        table = disclosure.tables[e.name]
        e.props = table_props(table)
        if e.printed_sheet:
            ws = wb.create_sheet(e.data_sheet)
            taken.add(e.data_sheet)
            ws.sheet_state = "hidden"
            write_data_sheet(ws, e.name, resource_title(e.name, table),
                             data_fields(e.name, table), table.rows, numbers=False)
    meta_ws = write_meta_sheet(wb, meta, entries)
    stamp(meta_ws, entries, _fingerprints(wb))
    wb.properties.title = meta["title"]
    wb.properties.creator = "cnbudget"
    return wb


def _fingerprints(wb: Workbook) -> dict[str, str]:
    """The printed sheets' fingerprints as the workbook front end will see them: the
    workbook is saved once and read back by the front end's own loader."""
    from cnbudget.converters.excel.xlsx import load_xlsx

    skip = OWN_SHEETS | {ws.title for ws in wb.worksheets if ws.sheet_state != "visible"}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch) / "stamp.xlsx"
        wb.save(tmp)
        grids, _ = load_xlsx(tmp, skip)
    return {g.name: fingerprint(g) for g in grids}


def export_workbook(disclosure: Disclosure, target: Path, *, overwrite: bool = False) -> Path:
    wb = build_workbook(disclosure)
    return write_file(target, lambda tmp: _save(wb, tmp), overwrite=overwrite)


def _save(wb: Any, tmp: Path) -> None:
    wb.save(tmp)
