"""Files of one disclosure, grouped by what they print (cnbudget/converters/grouping.py)."""

from __future__ import annotations

from pathlib import Path

from cnbudget.converters import Options, convert
from cnbudget.converters.grouping import Part, group, part
from cnbudget.package import load_package
from tests.converters.corpus import corpus_file

REFERENCE = Path(__file__).resolve().parents[2] / "datapackages" / "130324-201-2023-budget"


def _part(file: str, dept: str | None = "北京市审计局", year: int | None = 2026,
          tables: bool = True) -> Part:
    return Part(file, dept, year, "department_budget", tables)


def test_tables_file_and_text_file_of_one_department_are_one_disclosure() -> None:
    parts = [_part("a-text.pdf", tables=False), _part("b.pdf", "北京市水务局"),
             _part("c-tables.pdf")]
    assert group(parts) == [["c-tables.pdf", "a-text.pdf"], ["b.pdf"]]


def test_two_files_with_tables_stay_two_disclosures() -> None:
    """Two documents that both print the tables (the same budget archived twice, or a
    department and a unit printed under one name) are not merged, nor a text file with
    either of them: which one it belongs to cannot be told."""
    parts = [_part("a.pdf"), _part("b.pdf"), _part("c-text.pdf", tables=False)]
    assert group(parts) == [["a.pdf"], ["b.pdf"], ["c-text.pdf"]]


def test_other_year_other_name_or_unknown_department_is_apart() -> None:
    parts = [_part("a.pdf"), _part("b-text.pdf", year=2025, tables=False),
             _part("c-text.pdf", "北京市审计局（本级）", tables=False),
             _part("d-text.pdf", None, tables=False), _part("e-text.pdf", None, tables=False)]
    assert group(parts) == [["a.pdf"], ["b-text.pdf"], ["c-text.pdf"], ["d-text.pdf"],
                            ["e-text.pdf"]]


def test_the_party_prefix_does_not_part_a_disclosure() -> None:
    """中共江苏省委办公厅 prints its tables under its full name, its text as 江苏省委办公厅."""
    parts = [_part("tables.pdf", "中共江苏省委办公厅"),
             _part("text.pdf", "江苏省委办公厅", tables=False)]
    assert group(parts) == [["tables.pdf", "text.pdf"]]


def test_a_text_file_alone_is_its_own_disclosure() -> None:
    assert group([_part("a-text.pdf", tables=False)]) == [["a-text.pdf"]]


def test_part_of_the_reference_package() -> None:
    p = part("lulong-2023-budget.txt", load_package(REFERENCE))
    assert p == Part("lulong-2023-budget.txt", "中国共产党卢龙县委员会办公室", 2023,
                     "department_budget", True)


def test_corpus_tables_and_text_files_group_by_content() -> None:
    """北京市信访办公室 2026: the 报表 and the 说明 are two files that name the department."""
    tables = corpus_file("bj-xinfang-ban-2026-budget-tables.pdf")
    text = corpus_file("bj-xinfang-ban-2026-budget-text.pdf")
    other = corpus_file("bj-junmin-ronghe-ban-2026-budget-tables.pdf")
    parts = [part(p.name, convert([p], Options(self_check=False, strict=False)))
             for p in (text, other, tables)]
    assert [p.tables for p in parts] == [False, True, True]
    assert group(parts) == [[tables.name, text.name], [other.name]]
