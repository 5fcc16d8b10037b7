"""A final-accounts package against the same department's budget package of that year
(``cnbudget validate FINAL --budget BUDGET``).

mode ``budget_reference``: every budget figure the final accounts state (年初预算, the
stated figures of kind budget_reference) equals the value the budget package prints for
that quantity (after unit conversion);
mode ``execution``: per function class (类) of ``resource`` (general_budget_expenditure),
the final figure against the budget package's, reported with the execution rate.

Neither mode runs without ``--budget``, for a package that is not final accounts, or when
the two packages' fiscal years or departments differ (said why).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cnbudget.model import Disclosure
from cnbudget.validation import amounts
from cnbudget.validation.amounts import BadAmount
from cnbudget.validation.context import Context
from cnbudget.validation.identity import compare_values, judge
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec, Skip
from cnbudget.validation.rules.final_execution import is_final
from cnbudget.validation.targets import NoTarget, resolve


def _department(d: Disclosure) -> str:
    pub = d.metadata.get("publisher") or {}
    return str(pub.get("department_code") or pub.get("department_name") or "")


def _usable(ctx: Context) -> Disclosure:
    if ctx.budget is None:
        raise CouldNotRun("no budget package was given (--budget)")
    if not is_final(ctx):
        raise CouldNotRun("not applicable: not a final-accounts package")
    plan = ctx.budget
    if "budget" not in str(plan.metadata.get("document_kind") or ""):
        raise CouldNotRun("the --budget package is not a budget "
                          f"({plan.metadata.get('document_kind')})")
    if str(plan.metadata.get("fiscal_year")) != str(ctx.fiscal_year):
        raise CouldNotRun(f"the budget package is of {plan.metadata.get('fiscal_year')}, the "
                          f"final accounts of {ctx.fiscal_year}")
    if _department(plan) != _department(ctx.disclosure):
        raise CouldNotRun(f"the budget package is of department {_department(plan)!r}, the "
                          f"final accounts of {_department(ctx.disclosure)!r}")
    return plan


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    plan = _usable(ctx)
    if rule.param("mode") == "budget_reference":
        yield from _references(ctx, plan)
    else:
        yield from _execution(ctx, plan, rule.param("resource"))


def _references(ctx: Context, plan: Disclosure) -> Iterator[Event]:
    figures = [f for f in ctx.require("stated_figures").rows
               if f.get("kind") == "budget_reference"]
    if not figures:
        raise CouldNotRun("the final accounts state no budget figure")
    for fig in figures:
        try:
            target = resolve(plan, fig, by_link=False)
        except (NoTarget, BadAmount) as exc:
            yield Skip(f"figure {fig.get('figure_id')}: {exc}", "stated_figures")
            continue
        f_fig, f_plan = amounts.factor(fig.get("unit")), amounts.factor(target.unit)
        if f_fig is None or f_plan is None or fig.get("value") in (None, ""):
            yield Skip(f"figure {fig.get('figure_id')}: no value or unknown unit",
                       "stated_figures")
            continue
        comparison = compare_values(fig.get("value"), f_fig, target.text, f_plan)
        hit = ctx.hit("stated_figures", fig, "value", values={
            "target": target.describe(), "quantity": str(fig.get("quantity"))})
        hit.label = str(fig.get("quantity") or "")
        yield judge(comparison, hit, f"{fig.get('figure_id')} budget")


def _classes(d: Disclosure, resource: str) -> dict[str, tuple[str, object]]:
    table = d.tables.get(resource)
    if table is None or table.not_published:
        return {}
    return {str(r["function_code"]): (str(r.get("function_name") or ""), r.get("total"))
            for r in table.rows if len(str(r.get("function_code") or "")) == 3}


def _execution(ctx: Context, plan: Disclosure, resource: str) -> Iterator[Event]:
    final, budget = _classes(ctx.disclosure, resource), _classes(plan, resource)
    if not final or not budget:
        raise CouldNotRun(f"{resource} has no function classes in "
                          f"{'the final accounts' if not final else 'the budget package'}")
    f_final = amounts.factor(ctx.disclosure.metadata.get("unit")) or Decimal(1)
    f_plan = amounts.factor(plan.metadata.get("unit")) or Decimal(1)
    rows = {str(r.get("function_code")): r for r in ctx.require(resource).rows}
    for code in sorted(set(final) | set(budget)):
        name = (final.get(code) or budget.get(code) or ("", None))[0]
        done = (amounts.parse(final[code][1]) or Decimal(0)) * f_final if code in final \
            else Decimal(0)
        planned = (amounts.parse(budget[code][1]) or Decimal(0)) * f_plan if code in budget \
            else Decimal(0)
        rate = f"{done / planned * 100:.2f}" if planned else "—"
        hit = ctx.hit(resource, rows.get(code), "total", values={
            "rate": rate, "code": code}, actual=amounts.fmt(done / f_final),
            expected=amounts.fmt(planned / f_final))
        hit.label = f"{code} {name}"
        yield Check(resource, False, f"{code} executed {rate}%", hit)
