"""A percentage change stated in the text follows from the figures stated beside it
("2026年预算安排X万元，比2025年预算执行数增加C万元，增长P%").

In each sentence of the narrative that states a percentage, the percentage is paired with
the change figure stated last before it (its level figure and the figure of the year
compared with, where the sentence states them: stated_figures of kind ``level``,
``previous`` and ``change``). The base is the previous year's figure when printed, else the
level minus (plus, for a decrease) the change. Tolerance from the printed precision: every
figure may be off by half a unit of its last printed digit, and the percentage may be
rounded (± half a unit) or truncated (up to one unit below the true value: 16.0775 % printed
16.07 %); the percentage fails only when no values within those bounds give it.

Only a percentage with a direction word right after a stated figure is a change (not a
share "占90.5%" nor a target "达到95%"); one whose sentence does not state the level or the
previous year's figure besides the change is not evaluated (Skip)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, DivisionByZero, InvalidOperation
from itertools import product

from cnbudget.model import Row
from cnbudget.validation import amounts
from cnbudget.validation.context import Context
from cnbudget.validation.reviewer import section_heading
from cnbudget.validation.rulebase import Check, Event, RuleSpec, Skip

PERCENT = re.compile(r"(?P<word>增长|增加|上升|提高|下降|减少|降低|压减|增|减)?\s*"
                     r"(?P<num>\d+(?:\.\d+)?)\s*(?:%|％|个百分点)")
HUNDRED = Decimal(100)
GAP = 10
"""At most this many characters (no digit) between the figure and its percentage
("万元，增长12.5%")."""


def half(text: str) -> Decimal:
    return amounts.tolerance(1, [text])


def _bounds(value: str) -> tuple[Decimal, Decimal]:
    v, h = Decimal(value), half(value)
    return v - h, v + h


def _percent_range(base: tuple[str, str], change: tuple[str, str] | None,
                   level: tuple[str, str] | None, decrease: bool) -> tuple[Decimal, Decimal]:
    """Smallest and largest percentage the printed figures allow (each ± half a unit)."""
    outs: list[Decimal] = []
    if change is not None and base[0] == "previous":
        for b, c in product(_bounds(base[1]), _bounds(change[1])):
            outs.append(c / b * HUNDRED)
    elif change is not None and level is not None:
        for x, c in product(_bounds(level[1]), _bounds(change[1])):
            b = x + c if decrease else x - c
            outs.append(c / b * HUNDRED)
    elif level is not None:
        for x, b in product(_bounds(level[1]), _bounds(base[1])):
            outs.append(abs(x - b) / b * HUNDRED)
    return min(outs), max(outs)


def _ordered(sentence: str, figs: list[Row]) -> list[tuple[int, Row]]:
    out: list[tuple[int, Row]] = []
    start = 0
    for fig in figs:
        text = str(fig.get("value_text") or "")
        at = sentence.find(text, start) if text else -1
        if at < 0:
            continue
        out.append((at, fig))
        start = at + len(text)
    return out


def check(ctx: Context, rule: RuleSpec) -> Iterator[Event]:
    figures = ctx.require("stated_figures")
    by_sentence: dict[str, list[Row]] = {}
    for fig in figures.rows:
        by_sentence.setdefault(str(fig.get("sentence") or ""), []).append(fig)
    for sentence, figs in by_sentence.items():
        placed = _ordered(sentence, figs)
        for m in PERCENT.finditer(sentence):
            if "百分点" in m.group(0) or not m.group("word"):
                continue  # a share ("占90.5%"), a target ("达到95%"): not a change
            before = [(at, f) for at, f in placed if at < m.start()]
            if not before:
                continue
            at, last = before[-1]
            gap = sentence[at + len(str(last.get("value_text") or "")):m.start()]
            if len(gap) > GAP or any(ch.isdigit() for ch in gap):
                continue  # the percentage does not follow a stated figure
            change = last if last.get("kind") == "change" and last.get("value") else None
            quantity = (change or last).get("quantity")
            levels = [f for _, f in before if f.get("kind") == "level" and f.get("value")
                      and f.get("quantity") == quantity]
            previous = [f for _, f in before if f.get("kind") == "previous" and f.get("value")
                        and f.get("quantity") == quantity]
            level = levels[-1] if levels else None
            anchor = change or last
            if (change is None and not (level and previous)) or (
                    change is not None and level is None and not previous):
                yield Skip(f"{m.group(0)} in {sentence[:40]!r}: the sentence states no "
                           "figure to compare with", "stated_figures")
                continue
            word = m.group("word") or str((change or {}).get("direction") or "")
            decrease = word in ("下降", "减少", "降低", "压减", "减", "decrease")
            # the pairing of the stated quantity first; then every other reading the sentence
            # allows (the facts stage may give a trailing change the quantity of the last
            # part listed: "收入4,203.47万元，其中…其他收入100.00万元，较上年增加142.30万元"):
            # the percentage fails only when no reading gives it
            bases = [("previous", str(f["value"])) for f in previous[::-1]]
            bases += [("previous", str(f["value"])) for _, f in before
                      if f.get("kind") == "previous" and f.get("value") and f not in previous]
            readings: list[tuple[tuple[str, str], Row | None, Row | None]]
            if change is not None:
                lv = [level] if level else []
                lv += [f for _, f in before if f.get("kind") == "level" and f.get("value")
                       and f is not level]
                readings = [(b, change, None) for b in bases] + [
                    (("level", ""), change, x) for x in lv]
            else:
                readings = [(b, None, level) for b in bases]
            ranges: list[tuple[Decimal, Decimal]] = []
            for base, chg, lev in readings:
                if len({str(f.get("unit")) for f in (chg, lev) if f}) > 1:
                    continue
                try:
                    low, high = _percent_range(
                        base, (str(chg.get("quantity")), str(chg["value"])) if chg else None,
                        (str(lev.get("quantity")), str(lev["value"])) if lev else None,
                        decrease)
                except (DivisionByZero, InvalidOperation, ZeroDivisionError):
                    continue
                if low > 0:  # a base of zero or below is no reading
                    ranges.append((low, high))
            if not ranges:
                yield Skip(f"{m.group(0)}: no reading of the sentence gives a positive base",
                           "stated_figures")
                continue
            stated = Decimal(m.group("num"))
            h = half(m.group("num"))
            # rounded (±h) or truncated (the true value up to one unit above the print)
            if any(stated + 2 * h >= low and stated - h <= high for low, high in ranges):
                yield Check("stated_figures", True, f"{m.group(0)} in {anchor.get('figure_id')}")
                continue
            low, high = ranges[0]
            mid = (low + high) / 2
            places = max(amounts.decimals(m.group("num")), 2)
            hit = ctx.hit("stated_figures", anchor, "value", values={
                "sentence": sentence.strip(), "percent": m.group(0).strip(),
                "computed": amounts.fmt_places(mid, places),
                "low": amounts.fmt_places(low, places), "high": amounts.fmt_places(high, places),
                "section": section_heading(ctx, anchor)})
            hit.label = str(anchor.get("quantity") or "")
            hit.actual = m.group("num")
            hit.expected = amounts.fmt_places(mid, places)
            yield Check("stated_figures", False,
                        f"{m.group(0)}: figures give {hit.expected}%", hit)
