"""Mapping of a classified table printed in several code | name | amount groups side by side
(决算 基本支出表: 人员经费 on the left, 公用经费 in one or two groups on the right).

Each group becomes rows of its own, read group by group. The amount is the row's ``total``;
when the group's spanning header says which part it is (人员经费 → ``personnel``, 公用经费 →
``public_expenses``) the amount is that part too. The last printed line carries the groups'
totals (人员经费合计 | 公用经费合计): one 合计 row with both parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from cnbudget.converters.mapping.columns import CODE_PART_WORDS, Column, field_aliases
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.normalize import canonical, clean_label, compact, parse_code
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import Row

PARTS = ("personnel", "public_expenses")


@dataclass(frozen=True, slots=True)
class Group:
    part: str | None
    """Field the group's amounts belong to (personnel, public_expenses), if printed."""
    codes: tuple[int, ...]
    """The code column, or its 类 | 款 | 项 columns."""
    name: int
    amount: int


def _alias_of(resource: str, field: str) -> frozenset[str]:
    return next((a for n, a in field_aliases(resource) if n == field), frozenset())


def side_groups(resource: str, columns: list[Column], code_f: str, name_f: str) -> list[Group]:
    """The code | name | amount groups, when the header repeats them (else [])."""
    code_a = _alias_of(resource, code_f) | {"科目代码"}
    name_a = _alias_of(resource, name_f)
    part_a = {p: _alias_of(resource, p) for p in PARTS}
    groups: list[Group] = []
    i = 0
    while i < len(columns):
        c = columns[i]
        if c.leaf in CODE_PART_WORDS:
            k = i
            while k < len(columns) and columns[k].leaf in CODE_PART_WORDS:
                k += 1
            codes = tuple(col.index for col in columns[i:k])
        elif c.leaf in code_a:
            k, codes = i + 1, (c.index,)
        else:
            i += 1
            continue
        if k + 1 >= len(columns) or columns[k].leaf not in name_a:
            i = k
            continue
        top = c.path[0] if len(c.path) > 1 else ""
        part = next((p for p, al in part_a.items() if top in al), None)
        groups.append(Group(part, codes, columns[k].index, columns[k + 1].index))
        i = k + 2
    return groups if len(groups) >= 2 else []


def map_sided(seg: TableSegment, b: Builder, groups: list[Group], code_f: str,
              name_f: str) -> Builder:
    prows = [PrintedRow.of(r) for r in seg.rows if not r.is_blank()]
    body = [p for p in prows if not _total_labels(p)]
    groups = _fill_parts([_part_from_totals(b.resource, g, prows) for g in groups])
    for g in groups:
        carry: list[str] = []
        for prow in body:
            code = _code(prow, g, carry)
            if code and not code.isdigit():
                b.bad_cell("CNB-CNV-004", code, prow.place(g.codes[0]), code_f)
                code = ""
            name = clean_label(prow.text(g.name))
            if not code and not name:
                continue
            value = b.cell(prow, g.amount, "total")
            row: Row = {code_f: code or None, name_f: name or None, "total": value}
            cols = {name_f: g.name, "total": g.amount}
            if g.part:
                row[g.part], cols[g.part] = value, g.amount
            b.add(row, prow, {code_f: g.codes[0], **cols} if len(g.codes) == 1 else cols)
            if len(g.codes) > 1:
                b.place_parts(row, prow, list(g.codes), code_f)
    for prow in prows:
        labels = _total_labels(prow)
        if labels:
            _totals(b, prow, labels, groups, name_f, code_f)
    return b


def _part_from_totals(resource: str, g: Group, prows: list[PrintedRow]) -> Group:
    """A group without a part in its header takes it from its totals label (人员经费合计
    printed under the group's code and name columns)."""
    if g.part:
        return g
    for prow in prows:
        for li in _total_labels(prow):
            part = _part_of(resource, prow.text(li))
            if part and (li in g.codes or li == g.name):
                return Group(part, g.codes, g.name, g.amount)
    return g


def _fill_parts(groups: list[Group]) -> list[Group]:
    """A group whose part neither its header nor a totals label names belongs to the part
    of the next named group to its right (公用经费 spans two groups of the 决算 template and
    its 公用经费合计 is printed under the last one), else to the left."""
    if all(g.part for g in groups) or not any(g.part for g in groups):
        return groups
    out: list[Group] = []
    for k, g in enumerate(groups):
        part = g.part or next((h.part for h in groups[k + 1:] if h.part), None) or next(
            (h.part for h in reversed(groups[:k]) if h.part), None)
        out.append(Group(part, g.codes, g.name, g.amount))
    return out


def _part_of(resource: str, label: str) -> str | None:
    key = canonical(label).removesuffix("合计")
    return next((p for p in PARTS if key in _alias_of(resource, p)), None)


def _code(prow: PrintedRow, g: Group, carry: list[str]) -> str:
    digits = [parse_code(prow.text(i)) for i in g.codes]
    if len(digits) > 1:
        if digits[0]:
            carry[:] = digits[:1]
        elif any(digits) and carry:
            digits[0] = carry[0]
        code = digits[0] + "".join(d.zfill(2) for d in digits[1:] if d) if digits[0] else ""
    else:
        code = digits[0]
    return code


def _totals(b: Builder, prow: PrintedRow, labels: list[int], groups: list[Group],
            name_f: str, code_f: str) -> None:
    """人员经费合计 … | 公用经费合计 …: each label's amount is the next amount to its right."""
    row: Row = {code_f: None, name_f: "合计", "total": None}
    cols: dict[str, int] = {name_f: labels[0]}
    amounts = {g.amount for g in groups}
    for k, li in enumerate(labels):
        end = labels[k + 1] if k + 1 < len(labels) else len(prow.texts)
        part = _part_of(b.resource, prow.text(li))
        vi = next((i for i in range(li + 1, end) if i in amounts and compact(prow.text(i))),
                  None)
        if vi is None:
            continue
        field = part or "total"
        row[field], cols[field] = b.cell(prow, vi, field), vi
    b.add(row, prow, cols)


def _total_labels(prow: PrintedRow) -> list[int]:
    return [i for i, t in enumerate(prow.texts) if compact(t).endswith("合计")]
