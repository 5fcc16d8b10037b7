"""Stage 1 of the workbook front end: the structure of each sheet, read from its XML.

openpyxl's streaming (read-only) mode gives values and number formats but not merged
ranges, hidden rows and columns, or whether a cell holds a formula. This stage reads those
in one streaming pass per sheet (memory stays bounded: every row element is cleared once
seen), and resolves sheet names, visibility and parts from the workbook part.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, iterparse

from openpyxl.utils.cell import coordinate_from_string, range_boundaries

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_LISTED = 50
"""Keep at most this many example cells per kind of finding."""
_COL = re.compile(r"^([A-Z]+)")


@dataclass(frozen=True, slots=True)
class SheetRef:
    name: str
    state: str
    """visible, hidden or veryHidden"""
    part: str
    """Path of the sheet's XML inside the zip, e.g. xl/worksheets/sheet1.xml"""


@dataclass(slots=True)
class SheetStructure:
    dimension: str | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(min_col, min_row, max_col, max_row), 1-based."""
    formulas: int = 0
    uncached: list[tuple[str, str]] = field(default_factory=list)
    """(cell, formula) of formula cells saved without a calculated value."""
    uncached_count: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden_values: list[str] = field(default_factory=list)
    """Cells holding a value in a hidden row or column."""
    last_value_row: int = 0


def workbook_sheets(zf: zipfile.ZipFile) -> list[SheetRef]:
    """The worksheets in tab order (chart sheets and dialog sheets are skipped)."""
    rels: dict[str, str] = {}
    with zf.open("xl/_rels/workbook.xml.rels") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{PKG_REL}Relationship" and el.get("Type", "").endswith("/worksheet"):
                target = el.get("Target", "")
                rels[el.get("Id", "")] = (target.lstrip("/") if target.startswith("/")
                                          else posixpath.normpath(posixpath.join("xl", target)))
    out: list[SheetRef] = []
    with zf.open("xl/workbook.xml") as fh:
        for _, el in iterparse(fh):
            if el.tag == f"{MAIN}sheet":
                rid = el.get(f"{REL}id", "")
                if rid in rels:
                    out.append(SheetRef(el.get("name", ""), el.get("state", "visible"),
                                        rels[rid]))
    return out


def scan_sheet(zf: zipfile.ZipFile, part: str) -> SheetStructure:
    st = SheetStructure()
    hidden_row = False
    with zf.open(part) as fh:
        for event, el in iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{MAIN}row":
                    hidden_row = el.get("hidden") in ("1", "true")
                    if hidden_row and (r := el.get("r")):
                        st.hidden_rows.add(int(r))
                continue
            if tag == f"{MAIN}c":
                _cell(st, el, hidden_row)
            elif tag == f"{MAIN}row":
                el.clear()
            elif tag == f"{MAIN}dimension":
                st.dimension = el.get("ref")
            elif tag == f"{MAIN}col" and el.get("hidden") in ("1", "true"):
                lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
                st.hidden_cols.update(range(lo, min(hi, 16384) + 1))
            elif tag == f"{MAIN}mergeCell" and (ref := el.get("ref")) and ":" in ref:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                if None not in (min_col, min_row, max_col, max_row):
                    st.merges.append((int(min_col or 0), int(min_row or 0),
                                      int(max_col or 0), int(max_row or 0)))
    return st


def _cell(st: SheetStructure, el: Element, hidden_row: bool) -> None:
    ref = el.get("r", "")
    f = el.find(f"{MAIN}f")
    v = el.find(f"{MAIN}v")
    inline = el.find(f"{MAIN}is")
    has_value = (v is not None and v.text is not None) or inline is not None
    if f is not None:
        st.formulas += 1
        if not has_value:
            st.uncached_count += 1
            if len(st.uncached) < MAX_LISTED:
                st.uncached.append((ref, "=" + (f.text or "(shared formula)")))
    if not has_value or not ref:
        return
    col_letters, row = coordinate_from_string(ref)
    st.last_value_row = max(st.last_value_row, row)
    if (hidden_row or _col_index(col_letters) in st.hidden_cols) and \
            len(st.hidden_values) < MAX_LISTED:
        st.hidden_values.append(ref)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n
