"""Budget execution as the text of a final-accounts document states it: sentences such as
“年初预算为15068.55万元，支出决算为13733.8万元，完成年初预算的91.14%” (or 全年预算数 …
执行数 …, “三公”经费 … 预算为 … 支出决算为 …).

mode ``rate``: the stated rate equals 决算 ÷ 预算 × 100 of the same sentence, to the
rounding of the three printed numbers (a rate that does not is certainly wrong).
mode ``reason``: where 决算 and 预算 differ by more than ``threshold_percent`` of the
budget (beyond rounding), the sentence or the next one gives a reason (``reason_words``).
The financial template (财政部 部门决算公开模板: “按上述格式依次说明到各项级科目，预决算
持平的不用说明变动原因”) asks a reason for every item whose final differs from its budget;
it names no threshold, so the default 0 follows it and any other value is the user's choice.
Only final-accounts packages (document_kind *_final_accounts) are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from cnbudget.validation import amounts
from cnbudget.validation.context import Context
from cnbudget.validation.identity import Comparison, judge
from cnbudget.validation.rulebase import Check, CouldNotRun, Event, RuleSpec

_NUM = r"(\d[\d,，]*(?:\.\d+)?)\s*万元"
STATEMENT = re.compile(
    r"(?:年\d{0,3}初预算|全年预算数?|支出预算|预算数?)(?:数)?(?:为|是)?\s*" + _NUM
    + r"[^。；;]{0,40}?(?:支出决算|决算数?|执行数|实际支出)(?:数)?(?:为|是)?\s*" + _NUM
    + r"(?:[^。；;]{0,30}?完成(?:年初|全年)?预算(?:数)?的\s*(\d+(?:\.\d+)?)\s*[%％])?")
SENTENCE = re.compile(r"[^。；;]*[。；;]?")


@dataclass(frozen=True, slots=True)
class Statement:
    budget: str
    final: str
    rate: str | None
    sentence: str
    following: str
    """The sentences after this one up to the next statement: where its reason is given."""
    detailed: bool
    """The next sentence is itself a statement: a total broken down item by item, each item
    with its own reason (财政拨款支出 … then each 项级科目)."""


def statements(text: str) -> Iterator[Statement]:
    sentences = [s for s in (m.group(0) for m in SENTENCE.finditer(text)) if s.strip()]
    found = [list(STATEMENT.finditer(s)) for s in sentences]
    for k, s in enumerate(sentences):
        end = next((j for j in range(k + 1, len(sentences)) if found[j]), len(sentences))
        following = "".join(sentences[k + 1:end])
        for i, m in enumerate(found[k]):
            yield Statement(m.group(1).replace(",", "").replace("，", ""),
                            m.group(2).replace(",", "").replace("，", ""), m.group(3),
                            s.strip(), following.strip(),
                            i + 1 < len(found[k]) or end == k + 1)


def is_final(ctx: Context) -> bool:
    return "final" in str(ctx.metadata.get("document_kind") or "")


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    if not is_final(ctx):
        raise CouldNotRun("not applicable: not a final-accounts package")
    sections = ctx.require("text_sections")
    mode = rule.param("mode")
    words = tuple(rule.param("reason_words", ["原因", "由于", "主要是"]))
    threshold = Decimal(str(rule.param("threshold_percent", 0)))
    for row in sections.rows:
        for st in statements(str(row.get("text") or "")):
            budget, final = Decimal(st.budget), Decimal(st.final)
            hit = ctx.hit("text_sections", row, "text", values={
                "budget": st.budget, "final": st.final, "sentence": st.sentence[:120]})
            if mode == "rate":
                if st.rate is None or budget == 0:
                    continue
                expected = final / budget * 100
                # a whole unit of the rate's last digit: rates are often truncated
                # (95.4572 printed 95.45), not rounded
                tol = (amounts.tolerance(2, [st.rate]) + 100 * (
                    amounts.tolerance(1, [st.final]) / budget
                    + final * amounts.tolerance(1, [st.budget]) / budget / budget))
                yield judge(Comparison(expected.quantize(Decimal("0.0001")),
                                       Decimal(st.rate), tol), hit, f"rate {st.rate}%")
            else:
                gap = abs(final - budget)
                rounding = amounts.tolerance(2, [st.budget, st.final])
                if gap <= rounding or (budget and gap * 100 / budget <= threshold):
                    continue
                explained = st.detailed or any(w in st.sentence or w in st.following
                                               for w in words)
                yield Check("text_sections", explained, f"{st.budget} → {st.final}",
                            None if explained else hit)
    yield Check("text_sections", True, "text scanned")
