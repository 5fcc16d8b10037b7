"""机关运行经费 against the 基本支出表 公用经费.

mode equal: 机关运行经费 (stated in the text, or printed in the 三公 table) ≈ 公用经费 of the
basic expenditure table (a WARNING: 机关运行经费 covers administrative units only, so a
difference needs an explanation).
mode scope: 机关运行经费 equals the 公用经费 of *all* units while the department includes
public institutions (事业单位) or enterprises: worth a look (INFO).
"""

from __future__ import annotations

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


def _sources(ctx: Context) -> list[tuple[str, Row, str, str | None]]:
    out: list[tuple[str, Row, str, str | None]] = []
    for fig in ctx.rows_where("stated_figures", quantity="operating_costs", kind="level"):
        out.append(("stated_figures", fig, "value", fig.get("unit")))
    for row in ctx.rows_where("three_public_expenses", item_key="operating_costs"):
        out.append(("three_public_expenses", row, "total", ctx.unit("three_public_expenses")))
    return out


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
        if mode == "equal":
            yield judge(comparison, hit, f"{resource} 机关运行经费")
        elif natures & NON_ADMIN and comparison.exact:
            hit.expected, hit.actual = public.text, str(row.get(field) or "")
            titles = {r["code"]: r["title"] for r in standard.codelist("organization_natures").rows}
            hit.values["units"] = "、".join(titles.get(n, n) for n in sorted(natures & NON_ADMIN))
            # an observation (INFO), not a broken identity: the check passes with a note
            yield Check(resource, True, "机关运行经费 equals all units' 公用经费", hit)
        else:
            yield Check(resource, True, "scope plausible")


