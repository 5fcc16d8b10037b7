"""决算 goldens rendered and converted back: the nine tables (with the 决算 columns: the
“三公” 预算数 and quantities, the 结转结余 and 本年收入 of the fund tables, 结余分配) and the
self-evaluation indicators (实际完成值, 得分, 偏差原因) come back field for field, under the
决算 titles the standard gives for the document kind."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from cnbudget import standard
from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure
from cnbudget.package import load_package, write_package
from cnbudget.render import render_pdf
from cnbudget.render.layouts import TABLE_ORDER

from ..conftest import REPO
from .helpers import table_differences

EXPECTED = REPO / "tests" / "fixtures" / "expected"
FINALS = sorted(p.name for p in EXPECTED.iterdir()
                if p.is_dir() and "final-accounts" in p.name)
ROUND_TRIPPED = [*TABLE_ORDER, "performance_projects", "performance_indicators",
                 "evaluation_scores"]
"""What a rendered 决算 gives back: the nine tables, the 综合评价得分情况表 of an evaluation
report (国家信访局 p.48) and the self-evaluation (each
project's 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分, goal and outcome, 总分; its
indicators' 实际完成值, 得分, 偏差原因). Not (yet): text_sections (the 第一部分… part
headings of these documents) and extensions (x_…)."""


def _sorted(d: Disclosure) -> Disclosure:
    for t in d.tables.values():  # two-list tables: the order of the two lists is not data
        if t.rows and "side" in t.rows[0]:
            t.rows.sort(key=lambda r: (str(r["side"]), int(r["position"] or 0)))
    return d


@cache
def _pair(name: str) -> tuple[Disclosure, Disclosure, Path]:
    want = load_package(EXPECTED / name)
    tmp = Path(tempfile.mkdtemp(prefix="final-render-"))
    pdf = render_pdf(want, tmp / "doc.pdf")
    got = load_package(write_package(convert([pdf], Options(self_check=False)), tmp / "pkg"))
    return _sorted(got), _sorted(load_package(EXPECTED / name)), pdf


def test_there_are_final_goldens() -> None:
    assert len(FINALS) >= 4, FINALS


@pytest.mark.parametrize("name", FINALS)
def test_rendered_final_accounts_round_trip(name: str) -> None:
    got, want, _ = _pair(name)
    assert got.metadata["document_kind"] == want.metadata["document_kind"]
    assert got.metadata["fiscal_year"] == want.metadata["fiscal_year"]
    problems = [p for p in table_differences(got, want)
                if p.split(":")[0].split(" ")[0].split(".")[0] in ROUND_TRIPPED]
    assert not problems, "\n".join(problems[:20])
    filled = [n for n in ROUND_TRIPPED if n in want.tables and want.tables[n].rows]
    assert len(filled) >= 7  # the fund tables may be published empty


@pytest.mark.parametrize("name", FINALS)
def test_final_columns_are_printed(name: str) -> None:
    """The 决算 fields the budget layout lacks are printed (and so read back): every value
    of the golden's 三公 预算数/quantities and fund tables' carry-over columns survives."""
    got, want, _ = _pair(name)
    extra = {"three_public_expenses": ["budget", "groups", "persons", "batches",
                                       "vehicles_purchased", "vehicles_held"],
             "government_fund_expenditure": ["carryover_begin", "income", "carryover_end"],
             "state_capital_expenditure": ["carryover_begin", "income", "carryover_end"]}
    for table, fields in extra.items():
        for f in fields:
            assert [r.get(f) for r in got.tables[table].rows] == \
                [r.get(f) for r in want.tables[table].rows], (table, f)


def test_some_golden_has_final_only_values() -> None:
    """The tests above are not vacuous: the goldens carry 决算-only values."""
    seen = set()
    for name in FINALS:
        _, want, _ = _pair(name)
        for t in ("three_public_expenses", "government_fund_expenditure"):
            for r in want.tables[t].rows:
                seen |= {f for f in ("budget", "persons", "carryover_begin", "carryover_end")
                         if r.get(f) not in (None, "")}
        projects = want.tables.get("performance_projects")
        if projects is not None and any(r.get("amount_executed") for r in projects.rows):
            seen.add("amount_executed")
        ind = want.tables.get("performance_indicators")
        if ind is not None and any(r.get("actual_text") for r in ind.rows):
            seen.add("actual_text")
    assert {"budget", "actual_text", "amount_executed"} <= seen, seen


@pytest.mark.parametrize("name", FINALS)
def test_final_titles_and_wording_come_from_the_standard(name: str) -> None:
    """Tables without a printed title are printed under the 决算 title of their document
    kind (x-kind-titles), and the page header says 决算年度."""
    d = load_package(EXPECTED / name)
    kind = d.metadata["document_kind"]
    for n in TABLE_ORDER:
        d.tables[n].printed_title = None
    with tempfile.TemporaryDirectory() as tmp:
        pdf = pdfium.PdfDocument(render_pdf(d, Path(tmp) / "doc.pdf"))
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        pdf.close()
    for n in TABLE_ORDER:
        title = standard.printed_title(n, kind)
        assert "决算" in title and title != standard.table_schema(n)["title"]
        assert title in text, title
    assert "决算年度：" in text and "预算年度：" not in text
