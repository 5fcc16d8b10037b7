"""Stage 3 of the workbook front end: a sheet's grid → blocks for the shared pipeline.

A sheet laid out like a printed table has, top to bottom: title and meta lines (one cell,
or a row of "label：value" cells such as ``编制部门：… | 单位：元``), header rows, data
rows and notes under the table. Lines become text blocks, the table's rows become row
blocks with one cell per column (merged values only in their top-left cell), and blank
rows are dropped (in a workbook they are layout). Multi-line cells outside the table give
one text block per line. A sheet whose table has no recognisable title above it gets its
tab name as the title line.
"""

from __future__ import annotations

import re

from cnbudget.converters.excel.sheet import SheetGrid, ref
from cnbudget.converters.grid import Block, Cell, Place
from cnbudget.converters.normalize import compact
from cnbudget.converters.stitch import identify_title, is_note

_LABELLED = re.compile(r"^[^：:]{1,12}[：:]")
_UNIT_ONLY = re.compile(r"^[（(]?(?:金额)?(?:单位[：:]?)?\s*(?:万元|元|亿元)[)）]?$")
NOTE_LENGTH = 40
"""A lone cell under a table this long (or starting with 注/说明) is a note, not a row."""


def sheet_blocks(grid: SheetGrid, source: str) -> list[Block]:
    width = max((c for row in grid.cells.values() for c in row), default=0)
    blocks: list[Block] = []
    phase = "before"
    titled = False
    for r in sorted(grid.cells):
        row = grid.cells[r]
        cols = sorted(row)
        lone = len(cols) == 1 and not row[cols[0]].number
        if phase == "before" and (lone or all(_meta_like(row[c].text) for c in cols)):
            texts = [row[c].text for c in cols]
            if len(texts) == 1:
                lines = _lines(grid, source, r, cols[0], texts[0])
            else:
                joined = "  ".join(t.strip() for t in texts)
                lines = [Block("text", _place(grid, source, r, cols[0]), text=joined)]
            titled = titled or any(identify_title(b.text) for b in lines)
            blocks.extend(lines)
            continue
        if phase != "before" and lone and _note_like(row[cols[0]].text):
            phase = "notes"
            blocks.extend(_lines(grid, source, r, cols[0], row[cols[0]].text))
            continue
        if phase == "before" and not titled and identify_title(grid.name):
            blocks.append(Block("text", Place(source, None, sheet=grid.name), text=grid.name))
            titled = True
        phase = "table"
        cells = [Cell(_one_line(row[c].text) if c in row else "", c - 1,
                      _place(grid, source, r, c)) for c in range(1, width + 1)]
        blocks.append(Block("row", _place(grid, source, r, 1), cells=cells))
    return blocks


def _meta_like(text: str) -> bool:
    t = compact(text)
    return bool(t) and len(t) <= 60 and bool(_LABELLED.match(t) or _UNIT_ONLY.match(t))


def _note_like(text: str) -> bool:
    return is_note(text) or len(compact(text)) >= NOTE_LENGTH


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


def _lines(grid: SheetGrid, source: str, r: int, c: int, text: str) -> list[Block]:
    place = _place(grid, source, r, c)
    return [Block("text", place, text=line.strip()) for line in text.split("\n")
            if line.strip()]


def _place(grid: SheetGrid, source: str, r: int, c: int) -> Place:
    return Place(source, None, sheet=grid.name, cell=ref(r, c))
