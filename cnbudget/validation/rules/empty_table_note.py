"""A disclosure table without amounts is declared published empty with a note that names
THIS table's fund type (a note copied from the other fund table is a finding; a generic
note naming no fund type, 本部门无相关收支项目 (江苏), is not).

A statement in the text counts as the note (上海 单位预算: "政府性基金拨款支出预算为0；国有资本经营
预算拨款支出预算为0", or "本单位无政府性基金预算拨款"): a sentence of the narrative that names
the table's fund type and says its amount is zero or that there is none.

params: resources: {name: [keywords naming its fund type]}; mode: declared | fund_type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget import standard
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, Hit, RuleSpec


def _has_amounts(ctx: Context, name: str) -> bool:
    table = ctx.disclosure.tables[name]
    amount_fields = [f["name"] for f in standard.table_schema(name)["fields"]
                     if f.get("x-amount")]
    return any(r.get(f) not in (None, "") for r in table.rows for f in amount_fields)


_SENTENCE = re.compile(r"[^。；;\n]+")
_ZERO = r"[^。；;，,0-9]{0,24}?(?:为|是|:|：)?\s*0(?:\.0+)?\s*(?:万元|元)?(?![\d.])"
_NONE_BEFORE = r"(?:无|没有|未安排|不涉及)[^。；;，,]{0,16}"
_NONE_AFTER = r"[^。；;，,]{0,24}?(?:无|没有|未安排|不涉及)"


def stated_empty(ctx: Context, words: list[str]) -> str | None:
    """The narrative's sentence saying this fund type has no amount, if any."""
    sections = ctx.table("text_sections")
    if sections is None:
        return None
    kws = "|".join(re.escape(w) for w in words)
    pattern = re.compile(rf"(?:{kws}){_ZERO}|{_NONE_BEFORE}(?:{kws})|(?:{kws}){_NONE_AFTER}")
    for row in sections.rows:
        for m in _SENTENCE.finditer(str(row.get("text") or "")):
            sentence = m.group(0)
            if pattern.search(sentence):
                return sentence.strip()
    return None


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    keywords: dict[str, list[str]] = rule.param("resources")
    mode = rule.param("mode", "declared")
    for name, words in keywords.items():
        table = ctx.table(name)
        if table is None or _has_amounts(ctx, name):
            continue
        notes = " ".join(table.notes)
        if mode == "declared":
            if table.published_empty and notes.strip():
                yield Check(name, True, "declared empty with a note")
            elif (said := stated_empty(ctx, words)) is not None:
                yield Check(name, True, f"the text states it: {said[:60]}")
            else:
                yield Check(name, False, "empty without declaration or note", Hit(
                    resource=name, values={"title": table.printed_title or name}))
            continue
        if not notes.strip():
            continue
        own = any(w in notes for w in words)
        others = [w for other, ws in keywords.items() if other != name for w in ws
                  if w in notes and not any(w in o for o in words)]
        if own or not others:
            yield Check(name, True, "note names the fund type" if own else "generic note")
        else:
            yield Check(name, False, "note names another fund type", Hit(
                resource=name, field="notes", actual=notes,
                values={"expected_fund": words[0], "note": notes}))
