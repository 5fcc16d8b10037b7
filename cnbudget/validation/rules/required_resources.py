"""All tables required by the publishing rules are present (a table published empty is
present, with published_empty and a note; a resource marked not_published is absent).

A table the document prints but the converter could not map is kept cell by cell as the
extension ``x_unmapped_<name>…`` (CNB-CNV-010 of the conversion report): the document has
it, so it is not reported missing here.

The explanatory text (说明) of a disclosure published as two files is a package of its own
when its tables file (报表) is not given with it: none of its files prints a table, and its
table of contents lists the tables as another part ("第二部分 2026年度部门预算报表 一、收支
总表 …", Beijing; "第二部分 …部门预算表", Jiangsu). The tables are published, in the file
the package lacks: the rule cannot decide whether they are complete, and says so (not
evaluated) rather than accusing the office of not publishing them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget import standard
from cnbudget.converters.normalize import compact
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec, Skip

CONTENTS = "目录"
# an entry of the contents naming a table: "一、收支总表", "十二、政府采购支出预算表"
LISTED_TABLE = re.compile(r"[一二三四五六七八九十]{1,3}、\s*([^、。；，\s]{2,40}?表)(?=\s|$|"
                          r"[一二三四五六七八九十]{1,3}、|第)")
MIN_LISTED = 3
"""A contents list naming fewer tables is no list of the tables part."""


def tables_elsewhere(ctx: Context) -> tuple[list[str], int | None] | None:
    """The tables the contents list, and the page of the contents, when the package is the
    text part of a disclosure whose tables are another file: no resource of it prints a
    table of the standard (with rows or published empty, or kept unmapped cell by cell as
    ``x_unmapped_…``; a small table of the text, x_table_pN, is none: bj-text-2026-budget-
    text-ff39f6c0 p9), and its contents name at least :data:`MIN_LISTED` tables. None
    otherwise."""
    for name, table in ctx.disclosure.tables.items():
        if table.not_published:
            continue
        if name.startswith("x_unmapped_") and table.rows:
            return None
        if name in standard.table_names() and standard.table_schema(name).get(
                "x-kind") == "table" and (table.rows or table.published_empty):
            return None
    sections = ctx.table("text_sections")
    if sections is None:
        return None
    for row in sections.rows:
        if compact(str(row.get("heading") or "")) != CONTENTS:
            continue
        listed = LISTED_TABLE.findall(str(row.get("text") or ""))
        if len(listed) >= MIN_LISTED:
            page = str(row.get("page") or "")
            return [compact(t) for t in listed], int(page) if page.isdigit() else None
    return None


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    present = {n for n, t in ctx.disclosure.tables.items() if not t.not_published}
    if ctx.files is not None:
        present |= {str(r.get("name")) for r in ctx.files.descriptor.get("resources") or []
                    if isinstance(r, dict) and not r.get("not_published")}
    elif ctx.disclosure.provenance:
        present.add("provenance")
    unmapped = {n for n in present | set(ctx.disclosure.tables) if n.startswith("x_unmapped_")}
    elsewhere = tables_elsewhere(ctx)
    year = ctx.fiscal_year
    required = standard.required_resources(year)
    for name in standard.standard()["required_resources"]:
        if name not in required:
            basis = standard.standard()["required_resources_from"][name]
            yield Check(name, True, f"not required of fiscal year {year} (required from "
                        f"{basis['fiscal_year']}: standard.json required_resources_from)")
            continue
        if name == "provenance" and ctx.files is None:
            continue
        kept = sorted(n for n in unmapped if n == f"x_unmapped_{name}"
                      or n.startswith(f"x_unmapped_{name}_p"))
        within = _printed_within(ctx, name)
        if name in present:
            yield Check(name, True, "present")
        elif within:
            yield Check(name, True, within)
        elif kept:
            yield Check(name, True, f"printed, kept unmapped as {kept[0]} (CNB-CNV-010)")
        elif elsewhere is not None:
            listed, page = elsewhere
            where = f"p{page}" if page else "the contents"
            yield Skip(f"{name}: the package is the explanatory text of a disclosure whose "
                       f"tables are another file; its contents ({where}) list {len(listed)} "
                       f"tables ({'、'.join(listed[:3])} …) that none of its files prints",
                       name)
        else:
            title = standard.table_schema(name)["title"]
            yield Check(name, False, f"{name} absent",
                        Hit(resource=name, values={"title": title}))


def _printed_within(ctx: Context, name: str) -> str | None:
    """Where the content of a required table is printed as a column of another one
    (standard.json ``required_resources_printed_within``: SZ prints the general-budget basic
    expenditure as the 基本支出 column of 一般公共预算支出表（按经济分类））, else None."""
    spec = (standard.standard().get("required_resources_printed_within") or {}).get(name)
    if not spec:
        return None
    table = ctx.table(str(spec["resource"]))
    field = str(spec["field"])
    if table is None or not any(r.get(field) not in (None, "") for r in table.rows):
        return None
    return (f"printed within {spec['resource']} (its {field} column; standard.json "
            "required_resources_printed_within)")
