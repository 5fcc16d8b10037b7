"""Every golden package is a valid package of the standard as written on disk: the Table
Schemas (frictionless) and the profile (jsonschema) accept it, not only the in-memory result."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from frictionless import validate

from cnbudget import standard

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
STEMS = sorted(p.name for p in EXPECTED.iterdir()) if EXPECTED.exists() else []


@pytest.mark.parametrize("stem", STEMS)
def test_expected_package_is_valid(stem: str) -> None:
    folder = EXPECTED / stem
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(standard.profile())
    assert [e.message for e in validator.iter_errors(descriptor)] == []
