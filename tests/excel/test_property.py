"""Property: any package whose tables can be printed converts back to itself — every
resource: the printed tables (through their hidden data sheets, codes included), the data
resources (text sections, stated figures, performance targets, glossary) and extension
resources, with arbitrary text (formula-like, control characters, line breaks) in every
text field.

Derived fields (item_key, function_code of two-list rows, nature_code) are computed with the
conversion's own label readers, as a converted package has them; see the report for the
shapes that cannot be printed (rows of a table without 序号 that hold only a name).
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xlhelpers import assert_packages_identical, assert_tables_equal, convert_one, load_reference

from cnbudget import standard
from cnbudget.converters.mapping.lists import item_codes
from cnbudget.converters.mapping.two_list import identify_item
from cnbudget.converters.normalize import canonical
from cnbudget.export import export_workbook
from cnbudget.export.layout import CLASSIFIED
from cnbudget.model import Table

NAMES = st.text(alphabet="山水木火土金石田林森河湖海云星", min_size=1, max_size=12)
AMOUNT = st.builds(
    lambda units, decimals, digits, neg: ("-" if neg and units else "") + str(units)
    + ("." + "".join(digits)[:decimals] if decimals else ""),
    st.integers(0, 10**11), st.integers(0, 6),
    st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6), st.booleans())
MAYBE_AMOUNT = st.one_of(st.none(), AMOUNT)
FUNCTION_CODES = [r["code"] for r in standard.codelist("function_classification").rows]
ECONOMIC_CODES = [r["code"] for r in standard.codelist("economic_classification").rows]


def field_names(name: str) -> list[str]:
    return [f["name"] for f in standard.table_schema(name)["fields"]]


def amount_fields(name: str) -> list[str]:
    return [f["name"] for f in standard.table_schema(name)["fields"] if f.get("x-amount")]


@st.composite
def classified_rows(draw, name: str) -> list[dict]:
    economic = standard.classification(name) == "economic"
    code_f = "economic_code" if economic else "function_code"
    name_f = "economic_name" if economic else "function_name"
    codes = ECONOMIC_CODES if economic else FUNCTION_CODES
    blank = [f for f in field_names(name) if f not in (code_f, name_f, "position", "line")
             and f not in amount_fields(name)]  # units, a second classification
    n = draw(st.integers(0, 6))
    with_line = draw(st.booleans())
    rows = []
    for i in range(n):
        row = {"position": str(i + 1), "line": str(i + 1) if with_line else ""}
        row[code_f] = draw(st.one_of(st.just(""), st.sampled_from(codes)))
        row[name_f] = draw(NAMES)
        row.update(dict.fromkeys(blank, ""))
        for f in amount_fields(name):
            row[f] = draw(MAYBE_AMOUNT) or ""
        if not with_line and not row[code_f] and not any(row[f] for f in amount_fields(name)):
            row[amount_fields(name)[0]] = "1.00"  # a printed row of only a name continues
        rows.append(row)
    return rows


@st.composite
def two_list_rows(draw) -> list[dict]:
    # items whose key depends on their neighbours (totals, subtotals, carry-overs) are the
    # mapping's business and tested there; here the layout must carry every label and amount
    contextual = ("total", "subtotal", "carryover")
    incomes = [r["title"] for r in standard.codelist("summary_items").rows
               if r["side"] == "income" and not any(w in r["code"] for w in contextual)]
    classes = [r["title"] for r in standard.codelist("function_classification").rows
               if r["level"] == "1"]
    rows = []
    for side, labels in (("income", incomes), ("expenditure", classes)):
        chosen = draw(st.lists(st.sampled_from(labels), max_size=8, unique=True))
        in_carry = False
        for i, label in enumerate(chosen):
            key, fcode = identify_item(label, side, in_carry)
            if side == "income" and key in ("fiscal_carryover_in", "carryover_in"):
                in_carry = True
            elif side == "income" and key in ("income_total", "income_subtotal"):
                in_carry = False
            rows.append({"position": str(i + 1), "line": str(i + 1), "side": side,
                         "item": label, "item_key": key, "function_code": fcode or "",
                         "amount": draw(MAYBE_AMOUNT) or ""})
    return rows


@st.composite
def three_public_rows(draw) -> list[dict]:
    labels = [r["title"] for r in standard.codelist("three_public_items").rows]
    chosen = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=6, unique=True))
    rows = []
    for i, label in enumerate(chosen):
        row = {"position": str(i + 1), "line": str(i + 1), "item": label,
               "item_key": item_codes("three_public_items").get(canonical(label), "other")}
        for f in amount_fields("three_public_expenses"):
            row[f] = draw(MAYBE_AMOUNT) or ""
        rows.append(row)
    return rows


def published_empty(name: str, rows: list[dict]) -> bool:
    """As the conversion judges it: no rows, or rows without any amount."""
    return not any(r.get(f) for r in rows for f in amount_fields(name))


DATA = ["text_sections", "stated_figures", "performance_goals", "performance_projects",
        "performance_indicators", "glossary"]
TEXT = st.builds(lambda prefix, body: prefix + body, st.sampled_from(["", "=", "+", "-", "@"]),
                 st.text(st.characters(exclude_categories=("Cs",)), max_size=24))


@st.composite
def value(draw, f: dict, required: bool) -> str:
    enum = f.get("constraints", {}).get("enum")
    kind = f["type"]
    if not required and draw(st.integers(0, 3)) == 0:
        return ""
    if enum:
        return draw(st.sampled_from(enum))
    if kind == "integer":
        return str(draw(st.integers(1, 400)))
    if kind == "number":
        return draw(AMOUNT)
    if kind == "boolean":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "date":
        return draw(st.dates()).isoformat()
    if kind == "list":
        return ",".join(draw(st.lists(st.sampled_from(["level3", "basis", "value_text"]),
                                      min_size=1, max_size=3, unique=True)))
    text = draw(TEXT)
    return text if text or not required else "x"


@st.composite
def data_rows(draw, fields: list[dict]) -> list[dict]:
    rows = []
    for i in range(draw(st.integers(0, 4))):
        row = {}
        for f in fields:
            required = bool(f.get("constraints", {}).get("required"))
            row[f["name"]] = str(i + 1) if f["name"] == "position" else draw(value(f, required))
        rows.append(row)
    return rows


@st.composite
def extension_table(draw) -> Table:
    width = draw(st.integers(1, 4))
    fields = [{"name": "page", "title": "页码", "type": "integer"}] + [
        {"name": f"c{i}", "title": draw(TEXT) or f"第{i}列", "type": "string"}
        for i in range(1, width + 1)]
    rows = draw(data_rows(fields))
    for r in rows:
        r["c1"] = r["c1"] or "x"  # a record is never wholly blank
    return Table("x_extra_table", rows=rows, title=draw(TEXT) or "附表",
                 printed_title=draw(st.one_of(st.none(), TEXT.filter(bool))),
                 pages=draw(st.lists(st.integers(1, 99), max_size=3)), schema={"fields": fields},
                 extension={"name": "extra_table", "description": draw(TEXT)})


@st.composite
def packages(draw):
    d = copy.deepcopy(load_reference())
    for name in CLASSIFIED:
        rows = draw(classified_rows(name))
        title = d.tables[name].printed_title if name in d.tables else None
        d.tables[name] = Table(name, rows=rows, printed_title=title,
                               unit="万元", published_empty=published_empty(name, rows),
                               notes=["注：本表无数据，空表列示。"] if not rows else [])
    d.tables["budget_summary"].rows = draw(two_list_rows())
    d.tables["three_public_expenses"].rows = draw(three_public_rows())
    for name in ("budget_summary", "three_public_expenses"):
        d.tables[name].published_empty = published_empty(name, d.tables[name].rows)
    for name in DATA:
        if draw(st.booleans()):
            del d.tables[name]
        else:
            d.tables[name] = Table(name, rows=draw(data_rows(
                standard.table_schema(name)["fields"])),
                pages=draw(st.lists(st.integers(1, 99), max_size=3)))
    if draw(st.booleans()):
        d.tables["x_extra_table"] = draw(extension_table())
    return d


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(packages())
def test_random_packages_round_trip(package) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        book = export_workbook(package, Path(tmp) / "p.xlsx")
        back = convert_one(book)
        assert_packages_identical(package, back, Path(tmp))
    names = [*CLASSIFIED, "budget_summary", "three_public_expenses", "organizations",
             "fixed_assets"]
    assert_tables_equal(package, back, names)
