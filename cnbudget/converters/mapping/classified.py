"""Mapping of tables listed by classification code: 收入总表, 支出总表, the three fund
expenditure tables (functional codes) and the 基本支出表 (economic codes).

Handles codes in one column, split into 类/款/项 columns (款/项 without leading zero), or
glued to the name (``[2010101]行政运行``, ``2010101-行政运行``, ``2010101 行政运行``), and
rows continued on the next printed line or page.
"""

from __future__ import annotations

import re

from cnbudget import standard
from cnbudget.converters.mapping.columns import (
    CODE_PART_WORDS,
    Column,
    assign_fields,
    header_columns,
)
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.mapping.names import infer_codes
from cnbudget.converters.mapping.sided import map_sided, side_groups
from cnbudget.converters.mapping.vertical import is_vertical, map_vertical_income
from cnbudget.converters.normalize import canonical, clean_label, compact, parse_code
from cnbudget.converters.stitch import TOTAL_WORDS, TableSegment
from cnbudget.model import MappingError, Row

GLUED = re.compile(r"^[\[【（(]?(\d{3}(?:\d{2}){0,2})[\]】）)]?\s*[-－—:：]?\s*(\D.*)$")


def _economic(resource: str) -> bool:
    return standard.classification(resource) == "economic"


def code_field(resource: str) -> str:
    """The field of a table's own classification (its ``x-classification``)."""
    return "economic_code" if _economic(resource) else "function_code"


def name_field(resource: str) -> str:
    return "economic_name" if _economic(resource) else "function_name"


