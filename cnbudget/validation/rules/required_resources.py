"""All tables required by the publishing rules are present (a table published empty is
present, with published_empty and a note; a resource marked not_published is absent).

A table the document prints but the converter could not map is kept cell by cell as the
extension ``x_unmapped_<name>…`` (CNB-CNV-010 of the conversion report): the document has
it, so it is not reported missing here."""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    present = {n for n, t in ctx.disclosure.tables.items() if not t.not_published}
    if ctx.files is not None:
        present |= {str(r.get("name")) for r in ctx.files.descriptor.get("resources") or []
                    if isinstance(r, dict) and not r.get("not_published")}
    elif ctx.disclosure.provenance:
        present.add("provenance")
    unmapped = {n for n in present | set(ctx.disclosure.tables) if n.startswith("x_unmapped_")}
    for name in standard.standard()["required_resources"]:
        if name == "provenance" and ctx.files is None:
            continue
        kept = sorted(n for n in unmapped if n == f"x_unmapped_{name}"
                      or n.startswith(f"x_unmapped_{name}_p"))
        if name in present:
            yield Check(name, True, "present")
        elif kept:
            yield Check(name, True, f"printed, kept unmapped as {kept[0]} (CNB-CNV-010)")
        else:
            title = standard.table_schema(name)["title"]
            yield Check(name, False, f"{name} absent",
                        Hit(resource=name, values={"title": title}))
