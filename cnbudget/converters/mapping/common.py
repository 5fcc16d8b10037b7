"""Shared pieces of the mapping stage: merged printed rows, value readers, the builder that
collects rows, provenance and unplaced values for one resource."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from cnbudget import standard
from cnbudget.converters.grid import Block, Place
from cnbudget.converters.mapping.columns import header_columns
from cnbudget.converters.normalize import clean_label, compact, looks_like_amount, parse_amount
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Problem, Provenance, Row, Table, Unplaced

UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|亿元)|[（(](万元|元|亿元)[)）]")


@dataclass(slots=True)
class PrintedRow:
    """One logical row: a printed row plus the continuation rows merged into it."""

    texts: list[str]
    places: list[Place]
    raw: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, b: Block) -> PrintedRow:
        texts = [c.text for c in b.cells]
        return cls(texts, [c.place for c in b.cells], [texts[:]])

    def merge(self, b: Block) -> None:
        for i, c in enumerate(b.cells):
            if i >= len(self.texts):
                self.texts.append(c.text)
                self.places.append(c.place)
            elif c.text:
                self.texts[i] = _join(self.texts[i], c.text)
        self.raw.append(b.texts)

    def text(self, i: int | None) -> str:
        return self.texts[i] if i is not None and i < len(self.texts) else ""

    def place(self, i: int) -> Place:
        return self.places[min(i, len(self.places) - 1)]

    def printed(self, i: int) -> str:
        return " | ".join(r[i] for r in self.raw if i < len(r) and r[i])


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if a[-1].isascii() and b[0].isascii() and a[-1].isalpha() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def segment_unit(seg: TableSegment, default: str) -> str:
    for b in [*seg.meta, *seg.header]:
        for text in ([b.text] if b.kind == "text" else b.texts):
            if m := UNIT_RE.search(compact(text)):
                return m.group(1) or m.group(2)
    return default


@dataclass(slots=True)
class Builder:
    """Collects the rows of one resource with their provenance."""

    resource: str
    source: TableSegment | None
    rows: list[Row] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Cells that did not read (left empty in their rows), as records of the report."""
    extensions: list[Table] = field(default_factory=list)
    """Extension resources the mapping produced besides its own resource."""
    amount_fields: frozenset[str] = field(init=False)
    percent_fields: frozenset[str] = field(init=False)
    """Number fields in per cent (``bareNumber: false``, not amounts): a printed ``89.50%``
    is kept as the number ``89.50``, as every reader of the package parses it."""

    extra: list[Row] = field(default_factory=list)
    """Values of printed columns the standard has no field for (see :data:`EXTRA_SCHEMA`)."""
    headers: dict[int, str] = field(init=False)

    def __post_init__(self) -> None:
        fields = standard.table_schema(self.resource)["fields"]
        self.amount_fields = frozenset(f["name"] for f in fields if f.get("x-amount"))
        self.percent_fields = frozenset(
            f["name"] for f in fields if f["type"] == "number" and f.get("bareNumber") is False
            and not f.get("x-amount"))
        self.headers = {}
        if self.source is not None and self.source.header:
            width = max(len(r.cells) for r in [*self.source.header, *self.source.rows])
            for c in header_columns(self.source.header, width):
                if c.path:
                    self.headers[c.index] = " > ".join(c.path)

    def amount(self, text: str, place: Place, fieldname: str) -> str | None:
        """The amount of a cell; a cell that does not read is left empty and reported
        (CNB-CNV-001, or CNB-CNV-003 for several amounts in one cell)."""
        try:
            return parse_amount(text)
        except ValueError:
            code = "CNB-CNV-003" if len(glued_amounts(text)) > 1 else "CNB-CNV-001"
            self.bad_cell(code, text, place, fieldname)
            return None

    def bad_cell(self, code: str, text: str, place: Place, fieldname: str | None,
                 **data: Any) -> None:
        title = self.source.printed_title if self.source is not None else None
        self.problems.append(Problem(code, place, self.resource, title, text,
                                     {"field": fieldname, **data} if fieldname else data))

    def split_glued(self, prow: PrintedRow, columns: list[int]) -> None:
        """Two amounts printed in one cell of an amount column while the amount column on
        its right is blank in the row (the text layer glued them): each goes to its
        column, and the cell is reported (CNB-CNV-002). ``columns``: the row's amount
        columns. Anything less certain is left to :meth:`amount` (reported, left empty)."""
        cols = set(columns)
        for i in sorted(cols):
            parts = glued_amounts(prow.text(i))
            if len(parts) != 2 or i + 1 not in cols or compact(prow.text(i + 1)):
                continue
            text = prow.text(i)
            prow.texts[i], prow.texts[i + 1] = parts
            self.bad_cell("CNB-CNV-002", text, prow.place(i), self.headers.get(i, str(i + 1)),
                          parts=str(parts), into=i + 2)

    def add(self, row: Row, prow: PrintedRow | None, columns: dict[str, int],
            side: str | None = None, position: int | None = None,
            row_key: str | None = None) -> Row:
        """Append a row; record provenance for every field that came from a printed cell."""
        if position is None:
            position = [r.get("side") for r in self.rows].count(side) + 1
        row["position"] = position
        self.rows.append(row)
        if prow is not None:
            for name, idx in columns.items():
                if row.get(name) in (None, "") and not prow.text(idx):
                    continue
                self.provenance.append(Provenance(self.resource, row["position"], name,
                                                  prow.place(idx), prow.printed(idx), side,
                                                  row_key))
        return row

    def place_parts(self, row: Row, prow: PrintedRow, cols: list[int], fieldname: str) -> None:
        """Provenance of a value printed over several cells (a code in 类 | 款 | 项 columns):
        the printed parts joined by " | ", on the box around them (at the first part's
        place for sources without boxes)."""
        printed = [i for i in cols if prow.text(i)]
        if not printed:
            return
        places = [prow.place(i) for i in printed]
        place = places[0]
        boxes = [p.bbox for p in places if p.bbox is not None and p.page == place.page]
        if place.bbox is not None and len(boxes) == len(places):
            place = replace(place, bbox=(min(x[0] for x in boxes), min(x[1] for x in boxes),
                                         max(x[2] for x in boxes), max(x[3] for x in boxes)))
        self.provenance.append(Provenance(self.resource, row["position"], fieldname, place,
                                          " | ".join(prow.printed(i) for i in printed),
                                          row.get("side")))

    def cell(self, prow: PrintedRow, idx: int | None, fieldname: str) -> Any:
        if idx is None:
            return None
        text = prow.text(idx)
        if fieldname in self.amount_fields:
            return self.amount(text, prow.place(idx), fieldname)
        if fieldname in self.percent_fields:
            return self.amount(compact(text).removesuffix("%").removesuffix("％"),
                               prow.place(idx), fieldname)
        if fieldname in ("line",):
            digits = compact(text)
            if not digits:
                return None
            if not digits.isdigit():
                self.bad_cell("CNB-CNV-005", text, prow.place(idx), None)
                return None
            return int(digits)
        return clean_label(text) or None

    def report_unmapped(self, prow: PrintedRow, used: set[int]) -> None:
        """Values of columns without a field: kept in :attr:`extra` (as belonging to the row
        added last) when the column has a header, else reported as unplaced."""
        for i, text in enumerate(prow.texts):
            if i in used or not compact(text):
                continue
            if i in self.headers and self.rows:
                last = self.rows[-1]
                self.extra.append({
                    "resource": self.resource, "side": last.get("side"),
                    "position": last["position"], "column": i + 1, "header": self.headers[i],
                    "value": text.strip(), "page": prow.place(i).page})
            else:
                self.unplaced.append(Unplaced(text, prow.place(i),
                                              f"column {i + 1} of {self.resource} has no field"))

    def table(self, seg: TableSegment | None, unit: str | None) -> Table:
        t = Table(self.resource, rows=self.rows, unit=unit)
        if seg is not None:
            t.printed_title = seg.printed_title
            t.pages = seg.pages
            t.notes = [clean_note(n.text) for n in seg.notes]
            t.published_empty = not self.rows or (bool(self.amount_fields) and not any(
                r.get(f) not in (None, "") for r in self.rows for f in self.amount_fields))
            if t.published_empty:
                # a row of an empty frame that holds nothing at all (长沙 p21: the frame's
                # blank 合计 line) is no row: kept, it broke the required name (CNB-STR-003)
                t.rows = [r for r in t.rows if any(
                    v not in (None, "") for k, v in r.items() if k != "position")]
        return t


