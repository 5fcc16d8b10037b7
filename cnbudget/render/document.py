"""render_pdf: a package → a PDF laid out like a Hebei county budget disclosure.

Stages: :func:`cnbudget.render.order.document_order` (which part comes where) →
one page flow (:class:`cnbudget.render.flow.Flow`) filled part by part: cover
(the sections before the first table, e.g. the contents), the nine tables each from a
new page (:class:`cnbudget.render.table.TablePrinter`), then the narrative sections with
the 机构设置, performance, procurement and fixed-asset tables where they belong.
Derived resources (glossary, performance goals, stated figures) are not printed on
their own: they are read back from the section text that states them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cnbudget import standard
from cnbudget.atomic import write_file
from cnbudget.model import Disclosure, Row, Table
from cnbudget.render.flow import Flow
from cnbudget.render.layouts import (
    LAYOUTS,
    PERFORMANCE,
    TABLE_ORDER,
    Column,
    Layout,
    layout_for,
)
from cnbudget.render.order import document_order
from cnbudget.render.rows import (
    PrintedRow,
    department_card,
    evaluation_rows,
    performance_rows,
    printed_rows,
    score_rows,
)
from cnbudget.render.settings import RenderSettings
from cnbudget.render.table import TablePrinter
from cnbudget.render.text import width

_DOC_TITLE = re.compile(r"20\d{2}\s*年.*(?:情况说明|目录)$")
_TIGHT_NUMBER = ("、", "）", ")", "．", ".")


def render_pdf(disclosure: Disclosure, path: Path, *, overwrite: bool = False,
               settings: RenderSettings | None = None) -> Path:
    """Render the disclosure to ``path`` atomically (a temporary sibling renamed into
    place); an existing file is replaced only with ``overwrite``."""
    s = (settings or RenderSettings()).resolve()

    def write(tmp: Path) -> None:
        with tmp.open("wb") as out:
            flow = Flow(out, s, str(disclosure.metadata.get("title") or ""))
            _Renderer(disclosure, flow).run()
            flow.save()

    return write_file(Path(path), write, overwrite=overwrite)


class _Renderer:
    def __init__(self, d: Disclosure, flow: Flow) -> None:
        self.d = d
        self.flow = flow
        self.s = flow.s
        meta = d.metadata
        pub = meta.get("publisher") or {}
        self.year = meta.get("fiscal_year")
        self.head = f"{pub.get('department_code', '')} {pub.get('department_name', '')}".strip()
        self.unit = str(meta.get("unit") or "万元")
        self.kind = meta.get("document_kind")
        self.wording = standard.kind_wording(self.kind)
        sections = d.tables.get("text_sections")
        self.sections = {str(r["section_id"]): r for r in (sections.rows if sections else [])}

    def run(self) -> None:
        parts = document_order(self.d)
        title = str(self.d.metadata.get("title") or "")
        if not self.sections and title:  # no cover section: the document's title opens it
            self.flow.skip(0.5)
            self.flow.paragraph(title, indent_em=0, size=self.s.font_size * 1.2,
                                align="center")
        first_table = next((i for i, p in enumerate(parts)
                            if p.kind == "table" and p.name in TABLE_ORDER), len(parts))
        last_table = max((i for i, p in enumerate(parts)
                          if p.kind == "table" and p.name in TABLE_ORDER), default=-1)
        after_contents = False
        for i, part in enumerate(parts):
            if i == first_table or (part.kind == "table" and part.name in TABLE_ORDER) or \
                    i == last_table + 1 or after_contents:
                self.flow.new_page()
            after_contents = False
            if part.kind == "section":
                row = self.sections[part.name]
                self.section(row)
                # the contents (目录) end their page, as published: a reader (the
                # converter among them) takes the headings on that page for its entries
                after_contents = re.sub(r"\s", "", str(row.get("heading") or "")) == "目录"
            elif part.kind == "table":
                self.table(self.d.tables[part.name])
            else:
                self.performance()

    # narrative ---------------------------------------------------------------------
    def section(self, row: Row) -> None:
        heading = str(row.get("heading") or "")
        number = str(row.get("number") or "")
        if heading != "（前言）" or number:
            sep = "" if not number or number.endswith(_TIGHT_NUMBER) else " "
            line = f"{number}{sep}{heading}"
            if _DOC_TITLE.search(line.replace(" ", "")):
                self.flow.skip(0.5)
                self.flow.paragraph(line, indent_em=0, size=self.s.font_size * 1.2,
                                    align="center")
                self.flow.skip(0.3)
            else:
                self.flow.paragraph(line)
        lines = str(row.get("text") or "").split("\n")
        i = 0
        while i < len(lines):
            if "\t" in lines[i]:  # a small ruled table the narrative printed: its rows
                j = i
                while j < len(lines) and "\t" in lines[j]:
                    j += 1
                self.grid(lines[i:j])
                i = j
                continue
            if lines[i].strip():
                self.flow.paragraph(lines[i])
            i += 1

    def grid(self, lines: list[str]) -> None:
        """Tab-separated lines (the cells of a table read inside a section) as ruled rows,
        the columns as wide as their longest cell allows."""
        rows = [line.split("\t") for line in lines]
        n = max(len(r) for r in rows)
        need = [max((width(r[k], self.s.font_size) for r in rows if len(r) > k), default=0.0)
                + 2 * self.s.cell_padding + 1 for k in range(n)]
        widths = [w * self.s.body_width / sum(need) for w in need] \
            if sum(need) > self.s.body_width else need
        for r in rows:
            self.flow.grid_row([*r, *[""] * (n - len(r))], widths)

    # tables ------------------------------------------------------------------------
    def widths(self, layout: Layout) -> list[float]:
        given = self.s.column_widths.get(layout.resource)
        if given is not None:
            if len(given) != len(layout.columns):
                raise ValueError(f"column_widths[{layout.resource!r}]: {len(given)} widths "
                                 f"for {len(layout.columns)} columns")
            return list(given)
        scale = self.s.column_scale * self.s.font_size / 9.0
        widths = [c.width * scale for c in layout.columns]
        if sum(widths) > self.s.body_width:  # extra columns (a 决算's): fit the page
            widths = [w * self.s.body_width / sum(widths) for w in widths]
        return [max(w, self.s.min_column()) for w in widths]

    def meta_lines(self, table: Table, layout: Layout) -> list[str]:
        lines = [self.head]
        if table.name != "fixed_assets" and self.year:
            lines.append(f"{self.wording['year_label']}：{self.year}")
        if table.as_of:
            lines.append(f"截止时间：{table.as_of}")
        elif _has_amounts(table.name):
            lines.append(f"单位：{table.unit or self.unit}")
        return lines

    def table(self, table: Table) -> None:
        base = LAYOUTS.get(table.name)
        if base is None:
            return
        layout = layout_for(base, table.rows, self.kind)
        title = table.printed_title or standard.printed_title(table.name, self.kind)
        printer = TablePrinter(self.flow, layout, self.widths(layout),
                               self.meta_lines(table, layout), table.unit or self.unit)
        printer.print(title, printed_rows(layout, table), list(table.notes))

    def performance(self) -> None:
        projects = self.d.tables["performance_projects"].rows
        indicators = self.d.tables.get("performance_indicators")
        by_project: dict[str, list[Row]] = {}
        for r in indicators.rows if indicators else []:
            by_project.setdefault(str(r["project_id"]), []).append(r)
        layout = layout_for(PERFORMANCE, indicators.rows if indicators else [], self.kind)
        widths = self.widths(layout)
        n, k = 0, 0
        while k < len(projects):
            project = projects[k]
            k += 1
            own = by_project.get(str(project["project_id"]), [])
            scope_title = standard.scope_title("performance_projects", project.get("scope"),
                                               self.kind)
            tasks: list[Row] = []
            while scope_title is not None and k < len(projects) and \
                    projects[k].get("scope") == "task":
                tasks.append(projects[k])
                k += 1
            if tasks:  # a department's self-evaluation and its tasks
                self.department_card(project, tasks, own, layout,
                                     f"{project.get('name') or ''}{scope_title}")
                continue
            n += 1
            evaluated = evaluation_rows(project, layout)
            rows: list[PrintedRow]
            if evaluated is not None:  # a 决算's self-evaluation card
                rows = [*evaluated, [c.header[0] for c in layout.columns],
                        *performance_rows(layout, own), *score_rows(project, layout)]
                title = f"{n}、{project.get('name') or ''}" + (
                    scope_title or standard.printed_title("performance_projects", self.kind))
            else:
                goal: PrintedRow = [None] * len(layout.columns)
                goal[0], goal[3] = "绩效目标", _text(project.get("goal"))
                rows = [goal, [c.header[0] for c in layout.columns],
                        *performance_rows(layout, own)]
                title = f"{n}、{project.get('name') or ''}绩效目标表"
            printer = TablePrinter(self.flow, _headless(layout), widths, [], self.unit)
            self.flow.skip(0.5)
            printer.print(title, rows, [], repeat_header=False)

    def department_card(self, department: Row, tasks: list[Row], indicators: list[Row],
                        layout: Layout, title: str) -> None:
        """A department's self-evaluation with its tasks, in the national 决算 layout."""
        card = department_card(department, tasks, indicators, layout, self.widths(layout),
                               self.unit)
        grid = Layout("performance_projects", tuple(Column(f"c{i}", (), w, "left")
                                                    for i, w in enumerate(card.widths)),
                      colnums=False, split_rows=False, page_header=False, kind=layout.kind)
        printer = TablePrinter(self.flow, grid, card.widths, [], self.unit)
        self.flow.skip(0.5)
        printer.print(title, card.rows, [], repeat_header=False, keep=card.keep)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _headless(layout: Layout) -> Layout:
    """The performance layout prints its header row as a body row (after the goal row)."""
    return Layout(layout.resource, tuple(c.__class__(c.field, (), c.width, c.align)
                                         for c in layout.columns),
                  colnums=False, split_rows=False, page_header=False, kind=layout.kind)


def _has_amounts(name: str) -> bool:
    return any(f.get("x-amount") for f in standard.table_schema(name)["fields"])
