"""决算 packages through the workbook: export → convert gives the same package (every
resource), the printed sheets alone give back the nine tables with their 决算 columns, and
the sheets speak 决算 (titles by document kind from the standard, 决算年度, 决算数)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from openpyxl import load_workbook
from xlhelpers import ROOT, assert_packages_identical, assert_tables_equal, convert_one

from cnbudget import standard
from cnbudget.export import build_template, export_workbook
from cnbudget.model import Disclosure
from cnbudget.package import load_package

EXPECTED = ROOT / "tests" / "fixtures" / "expected"
FINALS = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir() and "final-accounts" in p.name)
NINE = [n for n in standard.standard()["required_resources"]
        if standard.table_family(n) in ("two_list", "classified", "item_table")]
FINAL_FIELDS = {"three_public_expenses": ["budget", "groups", "persons", "batches",
                                          "vehicles_purchased", "vehicles_held"],
                "government_fund_expenditure": ["carryover_begin", "income", "carryover_end"],
                "state_capital_expenditure": ["carryover_begin", "income", "carryover_end"]}


def _v(value: object) -> object:
    return None if value == "" else value


def golden(name: str) -> Disclosure:
    return load_package(EXPECTED / name)


def test_there_are_final_goldens() -> None:
    assert len(FINALS) >= 4, FINALS
    assert {golden(n).metadata["document_kind"] for n in FINALS} <= {
        "department_final_accounts", "unit_final_accounts"}


@pytest.mark.parametrize("name", FINALS)
def test_final_workbook_round_trips_every_resource(name: str, tmp_path: Path) -> None:
    want = golden(name)
    back = convert_one(export_workbook(want, tmp_path / "f.xlsx"))
    assert_packages_identical(want, back, tmp_path)


@pytest.mark.parametrize("name", FINALS)
def test_printed_sheets_alone_give_the_final_tables(name: str, tmp_path: Path) -> None:
    """What a person sees (the hidden data sheets removed) is enough: the nine tables with
    the 决算 columns, the document kind and the year come back."""
    want = golden(name)
    wb = load_workbook(export_workbook(want, tmp_path / "f.xlsx"))
    for ws in [ws for ws in wb.worksheets if ws.sheet_state == "hidden"]:
        wb.remove(ws)
    wb.save(tmp_path / "printed.xlsx")
    back = convert_one(tmp_path / "printed.xlsx")
    assert back.metadata["document_kind"] == want.metadata["document_kind"]
    assert back.metadata["fiscal_year"] == want.metadata["fiscal_year"]
    assert_tables_equal(want, back, [n for n in NINE if n in want.tables])
    for table, fields in FINAL_FIELDS.items():
        for f in fields:
            assert [_v(r.get(f)) for r in back.tables[table].rows] == \
                [_v(r.get(f)) for r in want.tables[table].rows], (table, f)


def test_the_goldens_carry_final_only_values() -> None:
    """Not vacuous: some golden has a 三公 预算数 and 结转结余 of a fund table."""
    seen = {f for n in FINALS for t, fs in FINAL_FIELDS.items() for r in golden(n).tables[t].rows
            for f in fs if r.get(f) not in (None, "")}
    assert {"budget", "persons", "carryover_begin"} <= seen, seen


def test_final_sheets_speak_final_accounts(tmp_path: Path) -> None:
    d = copy.deepcopy(golden(FINALS[0]))
    kind = d.metadata["document_kind"]
    for n in NINE:
        d.tables[n].printed_title = None
    wb = load_workbook(export_workbook(d, tmp_path / "f.xlsx"))
    printed = {ws["A1"].value: ws for ws in wb.worksheets if ws.sheet_state == "visible"}
    for n in NINE:
        title = standard.printed_title(n, kind)
        assert "决算" in title and title in printed, title
        assert printed[title]["A3"].value.startswith(f"决算年度：{d.metadata['fiscal_year']}")
    for two_list in ("budget_summary", "fiscal_grant_summary"):
        heads = [c.value for r in (4, 5) for c in printed[standard.printed_title(two_list,
                                                                                 kind)][r]]
        assert "预算数" not in heads
    assert "决算数" in [c.value for c in printed[standard.printed_title("budget_summary",
                                                                      kind)][5]]
    words = {str(c.value) for n in NINE for row in printed[standard.printed_title(n, kind)]
             .iter_rows() for c in row if c.value is not None}
    assert not any("预算年度" in w for w in words)
    three = printed[standard.printed_title("three_public_expenses", kind)]
    headers = {c.value for r in (4, 5) for c in three[r]}
    titles = {f["name"]: f["title"] for f in standard.table_schema("three_public_expenses")[
        "fields"]}
    used = [f for f in FINAL_FIELDS["three_public_expenses"]
            if any(_v(r.get(f)) is not None for r in d.tables["three_public_expenses"].rows)]
    assert "budget" in used
    assert {titles[f] for f in used} <= headers, headers


@pytest.mark.parametrize("kind", ["department_final_accounts", "unit_final_accounts"])
def test_final_template_has_the_final_titles_and_wording(kind: str) -> None:
    wb = build_template(2024, kind)
    titles = {ws["A1"].value: ws for ws in wb.worksheets if ws.sheet_state == "visible"}
    assert titles[next(iter(titles))] is not None
    for n in NINE:
        title = standard.printed_title(n, kind)
        assert title in titles, title
        assert titles[title]["A3"].value == "决算年度：2024"
    assert wb["封面"]["A1"].value == f"2024年{'部门' if kind.startswith('department') else '单位'}决算"
    budget = build_template(2024, "department_budget")
    assert {ws["A1"].value for ws in budget.worksheets} >= {
        standard.table_schema(n)["title"] for n in NINE}