def glued_amounts(text: str) -> list[str]:
    """The amounts of a cell printing two or more of them, each with a decimal point and
    as many decimals as the others (``9746.50 5364.75``, glued ``9746.505364.75``); ``[]``
    for anything else (a wrapped amount such as ``1234 5.00`` is one amount)."""
    spaced = text.split()
    if len(spaced) >= 2 and all("." in t and looks_like_amount(t) for t in spaced) \
            and len({len(t.rsplit(".", 1)[1]) for t in spaced}) == 1:
        return spaced
    whole = compact(text)
    if whole.count(".") != 2:
        return []
    for k in range(1, 7):  # the first part's decimals end where the second part begins
        m = re.match(rf"^(-?[0-9][0-9,]*\.[0-9]{{{k}}})(-?[0-9][0-9,]*\.[0-9]{{{k}}})$", whole)
        if m is not None:
            return [m.group(1), m.group(2)]
    return []


def clean_note(text: str) -> str:
    return text.strip()


EXTRA_SCHEMA: dict[str, Any] = {"fields": [
    {"name": "resource", "title": "所属资源", "type": "string",
     "description": "该列所在表格对应的标准资源名 / Standard resource of the printed table"},
    {"name": "side", "title": "收支方", "type": "string",
     "description": "两栏式表格中该行所属的一方（income/expenditure） / Side of the row in "
                    "two-list tables"},
    {"name": "position", "title": "行次", "type": "integer",
     "description": "该值所在行在资源中的行次（position） / position of the row in that resource "
                    "(the row printed on the same line)"},
    {"name": "project_id", "title": "项目代码", "type": "string",
     "description": "绩效表格中该行所属项目（performance_projects.project_id） / project of the "
                    "row in performance tables, whose rows are numbered per project"},
    {"name": "column", "title": "印刷列号", "type": "integer",
     "description": "印刷表格中的列号（从1起） / Printed column number, from 1"},
    {"name": "header", "title": "表头", "type": "string",
     "description": "印刷的表头（多行表头以“>”连接） / Printed header (levels joined by “>”)"},
    {"name": "value", "title": "印刷值", "type": "string",
     "description": "按印刷的值 / Value as printed"},
    {"name": "page", "title": "页码", "type": "integer",
     "description": "所在页（从1起） / Page, from 1"},
]}
EXTRA_EXTENSION = {
    "name": "extra_columns",
    "description": "标准表格中标准未定义字段的印刷列（如收支总表支出方的基本支出/项目支出分列、"
                   "上年执行数、增减额），逐值保留 / Printed columns of standard tables that the "
                   "standard has no field for "
                   "(e.g. basic/project split of the 收支总表 expenditure side, last year's "
                   "figures, changes), kept value by value",
}