def map_classified(seg: TableSegment) -> Builder:
    b = Builder(seg.resource, seg)
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    part_groups = _part_groups(columns)  # Yantai prints a second 类 | 款 group
    parts = part_groups[0] if part_groups else _parts_in_first_row(seg)
    code_f, name_f = code_field(seg.resource), name_field(seg.resource)
    if groups := side_groups(seg.resource, columns, code_f, name_f):
        return map_sided(seg, b, groups, code_f, name_f)
    all_parts = {i for g in part_groups for i in g.values()} | set(parts.values())
    fields = assign_fields(seg.resource, [c for c in columns if c.index not in all_parts])
    by_field = {f: i for i, f in fields.items()}
    seconds = standard.second_classifications(seg.resource)
    second_parts = _second_parts(part_groups[1:], seconds, by_field)
    if name_f not in by_field and "unit_name" in by_field and len(
            [r for r in seg.rows if not r.is_blank()]) > 1:
        # a table by unit, without codes (GZ 收入表, 深圳 收入总表 by 预算单位); a single row
        # is the department's total (below)
        by_field[name_f] = by_field["unit_name"]
    by_unit_code = name_f not in by_field and "unit_code" in by_field
    if by_unit_code:
        # a table by unit printing only 单位编码 (BJ 收入总表 "015", "015001"): the code is
        # the row's only printed label; the unlabelled last row is the total
        by_field[name_f] = by_field["unit_code"]
    if name_f not in by_field and seg.resource == "income_summary" and is_vertical(seg):
        return map_vertical_income(seg)  # one line per income source (JS 收入预算总表)
    if name_f not in by_field and len([r for r in seg.rows if not r.is_blank()]) <= 1:
        return _total_only(seg, b, fields, code_f, name_f)
    if name_f not in by_field:
        raise MappingError(f"no column for {name_f}", seg.title_place,
                           f"headers {[c.printed for c in columns]}")
    line_i = by_field.get("line")
    amount_cols = sorted(i for f, i in by_field.items() if f in b.amount_fields)
    rows = _logical_rows(seg, line_i, by_field.get(code_f), by_field[name_f], parts, b,
                         amount_cols[0] if amount_cols else None)
    carry: list[str] = []
    lei: str | None = None
    unit: tuple[str, str | None] | None = None
    """The unit whose subtotal row was read last: its rows below carry it."""
    by_unit_fields = {"unit_code", "unit_name"} <= {
        f["name"] for f in standard.table_schema(seg.resource)["fields"]}
    unit_cols = [c.index for c in columns if compact(c.leaf) in UNIT_HEADERS]
    for prow in rows:
        b.split_glued(prow, amount_cols)
        row: Row = {f: b.cell(prow, i, f) for f, i in by_field.items() if f != code_f}
        code, name = code_and_name(prow, by_field.get(code_f), by_field[name_f], parts, carry)
        if code is not None and not code.isdigit():
            b.bad_cell("CNB-CNV-004", code, prow.place(by_field.get(code_f) or min(
                parts.values(), default=by_field[name_f])), code_f)
            code = None
        code, lei = _relative_code(code, lei, bool(parts))
        columns_of_row = by_field
        if code is not None and len(code) == 6 and code_f in by_field and by_unit_fields:
            # 西安 2019: a unit's subtotal row prints its six-digit unit code and name in
            # the code and name columns ("125001 西安市安全生产监督管理局")
            row["unit_code"], row["unit_name"], code, name, lei = code, name, None, None, None
            unit = (row["unit_code"], row["unit_name"])
            columns_of_row = {**by_field, "unit_code": by_field[code_f],
                              "unit_name": by_field[name_f]}
            columns_of_row.pop(code_f)
            columns_of_row.pop(name_f)
        elif unit is not None and code is not None and not row.get("unit_code"):
            # the unit's classes below its subtotal row, on its page and on the pages
            # without a header that continue it, belong to the unit
            row["unit_code"], row["unit_name"] = unit
        row[code_f], row[name_f] = code, name
        _read_seconds(row, prow, seconds, second_parts)
        for _, second_name in seconds:  # 合计 printed in the last label column (西安 2019)
            if not code and not name and canonical(str(row.get(second_name) or "")) \
                    in TOTAL_WORDS:
                row[name_f], row[second_name] = "合计", None
        if row.get("unit_name") and compact(row["unit_name"]) in TOTAL_WORDS:
            row["unit_name"] = None
        if row.get("unit_code") and compact(row["unit_code"]) in TOTAL_WORDS:
            row[name_f], row["unit_code"] = "合计", None  # 合计 printed in the code column
        if by_unit_code and not row.get("unit_code") and not code:
            row[name_f] = "合计"
        elif not b.rows and not code and not name and _unit_printed(prow, unit_cols, by_field):
            # SZ: the first row prints the unit's name under 预算单位, no code and no name:
            # the totals of the unit, i.e. of the table
            row[name_f] = "合计"
        b.add(row, prow, columns_of_row)
        if parts and code_f not in by_field:
            b.place_parts(row, prow, sorted(parts.values()), code_f)
        for second, group in second_parts.items():
            b.place_parts(row, prow, sorted(group.values()), second)
        b.report_unmapped(prow, set(fields) | all_parts)
    if not parts and code_f not in by_field and "unit_name" not in by_field \
            and not any(r.get(code_f) for r in b.rows):
        infer_codes(b.rows, code_f, name_f, "economic_classification"
                    if code_f == "economic_code" else "function_classification")
        if "unit_name" in {f["name"] for f in standard.table_schema(seg.resource)["fields"]}:
            _unit_headings(b.rows, code_f, name_f)
    return b


def _part_groups(columns: list[Column]) -> list[dict[int, int]]:
    """The 类 | 款 | 项 column groups of the header, left to right (a 类 after a 类 starts
    the next group: Yantai prints the 部门预算 and the 政府预算 economic codes so)."""
    groups: list[dict[int, int]] = []
    for c in columns:
        if c.leaf in CODE_PART_WORDS:
            level = CODE_PART_WORDS[c.leaf]
            if not groups or level in groups[-1]:
                groups.append({})
            groups[-1][level] = c.index
    return groups


def _second_parts(groups: list[dict[int, int]], seconds: list[tuple[str, str]],
                  by_field: dict[str, int]) -> dict[str, dict[int, int]]:
    """Which other classification each further 类 | 款 group prints: the one whose name (or
    code) column follows the group; the only one the table has otherwise."""
    out: dict[str, dict[int, int]] = {}
    for group in groups:
        last = max(group.values())
        after = sorted((i, code) for code, name in seconds for f in (code, name)
                       if (i := by_field.get(f)) is not None and i > last and code not in out)
        if after:
            out[after[0][1]] = group
        elif len(seconds) == 1 and seconds[0][0] not in out:
            out[seconds[0][0]] = group
    return out


