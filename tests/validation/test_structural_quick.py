"""The quick structural check (:func:`cnbudget.validation.structural._certainly_valid`)
never changes what the Table Schema validation reports: on the golden packages every
resource is cleared by it (so it is what runs) with the same answer as frictionless's, and
on files broken in each way frictionless reports (types, constraints, keys, cells, header,
dialect, encoding) it steps aside and frictionless's own problems are reported."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cnbudget.validation.structural import _certainly_valid, table_problems

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
