"""The shared path from a front end's blocks to a package: source → page blocks → stitched
segments → schema mapping → narrative and facts → metadata → self-check.

Front ends (text, PDF, workbook) only produce a :class:`SourceDocument`; everything here
is the same for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cnbudget import standard
from cnbudget.converters import facts, metadata, selfcheck
from cnbudget.converters.grid import Block, SourceDocument
from cnbudget.converters.mapping.classified import map_classified
from cnbudget.converters.mapping.common import Builder, segment_unit
from cnbudget.converters.mapping.lists import map_item_list
from cnbudget.converters.mapping.performance import map_performance
from cnbudget.converters.mapping.two_list import map_two_list
from cnbudget.converters.narrative import SectionBuilder, glossary_rows, goal_rows
from cnbudget.converters.normalize import compact
from cnbudget.converters.stitch import Segment, TableSegment, TextSegment, stitch
from cnbudget.model import ConversionError, Disclosure, Table, Unplaced

MAPPERS: dict[str, Callable[[TableSegment], Builder]] = {
    "budget_summary": map_two_list,
    "fiscal_grant_summary": map_two_list,
    "income_summary": map_classified,
    "expenditure_summary": map_classified,
    "general_budget_expenditure": map_classified,
    "basic_expenditure": map_classified,
    "government_fund_expenditure": map_classified,
    "state_capital_expenditure": map_classified,
    "three_public_expenses": map_item_list,
    "fixed_assets": map_item_list,
    "organizations": map_item_list,
    "procurement": map_item_list,
}


@dataclass(slots=True)
class Options:
    """Settings of a conversion, validated once."""

    region_code: str | None = None
    department_code: str | None = None
    fiscal_year: int | None = None
    document_kind: str | None = None
    url: str | None = None
    strict: bool = True
    """Raise on structural damage (missing rows, contents without their table)."""
    self_check: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def convert_documents(docs: list[SourceDocument], options: Options | None = None) -> Disclosure:
    options = options or Options()
    blocks: list[Block] = [b for d in docs for b in d.blocks]
    segments = stitch(blocks)
    meta = metadata.infer(docs, segments, options)
    disclosure = Disclosure(metadata=meta)
    disclosure.report.source_files = [Path(d.path).name for d in docs]
    for d in docs:
        disclosure.report.problems.extend(d.problems)
    _map_tables(disclosure, segments, meta["unit"], meta["fiscal_year"])
    _map_narrative(disclosure, segments, meta["fiscal_year"])
    _check_complete(disclosure, docs, segments, options)
    if options.self_check:
        selfcheck.run(disclosure)
    return disclosure


def _map_tables(disclosure: Disclosure, segments: list[Segment], unit: str, year: int) -> None:
    perf: list[TableSegment] = []
    for seg in segments:
        if not isinstance(seg, TableSegment):
            continue
        if seg.resource == "performance_projects":
            perf.append(seg)
            continue
        if seg.resource in disclosure.tables:
            raise ConversionError(f"{seg.title_place.describe()}: a second table "
                                  f"{seg.printed_title!r}; {seg.resource} was already read")
        builder = MAPPERS[seg.resource](seg)
        table = builder.table(seg, segment_unit(seg, unit))
        if seg.resource == "fixed_assets":
            table.as_of = metadata.as_of_date(seg)
        _collect(disclosure, builder, table)
    if perf:
        projects, indicators = map_performance(perf, year)
        _collect(disclosure, projects, Table("performance_projects", rows=projects.rows,
                                             pages=sorted({p for s in perf for p in s.pages})))
        _collect(disclosure, indicators, Table("performance_indicators", rows=indicators.rows))


def _collect(disclosure: Disclosure, builder: Builder, table: Table) -> None:
    disclosure.tables[table.name] = table
    disclosure.provenance.extend(builder.provenance)
    disclosure.report.unplaced.extend(builder.unplaced)


def _map_narrative(disclosure: Disclosure, segments: list[Segment], year: int) -> None:
    sections = SectionBuilder()
    for seg in segments:
        if isinstance(seg, TextSegment):
            for b in seg.blocks:
                if b.kind == "row" and any(compact(t) for t in b.texts):
                    disclosure.report.unplaced.append(Unplaced(
                        " | ".join(b.texts), b.place, "table row outside any recognised table"))
                sections.add_block(b)
    rows = sections.rows()
    disclosure.tables["text_sections"] = Table("text_sections", rows=rows,
                                               pages=sorted({r["page"] for r in rows
                                                             if r["page"]}))
    disclosure.provenance.extend(sections.provenance())
    fact_rows, fact_prov = facts.extract(sections.sections, year)
    facts.link(fact_rows, disclosure.tables)
    disclosure.tables["stated_figures"] = Table("stated_figures", rows=fact_rows)
    disclosure.provenance.extend(fact_prov)
    goals = goal_rows(sections.sections)
    if goals:
        disclosure.tables["performance_goals"] = Table("performance_goals", rows=goals)
    for sec in sections.sections:
        if sec.topic == "glossary":
            disclosure.tables["glossary"] = Table("glossary", rows=glossary_rows(sec),
                                                  pages=[sec.page] if sec.page else [])


def _check_complete(disclosure: Disclosure, docs: list[SourceDocument],
                    segments: list[Segment], options: Options) -> None:
    """Damage that must stop a conversion: printed row numbers with gaps (a lost page
    chunk) and tables the contents list that are not there (a truncated file)."""
    for seg in segments:
        if isinstance(seg, TableSegment) and seg.resource in disclosure.tables:
            lines = [r.get("line") for r in disclosure.tables[seg.resource].rows]
            _check_lines(seg, [n for n in lines if isinstance(n, int)], options)
    for name in standard.standard()["required_resources"]:
        if name in disclosure.tables or name == "provenance":
            continue
        ts = standard.table_schema(name)
        if ts.get("x-kind") in ("table",):
            disclosure.report.problems.append(f"table {ts['title']} ({name}) not found")
    missing = metadata.contents_missing(docs, segments)
    if missing and options.strict:
        where = ", ".join(missing[:5])
        raise ConversionError(f"{docs[-1].path}: truncated or incomplete: the table of contents "
                              f"lists {where}, which the document does not contain")


def _check_lines(seg: TableSegment, lines: list[int], options: Options) -> None:
    if not lines or not options.strict:
        return
    if seg.resource in ("budget_summary", "fiscal_grant_summary"):
        lines = sorted(set(lines))
    for prev, cur in zip(lines, lines[1:], strict=False):
        if cur != prev + 1:
            raise ConversionError(
                f"{seg.title_place.source}: table {seg.printed_title!r} (page "
                f"{seg.pages[0] if seg.pages else '?'}): printed row numbers jump from {prev} "
                f"to {cur}; rows are missing (a lost page chunk?)")