def _read_seconds(row: Row, prow: PrintedRow, seconds: list[tuple[str, str]],
                  second_parts: dict[str, dict[int, int]]) -> None:
    """The other classifications of a row: a code printed in 类 | 款 columns, a code glued
    to its name in one cell (``50101-工资奖金津补贴``), or a name in the code's column."""
    for code_f, name_f in seconds:
        code = str(row.get(code_f) or "")
        name = str(row.get(name_f) or "")
        if code and not parse_code(code).isdigit():
            if m := GLUED.match(compact(code)):
                code, name = m.group(1), name or clean_label(m.group(2))
            else:
                code, name = "", name or code
        elif code:
            code = parse_code(code)
        if code_f in second_parts:
            group = second_parts[code_f]
            digits = [parse_code(prow.text(group[k])) for k in sorted(group)]
            code = _join_parts([d if d.isdigit() else "" for d in digits]) or code
        if not code and (m := GLUED.match(compact(name))):
            code, name = m.group(1), clean_label(m.group(2))
        if code or name or code_f in row or name_f in row:
            row[code_f], row[name_f] = code or None, name or None


def _unit_headings(rows: list[Row], code_f: str, name_f: str) -> None:
    """Tables printing units and economic classes in one column (广东 部门预算基本支出预算表
    “支出项目类别（资金使用单位）”: a unit's row, then its classes by name): a row whose name
    the codelist does not know (and that is no class name printed otherwise: …支出), followed
    by a coded row, is the unit's subtotal; the rows
    below it carry the unit. The only such row, first, with no 合计 row printed, is the
    table's total (深圳 基本支出总表 opens with the department's row)."""
    named = [r for r in rows if r.get(name_f)]
    totals = [r for r in named if canonical(str(r[name_f])) in TOTAL_WORDS]
    heads = [i for i, r in enumerate(rows) if r.get(name_f) and not r.get(code_f)
             and canonical(str(r[name_f])) not in TOTAL_WORDS
             and not canonical(str(r[name_f])).endswith("支出")  # a class printed otherwise
             and i + 1 < len(rows) and rows[i + 1].get(code_f)]
    if not heads or not any(r.get(code_f) for r in rows):
        return
    unit: str | None = None
    for i, r in enumerate(rows):
        if i in heads:
            unit = str(r[name_f])
            r["unit_name"], r[name_f] = unit, None
        elif unit is not None and not r.get("unit_name"):
            r["unit_name"] = unit
    if not totals and heads == [0]:
        rows[0][name_f] = "合计"


UNIT_HEADERS = frozenset({"预算单位", "单位名称", "部门名称", "单位"})


def _unit_printed(prow: PrintedRow, unit_cols: list[int], by_field: dict[str, int]) -> bool:
    """A unit name printed in the row's 预算单位 column (mapped to unit_name or not), with
    amounts beside it."""
    amounts = [i for f, i in by_field.items() if f not in ("unit_name", "unit_code", "line")]
    return any(compact(prow.text(i)) for i in unit_cols) and \
        any(compact(prow.text(i)) for i in amounts)


def _total_only(seg: TableSegment, b: Builder, fields: dict[int, str], code_f: str,
                name_f: str) -> Builder:
    """A table printed as one row of totals, without code and name columns (CN 收入总表)."""
    for block in seg.rows:
        if block.is_blank():
            continue
        prow = PrintedRow.of(block)
        row: Row = {f: b.cell(prow, i, f) for i, f in fields.items()}
        row[code_f], row[name_f] = None, "合计"
        b.add(row, prow, {f: i for i, f in fields.items()})
        b.report_unmapped(prow, set(fields))
    return b


def _parts_in_first_row(seg: TableSegment) -> dict[int, int]:
    """类 | 款 | 项 printed in the first body row, beside 合计 (SH 决算: no rule between the
    header's last line and the totals row)."""
    first = next((r for r in seg.rows if not r.is_blank()), None)
    if first is None:
        return {}
    found = {CODE_PART_WORDS[compact(t)]: i for i, t in enumerate(first.texts)
             if compact(t) in CODE_PART_WORDS}
    return found if len(found) >= 2 else {}


