"""Stage: header rows → which printed column holds which field of the standard."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from cnbudget import standard
from cnbudget.converters.grid import Block
from cnbudget.converters.normalize import canonical

SIDE_WORDS = {"收入": "income", "支出": "expenditure"}
CODE_PART_WORDS = {"类": 0, "款": 1, "项": 2}


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    path: tuple[str, ...]
    """Header labels from top to bottom (spanning labels filled in), canonical form."""
    printed: str
    """Header text as printed (leaf), for messages."""

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def side(self) -> str | None:
        for label in self.path:
            for word, side in SIDE_WORDS.items():
                if label.startswith(word) or label.endswith(word):
                    return side
        return None


def header_label(text: str) -> str:
    """Canonical header label; a leading 其中： (a part of the column before) is dropped."""
    label = canonical(text)
    return label[3:] if label.startswith("其中：") and len(label) > 3 else label


EDGE = 3.0
"""Points by which a spanning header cell's box may overhang the columns it spans."""


def _spread(header: list[Block], width: int) -> list[list[str]]:
    """The header rows' texts by column. A row with fewer cells than the widest header row
    is put under the columns by the cells' boxes, each label at the first column it spans:
    a header split over a page break (江苏省高级人民法院 2018 财政拨款收支预算总表 prints
    收入 | 支出 at the foot of p10, two cells of a frame of its own, and the four columns
    below them on p11) is not joined cell by cell. Rows whose boxes do not fall on the
    columns are kept as read."""
    ref = max(header, key=lambda b: len(b.cells), default=None)
    out: list[list[str]] = []
    for b in header:
        texts = list(b.texts)
        if ref is not None and len(ref.cells) == width and 0 < len(b.cells) < width and all(
                c.place.bbox is not None for c in [*b.cells, *ref.cells]) and all(
                c.place.page == b.cells[0].place.page for c in b.cells):
            spread = [""] * width
            ok = True
            for cell in b.cells:
                box = cell.place.bbox
                assert box is not None
                under = [k for k, r in enumerate(ref.cells) if r.place.bbox is not None
                         and r.place.bbox[0] >= box[0] - EDGE and r.place.bbox[2] <= box[2] + EDGE]
                if not under or spread[under[0]]:
                    ok = False
                    break
                spread[under[0]] = cell.text
            if ok:
                texts = spread
        out.append(texts)
    return out


def header_columns(header: list[Block], width: int) -> list[Column]:
    """Column paths from multi-row headers; a spanning label is carried to the right over the
    columns whose lower row has a label of its own."""
    texts = _spread(header, width)
    rows = [[header_label(t) for t in r] + [""] * (width - len(r)) for r in texts]
    printed = [list(r) + [""] * (width - len(r)) for r in texts]
    filled = [r[:] for r in rows]
    for r in range(len(rows) - 1):
        carry = ""
        for c in range(width):
            if rows[r][c]:
                carry = rows[r][c]
            elif any(rows[k][c] for k in range(r)):
                carry = ""  # a group of a higher row starts here: the span ends
            elif carry and any(rows[k][c] for k in range(r + 1, len(rows))):
                filled[r][c] = carry
            else:
                carry = ""
    cols = []
    for c in range(width):
        path = tuple(filled[r][c] for r in range(len(rows)) if filled[r][c])
        leaf = next((printed[r][c] for r in reversed(range(len(rows))) if printed[r][c]), "")
        cols.append(Column(c, path, leaf))
    return cols


GENERIC_LEAVES = frozenset({"金额", "小计", "合计", "计", "预算数", "预算", "决算数", "数额",
                            "本年预算", "本年预算数"})
"""Leaf labels that mean "the amount of the column group above" (本级财政拨款 > 金额)."""

YEAR_PREFIX = re.compile(r"^20\d{2}年度?")
ANY_YEAR = re.compile(r"20\d{2}年度?")
"""A year before the leaf (SZ "2026 年预算数"): the leaf without it (and without 、: 上年结余、
结转) is a fallback key when no other column prints the same leaf for another year
(2025年预算数 | 2026年预算数)."""


@cache
def field_aliases(resource: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(field name, canonical aliases) in schema order; computed once per resource."""
    out = []
    for f in standard.table_schema(resource)["fields"]:
        names = {canonical(a) for a in f.get("x-aliases", [])}
        names.add(canonical(f["title"]))
        out.append((f["name"], frozenset(names)))
    return tuple(out)


def assign_fields(resource: str, columns: list[Column],
                  skip: frozenset[str] = frozenset()) -> dict[int, str]:
    """Column index → field name: each field once, columns left to right, the first field in
    schema order whose aliases contain the column's leaf (else its joined path)."""
    aliases = [(n, a) for n, a in field_aliases(resource) if n not in skip]
    taken: set[str] = set()
    out: dict[int, str] = {}
    bare = [YEAR_PREFIX.sub("", c.leaf).replace("、", "") for c in columns]  # 上年结余、结转
    yearless = [(ANY_YEAR.sub("", "".join(c.path)), ANY_YEAR.sub("", c.leaf)) for c in columns]
    counts = Counter(k for pair in yearless for k in set(pair))
    for col, leaf, free in zip(columns, bare, yearless, strict=True):
        if not col.path:
            continue
        keys = [col.leaf, "".join(col.path)]
        if leaf != col.leaf and bare.count(leaf) == 1:
            keys.append(leaf)
        if col.leaf in GENERIC_LEAVES and len(col.path) > 1:
            # 本级财政拨款 > 金额, 一般公共预算拨款 > 小计 (西安) are the group's amount: the
            # group's field before the leaf's own (小计 alone is 本年收入小计)
            keys = ["".join(col.path), *reversed(col.path[:-1]), col.leaf]
        elif any(col.leaf.startswith(p) for p in col.path[:-1]):
            # 项目支出 > 项目支出总数 is the group's amount; 基本支出 > 人员支出 is only a
            # part of it
            keys += list(reversed(col.path[:-1]))
        # 2026年政府采购项目 > 小计, 其中：2026年政府采购项目中预留给中小企业的… (SZ): the
        # path and the leaf without the budget year, after the printed keys (before a
        # generic leaf), when no other column prints them for another year
        extra = [k for k in dict.fromkeys(free) if k not in keys and counts[k] == 1]
        at = len(keys) - 1 if col.leaf in GENERIC_LEAVES else len(keys)
        keys[at:at] = extra
        for key in keys:
            match = next((n for n, a in aliases if key in a and n not in taken), None)
            if match:
                out[col.index] = match
                taken.add(match)
                break
    return out
