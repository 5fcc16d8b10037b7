"""The loader's CSV rows (cnbudget.validation.loading._dict_rows) are those of
``csv.DictReader`` without its ``None`` key: short and long rows, blank lines, repeated
field names, an empty file."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from cnbudget.validation.loading import _dict_rows

_CELL = st.text(alphabet="ab,\"\n 1", max_size=4)


def _dictreader(text: str) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k is not None}
            for r in csv.DictReader(io.StringIO(text, newline=""))]


def _ours(text: str) -> list[dict[str, object]]:
    return list(_dict_rows(csv.reader(io.StringIO(text, newline=""))))


@settings(deadline=None)  # a shared, loaded machine: no per-example deadline
@given(st.lists(st.lists(_CELL, max_size=5), max_size=6))
def test_rows_equal_dictreaders(table: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(table)
    text = buf.getvalue()
    assert _ours(text) == _dictreader(text)


def test_the_awkward_cases() -> None:
    for text in ("", "a,b\n", "a,b\n1\n\n1,2,3\n", "a,a\n1,2\n3\n", "\n\na\n1\n", "a,b\n,\n"):
        assert _ours(text) == _dictreader(text), text
