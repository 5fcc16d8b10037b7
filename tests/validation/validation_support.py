"""Helpers of the validator tests: the reference package, a writable copy, findings."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

from cnbudget.validation.api import validate

REFERENCE = Path(os.environ.get(
    "CNBUDGET_REFERENCE_PACKAGE",
    Path(__file__).resolve().parents[2] / "datapackages" / "130324-201-2023-budget"))
"""The reference package (override to test a freshly converted one)."""

# What the reference package really yields (see test_reference.py for the reasons).
BASELINE = {
    ("CNB-PRF-002", "performance_projects", 5),
    ("CNB-PRF-005", "performance_indicators", 2),
    ("CNB-RES-002", "performance_projects", 5),
    ("CNB-RES-003", "performance_projects", 7),
    ("CNB-RES-003", "performance_projects", 12),
    ("CNB-XT-017", "stated_figures", 17),
    ("CNB-REV-006", "general_budget_expenditure", 4),
    ("CNB-REV-006", "expenditure_summary", 4),
}


class Pkg:
    """A writable copy of a package folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def rows(self, resource: str) -> list[dict[str, str]]:
        with (self.root / f"{resource}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def header(self, resource: str) -> list[str]:
        with (self.root / f"{resource}.csv").open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh))

    def write(self, resource: str, rows: list[dict[str, str]]) -> None:
        fields = self.header(resource)
        with (self.root / f"{resource}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    def set(self, resource: str, where: dict[str, str], field: str, value: str) -> None:
        rows = self.rows(resource)
        hits = [r for r in rows if all(r.get(k) == v for k, v in where.items())]
        assert len(hits) == 1, (resource, where, len(hits))
        hits[0][field] = value
        self.write(resource, rows)

    def add(self, resource: str, row: dict[str, str]) -> None:
        rows = self.rows(resource)
        rows.append(row)
        self.write(resource, rows)

    def drop(self, resource: str, where: dict[str, str]) -> None:
        rows = [r for r in self.rows(resource)
                if not all(r.get(k) == v for k, v in where.items())]
        self.write(resource, rows)

    @property
    def descriptor(self) -> dict:
        return json.loads((self.root / "datapackage.json").read_text(encoding="utf-8"))

    def save_descriptor(self, desc: dict) -> None:
        (self.root / "datapackage.json").write_text(
            json.dumps(desc, ensure_ascii=False, indent=2), encoding="utf-8")

    def resource(self, desc: dict, name: str) -> dict:
        return next(r for r in desc["resources"] if r["name"] == name)


def copy_reference(tmp_path: Path) -> Pkg:
    target = tmp_path / REFERENCE.name
    shutil.copytree(REFERENCE, target)
    return Pkg(target)


def new_findings(path: Path, **kw) -> set[tuple]:
    """Findings beyond the reference's baseline, as (code, resource, position)."""
    v = validate(path, **kw)
    assert v.result is not None, v.error
    got = {(f.code, f.location.resource, f.location.position) for f in v.result.findings}
    return got - BASELINE


def findings(path: Path, **kw):
    v = validate(path, **kw)
    assert v.result is not None, v.error
    return v.result.findings
