"""Cell values → the text a reader sees printed, without floats in the result.

A workbook stores amounts as binary doubles; the published precision lives in the cell's
number format (``#,##0.00`` shows 29.7 as ``29.70``). The printed text is rebuilt from the
shortest decimal that round-trips the double, rounded half away from zero to the format's
decimals, with thousands separators where the format has them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS = re.compile(r"[0#?]\.([0#?]+)")


def format_decimals(number_format: str | None) -> tuple[int | None, bool]:
    """(fixed decimals or None for General/unknown, thousands separator shown)."""
    if not number_format or number_format in ("General", "@"):
        return None, False
    section = _QUOTED.sub("", number_format.split(";", 1)[0])
    if "%" in section or "E+" in section.upper() or not re.search(r"[0#?]", section):
        return None, False
    m = _DECIMALS.search(section)
    return (len(m.group(1)) if m else 0), "," in section


def printed_number(value: float | int | Decimal, number_format: str | None
                   ) -> tuple[str, str | None]:
    """(printed text, note) — the note says when the format hides stored digits."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        exact = Decimal(int(value))
    decimals, grouped = format_decimals(number_format)
    note = None
    if decimals is not None:
        shown = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if abs(shown - exact) > abs(exact) * Decimal("1e-12"):
            note = f"stores {exact} but shows {shown} (format {number_format!r})"
    else:
        shown = exact
    text = f"{shown:,f}" if grouped else f"{shown:f}"
    return text, note


def printed_other(value: object) -> str:
    """Text of a non-numeric cell value (dates as ISO dates)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")
