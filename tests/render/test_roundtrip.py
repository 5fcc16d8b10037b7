"""The bundled example PDF is the reference package rendered, and converting it gives the
reference package back: every table row and figure, the metadata (except the source file
and the creation time); provenance (pages, boxes) differs by design."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from cnbudget.converters import Options, convert
from cnbudget.converters.pdf import read_pdf
from cnbudget.model import Disclosure
from cnbudget.package import load_package, write_package
from cnbudget.render import render_pdf

from ..conftest import REFERENCE, REPO
from .helpers import metadata_of, rows_of, table_differences

EXAMPLE = REPO / "examples" / "lulong-2023-budget.pdf"
REGENERATE = ("cnbudget render datapackages/130324-201-2023-budget "
              "-o examples/lulong-2023-budget.pdf --overwrite")


@cache
def converted() -> Disclosure:
    """The example converted, written as a package and read back (values as in CSV)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        disclosure = convert([EXAMPLE], Options(self_check=False))
        return load_package(write_package(disclosure, Path(tmp) / "pkg"))


@cache
def reference() -> Disclosure:
    return load_package(REFERENCE)


def test_example_pdf_is_fresh(tmp_path: Path) -> None:
    fresh = render_pdf(reference(), tmp_path / "fresh.pdf")
    assert EXAMPLE.read_bytes() == fresh.read_bytes(), (
        f"{EXAMPLE.relative_to(REPO)} is stale relative to the renderer and the reference "
        f"package; regenerate it with:\n  {REGENERATE}")


def test_every_table_row_survives() -> None:
    problems = table_differences(converted(), reference())
    assert not problems, "\n".join(problems[:40])


def test_metadata_survives() -> None:
    assert metadata_of(converted()) == metadata_of(reference())


def test_every_printed_amount_is_read_back_and_sums_hold() -> None:
    got = converted()
    income = rows_of(got, "income_summary")
    total = next(r for r in income if r["function_name"] == "合计")
    classes = [r for r in income if r["function_code"] and len(r["function_code"]) == 3]
    assert sum(Decimal(r["total"]) for r in classes) == Decimal(total["total"]) == \
        Decimal("686.71")
    basic = rows_of(got, "basic_expenditure")
    assert basic[0]["total"] == "396.56"
    assert sum(Decimal(r["total"]) for r in basic if len(r["economic_code"] or "") == 3) == \
        Decimal("396.56")


def test_rows_broken_across_pages_are_rejoined() -> None:
    """Rows of the narrow 收入总表 run over page breaks (as in the Hebei original): the
    continuation, printed under the repeated header without a row number, is joined back."""
    doc = read_pdf(EXAMPLE)
    continued = [b for b in doc.blocks if b.kind == "row" and not b.texts[0].strip()
                 and any(t[:1].isdigit() for t in b.texts[1:])]
    assert continued, "the example prints no row broken across pages"
    income = rows_of(converted(), "income_summary")
    assert [int(r["line"]) for r in income] == list(range(1, len(income) + 1))
    assert all(r["total"] == r["current_year_subtotal"] == r["fiscal_grant"] for r in income)


def test_empty_tables_keep_their_note() -> None:
    t = converted().tables["government_fund_expenditure"]
    assert t.published_empty and not t.rows
    assert t.notes == ["注：无政府基金预算财政拨款预算，空表列示。"]