def _logical_rows(seg: TableSegment, line_i: int | None, code_i: int | None, name_i: int,
                  parts: dict[int, int], b: Builder,
                  total_i: int | None = None) -> list[PrintedRow]:
    """Merge continuation rows: with printed row numbers, a row without one continues the
    previous row; without them, a row with only name text (no code, no amount) does, and
    so does the first row of a page that prints no code and no total (``total_i``, the
    first amount column) under a row that prints its total: a row cut by the page break,
    its name and its tall amount cells finished on the next page (杭州市公安局 收入预算总表
    p20 → p21: "杭州市机动" | 事业收入 "12,437.3", then "车驾驶员考试服务中心" | "6")."""
    out: list[PrintedRow] = []
    page = None
    for block in seg.rows:
        if block.is_blank():
            continue  # an empty frame row (长沙 政府性基金预算支出情况表 prints one): no row
        texts = block.texts
        new_page, page = page is not None and block.place.page != page, block.place.page

        def has(i: int | None, texts: list[str] = texts) -> bool:
            return i is not None and i < len(texts) and bool(compact(texts[i]))
        if out and line_i is not None:
            if not has(line_i):
                out[-1].merge(block)
                continue
        elif out and not has(code_i) and not any(has(i) for i in parts.values()):
            others = [i for i, t in enumerate(texts) if compact(t) and i != name_i]
            cut = new_page and total_i is not None and not has(total_i) and has(name_i) \
                and compact(out[-1].text(total_i)) != ""
            if not others or cut:
                out[-1].merge(block)
                continue
        out.append(PrintedRow.of(block))
    return out


def code_and_name(prow: PrintedRow, code_i: int | None, name_i: int,
                   parts: dict[int, int], carry: list[str]) -> tuple[str | None, str | None]:
    """Code and name of a row; ``carry`` holds the 类/款/项 parts of the rows above, for
    split codes whose child rows print only their own part (" | 40 | " under "201 | | ")."""
    name = clean_label(prow.text(name_i))
    if parts:
        digits = [parse_code(prow.text(parts[k])) for k in sorted(parts)]
        digits = ["" if d in CODE_PART_WORDS else d for d in digits]
        if not name and digits and not digits[0].isdigit():
            name, digits = clean_label(prow.text(parts[min(parts)])), []
        code = _join_parts(_carried(digits, carry))
    else:
        code = parse_code(prow.text(code_i)) if code_i is not None else ""
        if not name and code and not code.isdigit():
            name, code = clean_label(prow.text(code_i)), ""
    if not code and (m := GLUED.match(compact(name))):
        code, name = m.group(1), clean_label(m.group(2))
    return code or None, name or None


def _relative_code(code: str | None, lei: str | None,
                   parts: bool) -> tuple[str | None, str | None]:
    """A 款 printed by its own two digits under its 类 (西安 2020 一般公共预算支出明细表:
    "201 一般公共服务支出", then "10 人力资源事务", then "2011007 …") is the 类's code and
    those digits (20110). Returns the code and the 类 now in force."""
    if code is None or parts:
        return code, lei
    if len(code) == 3:
        return code, code
    if len(code) == 2 and lei is not None:
        return lei + code, lei
    return code, lei


def _carried(digits: list[str], carry: list[str]) -> list[str]:
    """Fill the empty higher parts of a row from the rows above: a row printing only its
    own level (款 or 项) belongs to the last 类 (and 款) printed above it."""
    printed = [i for i, d in enumerate(digits) if d]
    if not printed:
        return digits
    first, last = printed[0], printed[-1]
    if first > 0 and len(carry) >= first and all(carry[:first]):
        digits = [*carry[:first], *digits[first:]]
    full = digits[:last + 1]
    if all(full):
        carry[:] = full
    return full


def _join_parts(digits: list[str]) -> str:
    """类 | 款 | 项 printed in separate columns; 款 and 项 may lack their leading zero."""
    lei = digits[0] if digits else ""
    out = lei
    for d in digits[1:]:
        if not d:
            break
        out += d.zfill(2)
    return out if lei else ""


def known_name(resource: str, code: str) -> str | None:
    cl = standard.codelist("economic_classification" if code_field(resource) == "economic_code"
                           else "function_classification")
    row = cl.get(code)
    return row["title"] if row else None
