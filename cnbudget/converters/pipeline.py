"""The shared path from a front end's blocks to a package: source → page blocks → stitched
segments → schema mapping → narrative and facts → metadata → self-check.

Front ends (text, PDF, workbook) only produce a :class:`SourceDocument`; everything here
is the same for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from cnbudget import standard
from cnbudget.converters import extension, facts, metadata, quantities, selfcheck
from cnbudget.converters.grid import Block, SourceDocument
from cnbudget.converters.mapping.classified import map_classified
from cnbudget.converters.mapping.columns import field_aliases
from cnbudget.converters.mapping.common import EXTRA_EXTENSION, EXTRA_SCHEMA, Builder, segment_unit
from cnbudget.converters.mapping.lists import map_item_list
from cnbudget.converters.mapping.perf_tables import map_performance
from cnbudget.converters.mapping.three_public import map_three_public
from cnbudget.converters.mapping.two_list import map_two_list
from cnbudget.converters.narrative import SectionBuilder, glossary_rows, goal_rows
from cnbudget.converters.normalize import canonical, compact
from cnbudget.converters.stitch import Segment, TableSegment, TextSegment, stitch
from cnbudget.model import (
    ConversionError,
    DamagedInputError,
    Disclosure,
    MappingError,
    Problem,
    Row,
    Table,
    Unplaced,
    source_problem,
)

Mapper = Callable[[TableSegment], Builder]
FAMILY_MAPPERS: dict[str, Mapper] = {
    "two_list": map_two_list,
    "classified": map_classified,
    "item_table": map_item_list,
    "record_list": map_item_list,
}
"""The mapper of each layout family the standard declares (``x-family`` of a Table Schema)."""
OWN_MAPPERS: dict[str, Mapper] = {"three_public_expenses": map_three_public}
"""Tables with a mapper of their own: the 三公 table's other-year rows, 小计 lines and
quantities."""
PERFORMANCE = frozenset({"performance_projects", "performance_indicators"})
"""Mapped together, project by project (:func:`map_performance`), not table by table."""


def mapper_for(resource: str) -> Mapper | None:
    """How a table of the standard is mapped from its printed grid; None for resources that
    are not grids (text, facts, provenance) and for the performance tables."""
    if resource in PERFORMANCE or resource not in standard.table_names():
        return None
    if resource in OWN_MAPPERS:
        return OWN_MAPPERS[resource]
    family = standard.table_family(resource)
    return FAMILY_MAPPERS.get(family) if family else None


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
    problems = [source_problem(p) for d in docs for p in d.problems]
    meta = metadata.infer(docs, segments, options, problems)
    disclosure = Disclosure(metadata=meta)
    disclosure.report.source_files = [Path(d.path).name for d in docs]
    disclosure.report.problems.extend(problems)
    disclosure.report.limits.extend(r for d in docs for r in d.limits)
    _map_tables(disclosure, segments, meta["unit"], meta["fiscal_year"])
    _check_blank(disclosure, docs, options)
    _map_narrative(disclosure, segments, meta["fiscal_year"])
    _check_complete(disclosure, docs, segments, options)
    if options.self_check:
        selfcheck.run(disclosure)
    return disclosure


def _map_tables(disclosure: Disclosure, segments: list[Segment], unit: str, year: int) -> None:
    perf: list[TableSegment] = []
    extra: list[Row] = []
    for seg in segments:
        if not isinstance(seg, TableSegment):
            continue
        disclosure.report.unplaced.extend(
            Unplaced(b.text, b.place, f"text printed inside the frame of table "
                     f"{seg.printed_title!r}, not in a cell") for b in seg.stray)
        if seg.resource == "performance_projects":
            perf.append(seg)
            continue
        if seg.resource in disclosure.tables:
            _keep_second(disclosure, seg)
            continue
        try:
            mapper = mapper_for(seg.resource)
            if mapper is None:  # tests/standard/test_families.py: never for a grid table
                raise MappingError(f"the standard has no mapper for {seg.resource}",
                                   seg.title_place)
            builder = mapper(seg)
        except DamagedInputError:
            raise
        except MappingError as exc:
            _keep_unmapped(disclosure, seg, exc)
            continue
        table = builder.table(seg, segment_unit(seg, unit))
        if seg.resource == "fixed_assets":
            table.as_of = metadata.as_of_date(seg)
        _collect(disclosure, builder, table)
        extra.extend(builder.extra)
    if perf:
        projects, indicators, raw, kept = map_performance(perf, year, set(disclosure.tables))
        for t in raw:
            disclosure.tables[t.name] = t
        disclosure.report.problems.extend(kept)
        if projects.rows:
            _collect(disclosure, projects, Table(
                "performance_projects", rows=projects.rows,
                pages=sorted({r["page"] for r in projects.rows if r.get("page")})))
            _collect(disclosure, indicators, Table(
                "performance_indicators", rows=indicators.rows,
                pages=sorted({p.place.page for p in indicators.provenance if p.place.page})))
            extra.extend([*projects.extra, *indicators.extra])
        else:
            disclosure.report.problems.extend([*projects.problems, *indicators.problems])
            disclosure.report.unplaced.extend([*projects.unplaced, *indicators.unplaced])
    if extra:
        for r in extra:
            r.setdefault("project_id", None)
        disclosure.tables["x_extra_columns"] = Table(
            "x_extra_columns", rows=extra, title="标准未定义的印刷列 / Printed columns without a "
            "field in the standard", schema=EXTRA_SCHEMA, extension=EXTRA_EXTENSION,
            pages=sorted({r["page"] for r in extra if r["page"]}))


def _keep_unmapped(disclosure: Disclosure, seg: TableSegment, exc: MappingError) -> None:
    """A recognised table whose columns could not be mapped: kept cell by cell
    (CNB-CNV-010)."""
    name = _kept_name(disclosure, f"unmapped_{seg.resource}", seg)
    disclosure.tables[name] = extension.raw_table(
        name, seg.printed_title, seg.rows, f"{seg.printed_title}：无法映射到标准资源 "
        f"{seg.resource}，按印刷逐格保留 / could not be mapped to {seg.resource}; kept cell by "
        "cell as printed", header=seg.header)
    disclosure.report.problems.append(Problem(
        "CNB-CNV-010", exc.place, seg.resource, seg.printed_title,
        data={"reason": exc.reason, "detail": exc.detail, "kept_in": name,
              "pages": seg.pages}))


def _kept_name(disclosure: Disclosure, base: str, seg: TableSegment) -> str:
    """``x_<base>_p<first page>`` (``x_unmapped_income_summary_p3``), made unique."""
    name = extension.resource_name("", seg.pages[0] if seg.pages else None,
                                   set(disclosure.tables))
    return name.replace("x_table", f"x_{base}", 1)


def _keep_second(disclosure: Disclosure, seg: TableSegment) -> None:
    """A second table titled as a resource already read: kept cell by cell as printed
    (CNB-CNV-012)."""
    first = disclosure.tables[seg.resource].printed_title
    name = _kept_name(disclosure, f"second_{seg.resource}", seg)
    disclosure.tables[name] = extension.raw_table(
        name, seg.printed_title, seg.rows, f"{seg.printed_title}：与 {seg.resource} 同类的第二张"
        f"表，按印刷逐格保留 / a second table of {seg.resource}, kept cell by cell as printed",
        header=seg.header)
    disclosure.report.problems.append(Problem(
        "CNB-CNV-012", seg.title_place, seg.resource, seg.printed_title,
        data={"first": first, "kept_in": name, "pages": seg.pages}))


def _other_tables(disclosure: Disclosure, seg: TextSegment) -> None:
    """Grids outside every recognised table become extension resources; a grid after the
    lead-in sentence of a table of the standard (``x-lead-ins``) is mapped as that table,
    with the untitled grids after it that repeat its header (its continuation pages)."""
    runs: list[tuple[str, list[Block]]] = []
    for start, rows in extension.table_runs(seg.blocks):
        if not any(compact(t) for b in rows for t in b.texts):
            continue
        runs.append((extension.title_before(seg.blocks, start), rows))
    k = 0
    while k < len(runs):
        title, rows = runs[k]
        k += 1
        resource = standard.lead_in_table(title) if title else None
        if resource is not None and resource not in disclosure.tables:
            header, body = _lead_in_header(resource, rows)
            while k < len(runs) and header and not runs[k][0] and _same_texts(
                    runs[k][1][0], header[0]):
                body = [*body, *runs[k][1][len(header):]]  # a continuation page
                k += 1
            if _lead_in_table(disclosure, resource, title, header, body):
                continue
            rows = [*header, *body]
        name = extension.resource_name(title, rows[0].place.page, set(disclosure.tables))
        disclosure.tables[name] = extension.raw_table(
            name, title, rows, f"{title or '无标题表格'}：标准未定义的表格，按印刷逐格保留 / a "
            "printed table the standard does not define, kept cell by cell as printed")


def _same_texts(a: Block, b: Block) -> bool:
    return [compact(t) for t in a.texts] == [compact(t) for t in b.texts]


def _lead_in_header(resource: str, rows: list[Block]) -> tuple[list[Block], list[Block]]:
    """The header of a grid after a lead-in: its leading rows (at most 4) up to the last
    that prints a field's alias (a first row of integers, 650, is data, not header)."""
    aliases = {a for _, names in field_aliases(resource) for a in names}
    n = 0
    for i, b in enumerate(rows[:4]):
        if any(canonical(t) in aliases for t in b.texts if compact(t)):
            n = i + 1
    return (rows[:n], rows[n:]) if n else extension.split_header(rows)


