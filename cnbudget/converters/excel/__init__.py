"""Workbook front end: .xlsx/.xlsm (openpyxl) and .xls (calamine) → a SourceDocument.

Stages: :mod:`container` (what is this file, is it safe), :mod:`scan` (merged ranges,
hidden rows, formulas without values), :mod:`xlsx` / :mod:`xls` (cells → printed text),
:mod:`blocks` (sheet → text and row blocks), :mod:`datasheets` and :mod:`overlay` (the toolkit's own
data sheets, read directly into resources; layout in :mod:`datafmt`). Findings — a formula
without a saved value, a number typed as text, a hidden sheet holding data, a value hidden
under a merged range — go into ``SourceDocument.problems`` with sheet and cell; nothing is
guessed silently.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cnbudget.converters.excel.blocks import sheet_blocks
from cnbudget.converters.excel.container import sniff
from cnbudget.converters.excel.datafmt import fingerprint
from cnbudget.converters.excel.datasheets import WorkbookData
from cnbudget.converters.excel.overlay import WorkbookDocument
from cnbudget.converters.excel.sheet import SheetGrid
from cnbudget.converters.grid import Block, Place
from cnbudget.model import ConversionError

__all__ = ["OWN_SHEETS", "WorkbookDocument", "read_workbook"]

OWN_SHEETS = {"填表说明", "_codelists"}
"""Sheets of the toolkit's own template (instructions, code lists): never content."""


def read_workbook(path: Path) -> WorkbookDocument:
    """The workbook's blocks for the pipeline; its data sheets (if any) ride along and are
    put in by :meth:`WorkbookDocument.complete` once the pipeline has run."""
    path = Path(path)
    container = sniff(path)
    data = WorkbookData()
    if container.kind == "xls":
        from cnbudget.converters.excel.xls import load_xls

        grids, problems = load_xls(path, OWN_SHEETS)
    else:
        from cnbudget.converters.excel.datasheets import read_data
        from cnbudget.converters.excel.xlsx import load_xlsx

        data = read_data(path)
        grids, problems = load_xlsx(path, OWN_SHEETS | data.consumed)
    blocks: list[Block] = []
    for grid in grids:
        blocks.extend(sheet_blocks(grid, path.name))
        problems.extend(grid.problems)
    blocks.extend(_narrative(data, path.name))
    if not blocks:
        raise ConversionError(f"{path}: the workbook has no visible cell with content"
                              + _stopped(grids))
    return WorkbookDocument(path=str(path), sha256=_sha256(path), pages=None, blocks=blocks,
                            problems=problems, data=data,
                            fingerprints={g.name: fingerprint(g) for g in grids})


def _narrative(data: WorkbookData, source: str) -> list[Block]:
    """A text sheet without section codes (the template's) is read as the explanatory
    text: heading lines and paragraphs, so that sections, topics, stated figures and the
    glossary are derived as from any document."""
    sheet = data.sheets.get("text_sections")
    if sheet is None or "section_id" in sheet.fields:
        return []
    out: list[Block] = []
    for row, cells in zip(sheet.rows, sheet.cells, strict=True):
        heading = f"{row.get('number', '')}{row.get('heading', '')}".strip()
        at = cells.get("heading") or cells.get("number") or cells.get("text")
        place = Place(source, None, sheet=sheet.sheet, cell=at)
        if heading:
            out.append(Block("text", place, text=heading))
        text_place = Place(source, None, sheet=sheet.sheet, cell=cells.get("text"))
        out.extend(Block("text", text_place, text=line.strip())
                   for line in row.get("text", "").split("\n") if line.strip())
    return out


def _stopped(grids: list[SheetGrid]) -> str:
    stopped = [g for g in grids if g.stopped_at is not None]
    if not stopped:
        return ""
    return " (reading stopped after long blank runs in sheet(s) " + \
        ", ".join(g.name for g in stopped) + ")"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
