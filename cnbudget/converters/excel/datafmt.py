"""The layout of the toolkit's own data sheets, shared by the workbook export (writer) and
the workbook front end (reader).

A **data sheet** holds one resource exactly as its CSV file does, one row per record:

* row 1: ``A1`` = :data:`DATA_MARKER`, ``B1`` = the resource name, ``C1`` = its title;
* row 2: the fields' titles from the standard (中文表头), for people;
* row 3: the field names (``item_key``, ``project_id`` …), for the reader — it finds the
  columns by these names, so columns may be reordered;
* rows 4…: the records, every value as the CSV text (text cells; amounts of visible data
  sheets as numbers whose number format shows the published decimals).

The **metadata sheet** :data:`META_SHEET` (hidden) holds, as JSON, the package metadata and
each resource's properties (printed title, unit, pages, notes, …), with, for each printed
table, its official-layout sheet and a fingerprint of that sheet's printed cells: when the
sheet still shows what was exported, the reader takes the exact rows from the table's
hidden data sheet; when someone has edited it, the printed layout wins.
"""

from __future__ import annotations

import hashlib
import re

from cnbudget.converters.excel.sheet import SheetGrid

DATA_MARKER = "cnbudget 数据表 / data sheet"
META_MARKER = "cnbudget 工作簿数据 / workbook data"
META_SHEET = "_cnbudget"
FORMAT = "cnbudget-workbook/1"
TITLE_ROW, NAME_ROW, FIRST_ROW = 2, 3, 4
META_HEADER = ["kind", "name", "printed sheet", "fingerprint", "data sheet", "json…"]
META_JSON_COL = 6
"""Column where a metadata row's JSON starts (continued in the next cells when long)."""
CHUNK = 30_000
"""A cell holds at most 32,767 characters: longer JSON continues in the next cell."""
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def hidden_sheet_name(resource: str) -> str:
    """Name of the hidden data sheet of a printed table."""
    return "_" + resource[:30]


def chunks(text: str) -> list[str]:
    return [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]


def encode(text: str) -> str:
    """Text for a cell: characters a workbook cannot store (carriage returns, control
    characters) as the ``_xHHHH_`` escapes of the file format, which Excel decodes too;
    a literal ``_xHHHH_`` is escaped as ``_x005F_xHHHH_``."""
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        return "_x005F" + s if len(s) == 7 else f"_x{ord(s):04X}_"
    return _UNSTORABLE.sub(sub, text)


def decode(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def fingerprint(grid: SheetGrid) -> str:
    """Digest of a sheet's printed cells (what the reader sees), to notice edits."""
    h = hashlib.sha256()
    for r in sorted(grid.cells):
        for c in sorted(grid.cells[r]):
            cell = grid.cells[r][c]
            h.update(f"{r}\x1f{c}\x1f{int(cell.number)}\x1f{cell.text}\x1e".encode())
    return h.hexdigest()