def _lead_in_table(disclosure: Disclosure, resource: str, title: str, header: list[Block],
                   body: list[Block]) -> bool:
    """Map a grid printed after a table's lead-in sentence; False (kept as printed) when its
    columns do not map."""
    mapper = mapper_for(resource)
    if mapper is None:
        return False
    place = (header or body)[0].place
    table_seg = TableSegment(resource, title.strip(), place, header=header, rows=body)
    try:
        builder = mapper(table_seg)
    except MappingError:
        return False
    table = builder.table(table_seg, segment_unit(table_seg, disclosure.metadata["unit"]))
    _collect(disclosure, builder, table)
    if builder.extra:
        kept = disclosure.tables.get("x_extra_columns")
        if kept is None:
            disclosure.tables["x_extra_columns"] = kept = Table(
                "x_extra_columns", title="标准未定义的印刷列 / Printed columns without a "
                "field in the standard", schema=EXTRA_SCHEMA, extension=EXTRA_EXTENSION)
        for r in builder.extra:
            r.setdefault("project_id", None)
        kept.rows.extend(builder.extra)
        kept.pages = sorted({*kept.pages, *(r["page"] for r in builder.extra if r["page"])})
    return True


def _collect(disclosure: Disclosure, builder: Builder, table: Table) -> None:
    disclosure.tables[table.name] = table
    for ext in builder.extensions:
        disclosure.tables[ext.name] = ext
    disclosure.provenance.extend(builder.provenance)
    disclosure.report.unplaced.extend(builder.unplaced)
    disclosure.report.problems.extend(builder.problems)


