"""The reference package is an ordinary, valid Frictionless package of this profile."""

from __future__ import annotations

import copy
import json

import jsonschema
from frictionless import validate

from cnbudget import standard

from ..conftest import REFERENCE


def _descriptor():
    return json.loads((REFERENCE / "datapackage.json").read_text(encoding="utf-8"))


def test_descriptor_validates_against_the_profile_with_plain_jsonschema():
    validator = jsonschema.Draft202012Validator(standard.profile(),
                                                format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(_descriptor())) == []


def test_profile_rejects_a_descriptor_without_a_required_table():
    desc = _descriptor()
    broken = copy.deepcopy(desc)
    broken["resources"] = [r for r in broken["resources"] if r["name"] != "basic_expenditure"]
    validator = jsonschema.Draft202012Validator(standard.profile())
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(desc)
    broken["publisher"]["region_code"] = "13032"
    assert not validator.is_valid(broken)


def test_frictionless_validate_passes():
    report = validate(str(REFERENCE / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_pandas_opens_every_resource():
    import pandas as pd

    for res in _descriptor()["resources"]:
        frame = pd.read_csv(REFERENCE / res["path"], dtype=str, keep_default_na=False)
        assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]
