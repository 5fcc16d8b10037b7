"""Workbook front end: .xlsx/.xlsm (openpyxl) and .xls (calamine) → a SourceDocument.

Stages: :mod:`container` (what is this file, is it safe), :mod:`scan` (merged ranges,
hidden rows, formulas without values), :mod:`xlsx` / :mod:`xls` (cells → printed text),
:mod:`blocks` (sheet → text and row blocks). Findings — a formula without a saved value,
a number typed as text, a hidden sheet holding data, a value hidden under a merged range —
go into ``SourceDocument.problems`` with sheet and cell; nothing is guessed silently.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cnbudget.converters.excel.blocks import sheet_blocks
from cnbudget.converters.excel.container import sniff
from cnbudget.converters.excel.sheet import SheetGrid
from cnbudget.converters.grid import Block, SourceDocument
from cnbudget.model import ConversionError

__all__ = ["OWN_SHEETS", "read_workbook"]

OWN_SHEETS = {"填表说明", "_codelists"}
"""Sheets of the toolkit's own template (instructions, code lists): never content."""


def read_workbook(path: Path) -> SourceDocument:
    path = Path(path)
    container = sniff(path)
    if container.kind == "xls":
        from cnbudget.converters.excel.xls import load_xls

        grids, problems = load_xls(path, OWN_SHEETS)
    else:
        from cnbudget.converters.excel.xlsx import load_xlsx

        grids, problems = load_xlsx(path, OWN_SHEETS)
    blocks: list[Block] = []
    for grid in grids:
        blocks.extend(sheet_blocks(grid, path.name))
        problems.extend(grid.problems)
    if not blocks:
        raise ConversionError(f"{path}: the workbook has no visible cell with content"
                              + _stopped(grids))
    return SourceDocument(path=str(path), sha256=_sha256(path), pages=None, blocks=blocks,
                          problems=problems)


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
