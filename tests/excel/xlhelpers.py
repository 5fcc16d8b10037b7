"""Helpers of the workbook tests: the reference package, conversion, comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cnbudget.converters  # noqa: F401  (import order: converters before model)
from cnbudget import standard
from cnbudget.converters import Options, convert
from cnbudget.export.layout import EXPORTED
from cnbudget.model import Disclosure
from cnbudget.package import load_package

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "datapackages" / "130324-201-2023-budget"
CORPUS = ROOT.parent / "shared" / "corpus"
RESOURCE_ATTRS = ("printed_title", "unit", "notes", "published_empty", "as_of")


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return path


def load_reference() -> Disclosure:
    return load_package(REFERENCE)


def convert_one(path: Path, **options: Any) -> Disclosure:
    return convert([path], Options(self_check=False, **options))


def text_rows(rows: list[dict[str, Any]], fields: list[str]) -> list[dict[str, str]]:
    """Rows as the CSV stores them (the package reader gives strings)."""
    def s(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)
    out = [{f: s(r.get(f)) for f in fields} for r in rows]
    if "side" in fields:  # two-list tables: the row order of the two lists is not data
        out.sort(key=lambda r: (r["side"], int(r["position"] or 0)))
    return out


def assert_tables_equal(expected: Disclosure, actual: Disclosure,
                        names: list[str] | None = None) -> None:
    for name in names or [n for n in EXPORTED if n in expected.tables]:
        exp = expected.tables[name]
        assert name in actual.tables, f"{name} missing after the round trip"
        act = actual.tables[name]
        fields = [f for r in exp.rows[:1] for f in r] or []
        if fields:
            got, want = text_rows(act.rows, fields), text_rows(exp.rows, fields)
            assert got == want, (f"{name}: lost {[r for r in want if r not in got]}; "
                                 f"gained {[r for r in got if r not in want]}")
        else:
            assert act.rows == [], name
        for attr in RESOURCE_ATTRS:
            e, a = getattr(exp, attr), getattr(act, attr)
            if attr == "published_empty":
                e, a = bool(e), bool(a)
            if attr == "unit" and not has_amounts(name):
                continue  # the descriptor states units only of tables with amounts
            assert a == e, f"{name}.{attr}: {a!r} != {e!r}"


def has_amounts(name: str) -> bool:
    return any(f.get("x-amount") for f in standard.table_schema(name)["fields"])


def metadata_core(meta: dict[str, Any]) -> dict[str, Any]:
    skip = {"source", "created", "resources"}
    return {k: v for k, v in meta.items() if k not in skip}


def package_files(disclosure: Disclosure, folder: Path) -> dict[str, Any]:
    """The package as written: CSV texts by file name (without provenance) and the
    descriptor without created/source."""
    import json

    from cnbudget.package import write_package

    out = write_package(disclosure, folder, created="2000-01-01T00:00:00Z")
    files: dict[str, Any] = {p.name: p.read_text(encoding="utf-8")
                             for p in sorted(out.glob("*.csv")) if p.name != "provenance.csv"}
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    files["datapackage.json"] = {k: v for k, v in desc.items() if k not in ("created",
                                                                            "source")}
    return files


def assert_packages_identical(expected: Disclosure, actual: Disclosure, tmp: Path) -> None:
    """Every resource's CSV text equal (provenance aside), descriptor equal but for
    created and source."""
    want = package_files(expected, tmp / "expected")
    got = package_files(actual, tmp / "actual")
    assert sorted(got) == sorted(want), f"resources differ: {sorted(got)} != {sorted(want)}"
    for name, text in want.items():
        if name.endswith(".csv"):
            assert got[name] == text, _first_difference(name, text, got[name])
    assert got["datapackage.json"] == want["datapackage.json"]


def _first_difference(name: str, want: str, got: str) -> str:
    for i, (a, b) in enumerate(zip(want.splitlines(), got.splitlines(), strict=False)):
        if a != b:
            return f"{name} line {i + 1}: expected {a!r}, got {b!r}"
    return f"{name}: {len(want.splitlines())} lines expected, {len(got.splitlines())} got"
