"""Published amounts as :class:`~decimal.Decimal`, units and the rounding tolerance.

Tolerance (shared/guides/identities.md): compare in the published unit; a sum of ``n``
published values may differ from a published total by at most ``n`` × half of the last
printed digit, taking the largest number of decimals printed among the values involved.
Never relative. Values in different units are converted into the coarser unit first and the
tolerance is that of the coarser value's printed digits.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

from cnbudget import standard

ZERO = Decimal(0)


class BadAmount(ValueError):
    """A cell meant to hold an amount holds something else."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not an amount: {text!r}")
        self.text = text


def parse(value: object) -> Decimal | None:
    """Read a stored amount: blank → None; thousands separators are tolerated."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(",", "")
    if text in ("", "-", "—", "－"):
        return None
    try:
        out = Decimal(text)
    except InvalidOperation as exc:
        raise BadAmount(str(value)) from exc
    if not out.is_finite():
        raise BadAmount(str(value))
    return out


def decimals(value: object) -> int:
    text = str(value or "").strip().replace(",", "")
    if "." not in text:
        return 0
    return len(text.split(".", 1)[1])


def tolerance(n: int, texts: Iterable[object]) -> Decimal:
    """``n`` × half of the last printed digit (most decimals printed among ``texts``)."""
    places = max((decimals(t) for t in texts if t not in (None, "")), default=0)
    return Decimal(n) * Decimal(5) * Decimal(10) ** -(places + 1)


def coarse_tolerance(n: int, texts: Iterable[object]) -> Decimal:
    """``n`` × half of the last digit of the LEAST precise of ``texts``: two published values
    of one quantity (a figure in the text to 2 decimals, the table to 6) can differ by the
    rounding of the coarser one."""
    places = min((decimals(t) for t in texts if t not in (None, "")), default=0)
    return Decimal(n) * Decimal(5) * Decimal(10) ** -(places + 1)


@cache
def _factors() -> dict[str, Decimal]:
    cl = standard.codelist("amount_units")
    out: dict[str, Decimal] = {}
    for row in cl.rows:
        f = Decimal(row["factor"])
        for name in (row["code"], row["title"]):
            out[name] = f
    return out


def factor(unit: str | None) -> Decimal | None:
    """Yuan per ``unit`` (元 → 1, 万元 → 10000); None for an unknown unit."""
    if not unit:
        return None
    return _factors().get(unit.strip())


def fmt(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def fmt_places(value: Decimal, places: int) -> str:
    q = Decimal(10) ** -places if places else Decimal(1)
    return format(value.quantize(q), "f")
