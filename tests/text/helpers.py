"""Independent oracles for the tests: arithmetic written here, not taken from the toolkit."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path


def read(pkg: Path, name: str) -> list[dict[str, str]]:
    with (pkg / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def descriptor(pkg: Path) -> dict:
    return json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))


def D(value: str | None) -> Decimal:
    return Decimal(value) if value else Decimal(0)


def by_key(rows: list[dict[str, str]], side: str, key: str) -> dict[str, str]:
    found = [r for r in rows if r["side"] == side and r["item_key"] == key]
    assert len(found) == 1, f"{side}/{key}: {len(found)} rows"
    return found[0]


def hierarchy_failures(rows: list[dict[str, str]], code_field: str, amount_fields: list[str],
                       lengths: tuple[int, ...]) -> list[str]:
    """Every parent code's amounts equal the sum of its children; 合计 = Σ top level."""
    failures = []
    coded = [r for r in rows if r[code_field]]
    for f in amount_fields:
        for parent in coded:
            code = parent[code_field]
            if len(code) == lengths[-1]:
                continue
            child_len = lengths[lengths.index(len(code)) + 1]
            children = [r for r in coded if len(r[code_field]) == child_len
                        and r[code_field].startswith(code)]
            if children and sum(D(c[f]) for c in children) != D(parent[f]):
                failures.append(f"{code}.{f}")
        total = [r for r in rows if not r[code_field]]
        if total:
            top = [r for r in coded if len(r[code_field]) == lengths[0]]
            if sum(D(r[f]) for r in top) != D(total[0][f]):
                failures.append(f"total.{f}")
    return failures
