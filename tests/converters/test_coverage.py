"""Typed share of a package: printed table amounts in the standard's typed fields ÷ all
printed table amounts (cnbudget/converters/coverage.py)."""

from __future__ import annotations

from pathlib import Path

from cnbudget import standard
from cnbudget.converters.coverage import coverage, package_coverage
from cnbudget.model import Provenance, Table, Unplaced
from cnbudget.package import load_package
from cnbudget.place import Place

REFERENCE = Path(__file__).resolve().parents[2] / "datapackages" / "130324-201-2023-budget"


def _amount_cells(path: Path) -> int:
    """Non-empty number cells of the package's table and list resources; an indicator's
    number is read from its printed target ("≥95%"), not printed as a plain number."""
    n = 0
    for name, table in load_package(path).tables.items():
        schema = standard.table_schema(name)
        if schema.get("x-kind") not in ("table", "list"):
            continue
        fields = [f["name"] for f in schema["fields"] if f["type"] == "number"
                  and (name, f["name"]) != ("performance_indicators", "number")]
        n += sum(1 for row in table.rows for f in fields if row.get(f) not in (None, ""))
    return n


def test_reference_package_is_fully_typed() -> None:
    """The reference package keeps every printed amount of its tables in a typed field,
    each once, so its typed share is exactly 1."""
    cov = package_coverage(REFERENCE)
    assert cov.share == 1.0
    assert not cov.remainder
    assert cov.typed == cov.total == _amount_cells(REFERENCE) > 100


def _raw_table() -> Table:
    schema = {"fields": [{"name": "page", "title": "页码", "type": "integer"},
                         {"name": "c1", "title": "科目编码 > 类", "type": "string"},
                         {"name": "c2", "title": "科目名称", "type": "string"},
                         {"name": "c3", "title": "合计", "type": "string"},
                         {"name": "c4", "title": "行次", "type": "string"},
                         {"name": "c5", "title": "第5列", "type": "string"}]}
    rows = [{"page": 9, "c1": "201", "c2": "一般公共服务支出", "c3": "1,234.50", "c4": "1",
             "c5": "7"},
            {"page": 9, "c1": "208", "c2": "社会保障和就业支出", "c3": "-", "c4": "2",
             "c5": "0.50"}]
    return Table("x_table_p9", rows=rows, printed_title="项目支出预算表", title="项目支出预算表",
                 schema=schema, extension={"name": "table_p9", "description": "test"})


def test_an_extension_table_lowers_the_share_by_exactly_its_amounts() -> None:
    """Amounts kept in an x_ table count in the denominator only: 1,234.50, 7 and 0.50 (not
    the code column, the row numbers, the dash or the label)."""
    disclosure = load_package(REFERENCE)
    before = coverage(disclosure)
    disclosure.tables["x_table_p9"] = _raw_table()
    after = coverage(disclosure)
    assert after.typed == before.typed
    assert after.total == before.total + 3
    assert after.share == before.typed / (before.typed + 3)
    assert after.remainder == {"x_table_p9": 3}
    assert after.detail == {"x_table_p9: 项目支出预算表": 3}


def test_extra_columns_unplaced_and_text_fields_are_not_typed() -> None:
    disclosure = load_package(REFERENCE)
    typed = coverage(disclosure).typed
    schema = {"fields": [{"name": n, "type": "string"} for n in
                         ("resource", "side", "position", "column", "header", "value", "page")]}
    disclosure.tables["x_extra_columns"] = Table("x_extra_columns", rows=[
        {"resource": "income_summary", "header": "上年预算数", "value": "88.00", "page": 4},
        {"resource": "basic_expenditure", "header": "政府经济分类 > 科目编码 > 类",
         "value": "501", "page": 5},
        {"resource": "income_summary", "header": "备注", "value": "见说明", "page": 4}],
        schema=schema, extension={"name": "extra_columns", "description": "test"})
    place = Place("x.pdf", 3)
    disclosure.report.unplaced = [Unplaced("12.00", place, "outside every column"),
                                  Unplaced("合计", place, "a label")]
    disclosure.provenance.append(Provenance("budget_summary", 1, "item", place, "2,000"))
    disclosure.provenance.append(Provenance("budget_summary", 1, "function_code", place,
                                            "201 | 01"))
    cov = coverage(disclosure)
    assert cov.typed == typed
    assert cov.remainder == {"x_extra_columns": 1, "unplaced": 1, "budget_summary.item": 1}
    assert cov.detail["x_extra_columns: income_summary > 上年预算数"] == 1
    assert cov.detail["unplaced: outside every column"] == 1


def test_an_extension_with_provenance_is_counted_from_it() -> None:
    """x_three_public_other_rows records the places of its amounts: each counts once, not
    once from the provenance and again from the rows."""
    disclosure = load_package(REFERENCE)
    total = coverage(disclosure).total
    place = Place("x.pdf", 7)
    disclosure.tables["x_three_public_other_rows"] = Table(
        "x_three_public_other_rows", rows=[{"row_label": "2025年", "item_key": "total",
                                            "item": "合计", "amount": "30.00"}],
        printed_title="“三公”经费预算表", schema={"fields": []},
        extension={"name": "three_public_other_rows", "description": "test"})
    disclosure.provenance.append(Provenance("x_three_public_other_rows", 1, "amount", place,
                                            "30.00"))
    cov = coverage(disclosure)
    assert cov.total == total + 1
    assert cov.remainder == {"x_three_public_other_rows": 1}
