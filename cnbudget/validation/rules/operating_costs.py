"""机关运行经费 against the 基本支出表 公用经费.

mode equal: 机关运行经费 (stated in the text, or printed in the 三公 table) ≈ 公用经费 of the
basic expenditure table (a WARNING: 机关运行经费 covers administrative units only, so a
difference needs an explanation).
mode scope: 机关运行经费 equals the 公用经费 of *all* units while the department includes
public institutions (事业单位) or enterprises: worth a look (INFO).

机关运行经费 of zero is no finding where the publisher has none to report: its units are
neither administrative nor managed under the Civil Servant Law (参公), by the organizations
resource or by the text ("…是…下属事业单位", "本单位无机关运行经费", 上海 单位预算).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cnbudget import standard
from cnbudget.model import Row
from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.selectors import pick

NON_ADMIN = {"public_institution", "enterprise"}
ADMIN = {"administrative", "civil_service_managed"}
_NONE_STATED = re.compile(r"(?:无|没有|不涉及|未安排)[^。；，,]{0,6}机关运行经费")
_SELF_PUBLIC = re.compile(r"(?:是|为|系|属于?)[^。；，,]{0,30}事业单位")
_CIVIL_SERVICE = re.compile(r"参照公务员法|参公|行政单位")


def has_none_to_report(ctx: Context, natures: set[str]) -> str | None:
    """Why the publisher reports no 机关运行经费 (None: it should have some)."""
    if natures and not natures & ADMIN:
        return "no administrative or 参公 unit"
    sections = ctx.table("text_sections")
    for row in sections.rows if sections is not None else []:
        for sentence in re.split(r"[。；;\n]", str(row.get("text") or "")):
            if _NONE_STATED.search(sentence):
                return sentence.strip()
            if (not natures and _SELF_PUBLIC.search(sentence)
                    and not _CIVIL_SERVICE.search(sentence) and "指" not in sentence):
                return sentence.strip()
    return None


def _sources(ctx: Context) -> list[tuple[str, Row, str, str | None]]:
    out: list[tuple[str, Row, str, str | None]] = []
    for fig in ctx.rows_where("stated_figures", quantity="operating_costs", kind="level"):
        out.append(("stated_figures", fig, "value", fig.get("unit")))
    for row in ctx.rows_where("three_public_expenses", item_key="operating_costs"):
        out.append(("three_public_expenses", row, "total", ctx.unit("three_public_expenses")))
    return out


def _zero(value: object) -> bool:
    """Zero, or printed blank (上海 单位预算: the 机关运行经费 cell left empty)."""
    try:
        parsed = amounts.parse(value)
    except BadAmount:
        return False
    return parsed is None or parsed == 0


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    sources = _sources(ctx)
    if not sources:
        raise CouldNotRun("not applicable: 机关运行经费 is neither stated nor printed")
    public = pick(ctx, {"resource": "basic_expenditure", "field": "public_expenses",
                        "total_row": True, "code_field": "economic_code",
                        "columns": ["public_expenses"]})
    mode = rule.param("mode", "equal")
    natures = {str(r.get("nature_code") or "") for r in ctx.rows_where("organizations")}
    for resource, row, field, unit in sources:
        factor = amounts.factor(unit)
        if factor is None:
            yield Skip(f"unknown unit {unit!r}", resource)
            continue
        try:
            comparison = compare_values(row.get(field), factor, public.text, public.factor)
        except BadAmount as exc:
            yield Skip(str(exc), resource)
            continue
        hit = ctx.hit(resource, row, field, values={"other": public.describe()})
        hit.label = "operating_costs"
        if mode == "equal" and _zero(row.get(field)) and (
                why := has_none_to_report(ctx, natures)) is not None:
            yield Check(resource, True, f"no 机关运行经费 to report: {why[:60]}")
        elif mode == "equal":
            yield judge(comparison, hit, f"{resource} 机关运行经费")
        elif natures & NON_ADMIN and comparison.exact:
            hit.expected, hit.actual = public.text, str(row.get(field) or "")
            titles = {r["code"]: r["title"] for r in standard.codelist("organization_natures").rows}
            hit.values["units"] = "、".join(titles.get(n, n) for n in sorted(natures & NON_ADMIN))
            # an observation (INFO), not a broken identity: the check passes with a note
            yield Check(resource, True, "机关运行经费 equals all units' 公用经费", hit)
        else:
            yield Check(resource, True, "scope plausible")