def _map_narrative(disclosure: Disclosure, segments: list[Segment], year: int) -> None:
    sections = SectionBuilder()
    for seg in segments:
        if isinstance(seg, TextSegment):
            _other_tables(disclosure, seg)
            for b in seg.blocks:
                sections.add_block(b)
        else:
            sections.add_tables()
    rows = sections.rows()
    disclosure.tables["text_sections"] = Table("text_sections", rows=rows,
                                               pages=sorted({r["page"] for r in rows
                                                             if r["page"]}))
    disclosure.provenance.extend(sections.provenance())
    fact_rows, fact_prov = facts.extract(
        sections.sections, year, disclosure.metadata.get("document_kind"),
        (disclosure.metadata.get("publisher") or {}).get("department_name"))
    facts.link(fact_rows, disclosure.tables)
    disclosure.tables["stated_figures"] = Table(
        "stated_figures", rows=fact_rows,
        pages=sorted({p.place.page for p in fact_prov if p.place.page}))
    disclosure.provenance.extend(fact_prov)
    quantities.fill(disclosure, sections.sections)
    goals = goal_rows(sections.sections)
    if goals:
        topics = {"performance"}
        disclosure.tables["performance_goals"] = Table(
            "performance_goals", rows=goals,
            pages=sorted({s.page for s in sections.sections if s.page and s.topic in topics}))
    for sec in sections.sections:
        # a 名词解释 heading whose entries were not read as its lines gives no glossary
        if sec.topic == "glossary" and (entries := glossary_rows(sec)):
            disclosure.tables["glossary"] = Table("glossary", rows=entries,
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
            disclosure.report.problems.append(Problem("CNB-CNV-013", table=name,
                                                      title=ts["title"]))
            disclosure.tables[name] = Table(name, not_published=True)
    missing = metadata.contents_missing(docs, segments)
    if missing and options.strict:
        where = ", ".join(missing[:5])
        raise ConversionError(f"{docs[-1].path}: truncated or incomplete: the table of contents "
                              f"lists {where}, which the document does not contain")


def _check_blank(disclosure: Disclosure, docs: list[SourceDocument], options: Options) -> None:
    """A blank form (a template with table frames but no amount in any of them) is no
    disclosure: refused in strict mode, reported otherwise."""
    tables = [t for name, t in disclosure.tables.items() if mapper_for(name) is not None]
    if len(tables) < 3:
        return
    for t in tables:
        numeric = [f["name"] for f in standard.table_schema(t.name)["fields"]
                   if f["type"] == "number"]
        if any(r.get(f) not in (None, "") for r in t.rows for f in numeric):
            return
    problem = Problem("CNB-CNV-020", data={
        "count": len(tables), "tables": ", ".join(sorted(t.name for t in tables))})
    if options.strict:
        raise ConversionError(f"{docs[-1].path}: {problem.message().rstrip('.')}: a form to "
                              "fill in, not a disclosure")
    disclosure.report.problems.append(problem)


def _check_lines(seg: TableSegment, lines: list[int], options: Options) -> None:
    if not lines or not options.strict:
        return
    if standard.table_family(seg.resource) == "two_list":
        lines = sorted(set(lines))
    printed = _printed_numbers(seg)
    for prev, cur in pairwise(lines):
        if cur != prev + 1 and not all(n in printed for n in range(prev + 1, cur)):
            raise ConversionError(
                f"{seg.title_place.source}: table {seg.printed_title!r} (page "
                f"{seg.pages[0] if seg.pages else '?'}): printed row numbers jump from {prev} "
                f"to {cur}; rows are missing (a lost page chunk?)")


def _printed_numbers(seg: TableSegment) -> set[int]:
    """Row numbers printed in the first column of the segment's rows, also on rows that
    give no row of the table: 西安 2022 收支总表 prints rows 31, 32 and 39 empty, and 37-38
    only as parts of 上年结转 (kept in x_extra_columns). Those rows were read, not lost."""
    out: set[int] = set()
    for block in seg.rows:
        first = compact(block.texts[0]) if block.texts else ""
        if first.isdigit():
            out.add(int(first))
    return out
