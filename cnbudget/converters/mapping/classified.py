"""Mapping of tables listed by classification code: 收入总表, 支出总表, the three fund
expenditure tables (functional codes) and the 基本支出表 (economic codes).

Handles codes in one column, split into 类/款/项 columns (款/项 without leading zero), or
glued to the name (``[2010101]行政运行``, ``2010101-行政运行``, ``2010101 行政运行``), and
rows continued on the next printed line or page.
"""

from __future__ import annotations

import re

from cnbudget import standard
from cnbudget.converters.mapping.columns import CODE_PART_WORDS, assign_fields, header_columns
from cnbudget.converters.mapping.common import Builder, PrintedRow
from cnbudget.converters.normalize import clean_label, compact, parse_code
from cnbudget.converters.stitch import TableSegment
from cnbudget.model import ConversionError, Row

GLUED = re.compile(r"^[\[【（(]?(\d{3}(?:\d{2}){0,2})[\]】）)]?\s*[-－—:：]?\s*(\D.*)$")


def code_field(resource: str) -> str:
    return "economic_code" if resource == "basic_expenditure" else "function_code"


def name_field(resource: str) -> str:
    return "economic_name" if resource == "basic_expenditure" else "function_name"


def map_classified(seg: TableSegment) -> Builder:
    b = Builder(seg.resource, seg)
    width = max([len(r.cells) for r in [*seg.header, *seg.rows]] or [0])
    columns = header_columns(seg.header, width)
    code_f, name_f = code_field(seg.resource), name_field(seg.resource)
    parts = {CODE_PART_WORDS[c.leaf]: c.index for c in columns if c.leaf in CODE_PART_WORDS}
    fields = assign_fields(seg.resource, [c for c in columns if c.index not in parts.values()])
    by_field = {f: i for i, f in fields.items()}
    if name_f not in by_field:
        raise ConversionError(f"{seg.title_place.describe()}: table {seg.printed_title!r}: no "
                              f"column for {name_f} among headers "
                              f"{[c.printed for c in columns]}")
    line_i = by_field.get("line")
    rows = _logical_rows(seg, line_i, by_field.get(code_f), by_field[name_f], parts, b)
    for prow in rows:
        row: Row = {f: b.cell(prow, i, f) for f, i in by_field.items() if f != code_f}
        code, name = _code_and_name(prow, by_field.get(code_f), by_field[name_f], parts)
        row[code_f], row[name_f] = code, name
        used = set(fields) | set(parts.values())
        b.report_unmapped(prow, used)
        cols = dict(by_field)
        if parts and code_f not in cols:
            cols[code_f] = parts[min(parts)]
        b.add(row, prow, cols)
    return b


def _logical_rows(seg: TableSegment, line_i: int | None, code_i: int | None, name_i: int,
                  parts: dict[int, int], b: Builder) -> list[PrintedRow]:
    """Merge continuation rows: with printed row numbers, a row without one continues the
    previous row; without them, a row with only name text (no code, no amount) does."""
    out: list[PrintedRow] = []
    for block in seg.rows:
        texts = block.texts
        def has(i: int | None) -> bool:
            return i is not None and i < len(texts) and bool(compact(texts[i]))
        if out and line_i is not None:
            if not has(line_i):
                out[-1].merge(block)
                continue
        elif out and not has(code_i) and not any(has(i) for i in parts.values()):
            others = [i for i, t in enumerate(texts) if compact(t) and i != name_i]
            if not others:
                out[-1].merge(block)
                continue
        out.append(PrintedRow.of(block))
    return out


def _code_and_name(prow: PrintedRow, code_i: int | None, name_i: int,
                   parts: dict[int, int]) -> tuple[str | None, str | None]:
    name = clean_label(prow.text(name_i))
    if parts:
        digits = [parse_code(prow.text(parts[k])) for k in sorted(parts)]
        code = _join_parts(digits)
    else:
        code = parse_code(prow.text(code_i)) if code_i is not None else ""
    if not code and (m := GLUED.match(compact(name))):
        code, name = m.group(1), clean_label(m.group(2))
    if code and not code.isdigit():
        raise ConversionError(f"{prow.place(code_i or name_i).describe()}: classification code "
                              f"{code!r} is not made of digits")
    return code or None, name or None


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
    cl = standard.codelist("economic_classification" if resource == "basic_expenditure"
                           else "function_classification")
    row = cl.get(code)
    return row["title"] if row else None
