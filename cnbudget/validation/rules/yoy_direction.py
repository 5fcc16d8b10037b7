"""Year-on-year statements: the direction word (增加/减少/持平) agrees with the sign of the
stated change, and the sentence says what the figure records.

params: problems — which problems the rule reports. CNB-YOY-001 (ERROR) reports the
contradictions: ``sign`` (增加 with a negative change) and ``flat_nonzero`` (持平 with a
change other than zero). CNB-TXT-010 (INFO) reports the wording: ``zero_change`` (an
增加/减少 of 0), ``word`` (the direction word not found in the sentence) and ``missing``
(no direction word). A change of quantity ``unclassified`` (the extractor could not attach
it to a quantity) is wording at most.
"""

from __future__ import annotations

from collections.abc import Iterator

from cnbudget.validation.amounts import BadAmount, parse
from cnbudget.validation.context import Context
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip

WORDS = {
    "increase": ("增加", "增长", "上升", "提高", "增"),
    "decrease": ("减少", "下降", "降低", "压减", "减"),
    "flat": ("持平", "无增减", "无变化", "相同", "一致"),
}


CONTRADICTIONS = ("sign", "flat_nonzero")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    figures = ctx.require("stated_figures")
    reported = set(rule.param("problems", CONTRADICTIONS))
    for fig in figures.rows:
        if fig.get("kind") != "change":
            continue
        direction = str(fig.get("direction") or "")
        try:
            value = parse(fig.get("value"))
        except BadAmount as exc:
            yield Skip(f"figure {fig.get('figure_id')}: {exc}", "stated_figures")
            continue
        problem = ""
        if direction == "flat" and value not in (None, 0):
            problem = "flat_nonzero"
        elif direction in ("increase", "decrease") and value is not None and value == 0:
            problem = "zero_change"
        elif direction == "increase" and value is not None and value < 0:
            problem = "sign"
        elif direction in WORDS and not any(w in str(fig.get("sentence") or "")
                                            for w in WORDS[direction]):
            problem = "word"
        elif not direction:
            problem = "missing"
        wording_rule = not reported & set(CONTRADICTIONS)
        if fig.get("quantity") == "unclassified" and problem in CONTRADICTIONS:
            report = wording_rule  # unattached: wording at most
        else:
            report = problem in reported
        if not problem or not report:
            yield Check("stated_figures", True, str(fig.get("figure_id")))
            continue
        hit = ctx.hit("stated_figures", fig, "direction", values={
            "direction": direction or "-", "value": str(fig.get("value") or ""),
            "problem": problem})
        hit.label = str(fig.get("quantity") or "")
        hit.actual = f"{direction} {fig.get('value') or ''}".strip()
        yield Check("stated_figures", False, f"{fig.get('figure_id')}: {problem}", hit)
