"""The quick structural check (:func:`cnbudget.validation.structural._certainly_valid`)
never changes what the Table Schema validation reports: on the golden packages every
resource is cleared by it (so it is what runs) with the same answer as frictionless's, and
on files broken in each way frictionless reports (types, constraints, keys, cells, header,
dialect, encoding) it steps aside and frictionless's own problems are reported."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnbudget.validation.structural import _certainly_valid, _sniffs_default, table_problems

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
PACKAGES = sorted(p for p in EXPECTED.iterdir() if (p / "datapackage.json").is_file())


def _resources(folder: Path) -> list[dict[str, object]]:
    desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    return [r for r in desc["resources"] if isinstance(r.get("path"), str)]


def _both(folder: Path, res: dict[str, object]) -> tuple[list[object], list[object]]:
    quick = list(table_problems(folder, res, 100_000))
    full = list(table_problems(folder, res, 100_000, quick=False))
    return quick, full


@pytest.mark.parametrize("folder", PACKAGES[:6], ids=lambda p: p.name)
def test_golden_packages_are_cleared_with_frictionless_answer(folder: Path) -> None:
    for res in _resources(folder):
        name = str(res["name"])
        assert _certainly_valid(folder, res, name), name  # the quick check is what runs
        quick, full = _both(folder, res)
        assert quick == full == [], name


def _rows(text: str) -> list[str]:
    return text.split("\n")


Mutation = Callable[[str], str | bytes]


def _cell(row: int, col: int, value: str) -> Mutation:
    def f(text: str) -> str:
        lines = _rows(text)
        cells = lines[row].split(",")
        cells[col] = value
        lines[row] = ",".join(cells)
        return "\n".join(lines)
    return f


MUTATIONS: dict[str, Mutation] = {
    # position: integer, required, minimum 1, part of the primary key
    "not a number": _cell(1, 0, "abc"),
    "below the minimum": _cell(1, 0, "0"),
    "required value missing": _cell(1, 0, ""),
    "duplicate primary key": lambda t: "\n".join([*_rows(t)[:2], _rows(t)[1], *_rows(t)[2:]]),
    # amount: number
    "amount not a number": _cell(1, 6, "12,3"),
    "amount with a unit": _cell(1, 6, "12元"),
    # side: enum income/expenditure
    "not in the enum": _cell(1, 2, "both"),
    # function_code: pattern
    "pattern broken": _cell(2, 5, "20x"),
    "extra cell": lambda t: "\n".join([_rows(t)[0], _rows(t)[1] + ",9", *_rows(t)[2:]]),
    "missing cell": lambda t: "\n".join([_rows(t)[0], _rows(t)[1].rsplit(",", 1)[0],
                                         *_rows(t)[2:]]),
    "blank row": lambda t: "\n".join([_rows(t)[0], ",,,,,,,,,,", *_rows(t)[1:]]),
    "empty line": lambda t: "\n".join([_rows(t)[0], "", *_rows(t)[1:]]),
    "header renamed": lambda t: t.replace("amount", "Amount", 1),
    "header reordered": lambda t: t.replace("position,line", "line,position", 1),
    "byte order mark": lambda t: "\ufeff" + t,
    "semicolons": lambda t: t.replace(",", ";"),
    "not UTF-8": lambda t: t.encode("gb18030"),
    "empty file": lambda t: "",
    "header only": lambda t: _rows(t)[0] + "\n",
    "CRLF line ends": lambda t: t.replace("\n", "\r\n"),
    "quoted cells": lambda t: "\n".join([_rows(t)[0]] + [
        ",".join(f'"{c}"' for c in line.split(",")) if line else line
        for line in _rows(t)[1:]]),
    "a cell over lines": _cell(1, 3, '"一、一般公共预算\n拨款收入"'),
}


@pytest.mark.parametrize("what", sorted(MUTATIONS))
def test_broken_file_gets_frictionless_problems(tmp_path: Path, what: str) -> None:
    src = EXPECTED / "bj-xinfang-ban-2026-budget-tables"
    folder = tmp_path / "p"
    shutil.copytree(src, folder)
    target = folder / "budget_summary.csv"
    changed = MUTATIONS[what](target.read_text("utf-8"))
    if isinstance(changed, bytes):
        target.write_bytes(changed)
    else:
        target.write_text(changed, encoding="utf-8", newline="")
    res = next(r for r in _resources(folder) if r["name"] == "budget_summary")
    quick, full = _both(folder, res)
    assert quick == full
    if full:
        assert not _certainly_valid(folder, res, "budget_summary")


def _sniffer_default(sample: str) -> bool:
    """What frictionless's CSV parser makes of ``sample``: the default dialect or not."""
    import csv

    try:
        sniffed = csv.Sniffer().sniff(sample, ",\t;|")
    except csv.Error:
        return True  # frictionless reads csv.excel
    return bool(sniffed.delimiter == "," and not sniffed.skipinitialspace
                and sniffed.escapechar is None and sniffed.quotechar in ('"', "'"))


@given(st.lists(st.text(alphabet=",\t;| a1中\r", max_size=12), max_size=40))
@settings(max_examples=2000, deadline=None)
def test_dialect_guess_is_the_sniffers(lines: list[str]) -> None:
    """The quick check's reading of the dialect (:func:`_sniffs_default`, which spares
    csv.Sniffer's tally of every ASCII character) is csv.Sniffer's, on samples without
    quotes (with a quote, the quick check asks csv.Sniffer itself) of consistent and
    inconsistent delimiters."""
    sample = "\n".join(lines)
    assert _sniffs_default(sample) == _sniffer_default(sample)


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_dialect_guess_on_golden_files(folder: Path) -> None:
    for res in _resources(folder):
        with (folder / str(res["path"])).open(encoding="utf-8", newline="") as fh:
            sample = "".join(itertools.islice(fh, 100))
        assert _sniffs_default(sample) == _sniffer_default(sample) is True, res["name"]


@pytest.mark.parametrize("sample,default", [
    ("a;b;c\n1;2;3\n4;5;6\n", False),
    ("a, b, c\n1, 2, 3\n", False),
    ("a|b\n1|2\n", False),
    ("a,b,c\n1,2,3\n", True),
    ("abc\n123\n", True),  # no delimiter found: read as csv.excel
])
def test_dialect_guess_examples(sample: str, default: bool) -> None:
    assert _sniffs_default(sample) is _sniffer_default(sample) is default
