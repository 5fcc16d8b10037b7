"""Small pure functions that turn printed text into values, shared by all front ends."""

from __future__ import annotations

import re
from functools import lru_cache

_WS = re.compile(r"[\s\u3000]+")
_WRAP_SPACE = re.compile(r"(?<=[^\x00-\x7f])[\s\u3000]+|[\s\u3000]+(?=[^\x00-\x7f])")
_NUMBERING = re.compile(
    r"^(?:其中[:：]\s*)?(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|[（(]\d+[)）]|\d+[、.．](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY_MARKS = {"", "-", "—", "－", "--", "——", "/", "\\"}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


_MEMO_SIZE = 8192
_MEMO_LENGTH = 256
"""Cells, labels and lines are memoized (the stages compare the same ones many times over);
longer texts (a document's running text joined) are not: they are seen once."""


def _compact(text: str) -> str:
    return _WS.sub("", text)


_compact_memo = lru_cache(maxsize=_MEMO_SIZE)(_compact)


def compact(text: str) -> str:
    """Remove all white space (layout wraps, padding): for comparing labels and titles."""
    return _compact_memo(text) if len(text) <= _MEMO_LENGTH else _compact(text)


def clean_label(text: str) -> str:
    """Join a label wrapped over several printed lines: spaces next to CJK are layout."""
    return _WRAP_SPACE.sub("", text.strip()).strip()


def strip_numbering(label: str) -> str:
    """Drop leading list numbering (一、 （一） 1、 ①) and 其中： from a compacted label."""
    out = compact(label)
    while m := _NUMBERING.match(out):  # anchored and never empty: one prefix at a time
        out = out[m.end():]
    return out


def _canonical(label: str) -> str:
    out = strip_numbering(label)
    return (out.replace("(", "（").replace(")", "）").replace("\"", "“")
            .replace("\u201d", "“").replace(":", "："))


_canonical_memo = lru_cache(maxsize=_MEMO_SIZE)(_canonical)


def canonical(label: str) -> str:
    """Compare form of a label: compacted, unnumbered, ASCII parentheses and quotes unified."""
    return _canonical_memo(label) if len(label) <= _MEMO_LENGTH else _canonical(label)


def is_empty_mark(text: str) -> bool:
    return compact(text) in _EMPTY_MARKS


def parse_amount(text: str) -> str | None:
    """Printed amount → normalized decimal text ("1,234.50" → "1234.50"; "-"/blank → None).

    Raises ValueError when the text is not an amount.
    """
    value = _read_amount(text)
    if value == "":
        raise ValueError(f"not an amount: {text!r}")
    return value


def looks_like_amount(text: str) -> bool:
    return bool(_read_amount(text))


def _read_amount(text: str) -> str | None:
    """:func:`parse_amount` without the error: ``""`` when the text is not an amount."""
    return _amount_memo(text) if len(text) <= _MEMO_LENGTH else _amount(text)


def _amount(text: str) -> str | None:
    raw = compact(text).translate(_FULLWIDTH)
    if raw in _EMPTY_MARKS:
        return None
    value = raw.replace(",", "")
    if value.startswith("+"):
        value = value[1:]
    if not _AMOUNT.match(value):
        return ""
    if value.startswith("."):
        value = "0" + value
    return value


_amount_memo = lru_cache(maxsize=_MEMO_SIZE)(_amount)


def parse_code(text: str) -> str:
    """Printed classification code with wrap spaces removed ("2013 1" → "20131")."""
    return compact(text).translate(_FULLWIDTH)


def is_code(text: str) -> bool:
    code = parse_code(text)
    return code.isdigit() and len(code) in (3, 5, 7)
