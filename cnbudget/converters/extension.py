"""Stage: printed tables the standard has no resource for (province extras such as 项目支出表,
政府购买服务, 报表目录) and tables that could not be mapped → extension resources that keep
every cell as printed, one field per printed column, titled by its header."""

from __future__ import annotations

import re
from typing import Any

from cnbudget.converters.grid import Block
from cnbudget.converters.mapping.columns import header_columns
from cnbudget.converters.normalize import compact
from cnbudget.converters.stitch import (
    EDGE,
    PAGE_NUMBER,
    is_colnum_row,
    is_data_row,
    is_meta,
    is_page_label,
    same_row,
)
from cnbudget.model import Row, Table

KNOWN = [("报表目录", "table_index"), ("目录", "table_index"), ("购买服务", "purchased_services"),
         ("机关运行经费", "operating_costs"), ("项目支出", "project_expenditure"),
         ("政府采购", "procurement_detail"), ("经济分类", "economic_classification_table"),
         ("绩效", "performance_table"), ("培训", "training_costs"), ("会议", "meeting_costs"),
         ("资产", "assets_table")]
_TITLE_LIKE = re.compile(r"表|情况|明细|目录")


def resource_name(title: str, page: int | None, taken: set[str]) -> str:
    base = next((name for word, name in KNOWN if word in compact(title)), "table")
    name = f"x_{base}"
    if name in taken or base == "table":
        name = f"x_{base}_p{page or 0}"
    n = 2
    while name in taken:
        name, n = f"x_{base}_p{page or 0}_{n}", n + 1
    return name


def split_header(rows: list[Block]) -> tuple[list[Block], list[Block]]:
    """Leading rows up to the first data row are the header (at most 4 of them)."""
    for i, b in enumerate(rows[:5]):
        if is_data_row(b.texts) or is_colnum_row(b.texts):
            return rows[:i], rows[i:]
    return rows[:1], rows[1:]


def raw_table(name: str, title: str, rows: list[Block], description: str,
              header: list[Block] | None = None) -> Table:
    """Every printed cell of ``rows`` as a string, one field per printed column."""
    if header is None:
        header, rows = split_header(rows)
    width = max([len(b.cells) for b in [*header, *rows]] or [0])
    columns = header_columns(header, width)
    fields: list[dict[str, Any]] = [
        {"name": "page", "title": "页码", "type": "integer",
         "description": "印刷该行的页（从1起） / Page the row is printed on, from 1"}]
    for c in columns:
        label = " > ".join(c.path) or f"第{c.index + 1}列"
        fields.append({"name": f"c{c.index + 1}", "title": label, "type": "string",
                       "description": f"印刷第{c.index + 1}列（{label}），按印刷 / Printed "
                                      f"column {c.index + 1}, as printed"})
    out: list[Row] = []
    for b in rows:
        if b.is_blank():
            continue
        row: Row = {"page": b.place.page}
        row.update({f"c{i + 1}": (t.strip() or None) for i, t in enumerate(b.texts)})
        out.append(row)
    pages = sorted({b.place.page for b in [*header, *rows] if b.place.page is not None})
    return Table(name, rows=out, printed_title=title or None, pages=pages,
                 title=title or name, schema={"fields": fields},
                 extension={"name": name[2:], "description": description})


def title_before(blocks: list[Block], index: int) -> str:
    """The nearest text line above row ``index`` that looks like a table title."""
    for b in reversed(blocks[max(0, index - 6):index]):
        if b.kind == "text" and _TITLE_LIKE.search(b.text) and len(compact(b.text)) <= 60:
            return b.text.strip()
    return ""


def table_runs(blocks: list[Block]) -> list[tuple[int, list[Block]]]:
    """Row runs of a text segment (:func:`row_runs`), a continuation page joined to the run
    it continues: only page furniture (page numbers, table number labels, unit lines)
    between them, and its rows printing the same columns, in the same places (a data row
    among its first rows, a repeated header's spanning cells aside). Header rows repeated
    on the continuation page are dropped."""
    out: list[tuple[int, list[Block]]] = []
    end = 0
    for start, rows in row_runs(blocks):
        between = [b for b in blocks[end:start] if b.kind == "text"]
        if out and all(PAGE_NUMBER.match(b.text) or is_page_label(b) or is_meta(b.text)
                       for b in between) and any(_same_columns(out[-1][1][-1], r)
                                                 for r in rows[:5]):
            header, _ = split_header(out[-1][1])
            out[-1][1].extend(r for r in rows if not any(same_row(r.texts, h.texts)
                                                         for h in header))
        else:
            out.append((start, list(rows)))
        end = start + len(rows)
    return out


def _same_columns(a: Block, b: Block) -> bool:
    if len(a.cells) != len(b.cells) or b.place.page == a.place.page:
        return False
    if a.place.page is not None and b.place.page is not None and \
            b.place.page - a.place.page != 1:
        return False
    for x, y in zip(a.cells, b.cells, strict=True):
        if x.place.bbox is None or y.place.bbox is None:
            return False
        if abs(x.place.bbox[0] - y.place.bbox[0]) > EDGE or \
                abs(x.place.bbox[2] - y.place.bbox[2]) > EDGE:
            return False
    return True


def row_runs(blocks: list[Block]) -> list[tuple[int, list[Block]]]:
    """Consecutive row blocks of a text segment: (index of the first, rows)."""
    runs: list[tuple[int, list[Block]]] = []
    current: list[Block] = []
    start = 0
    for i, b in enumerate(blocks):
        if b.kind == "row":
            if not current:
                start = i
            current.append(b)
        elif current:
            runs.append((start, current))
            current = []
    if current:
        runs.append((start, current))
    return runs
