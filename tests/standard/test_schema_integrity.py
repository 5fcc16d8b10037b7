"""Checks of the standard itself: schema files, fields, codelists, versions."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from importlib.util import find_spec

import jsonschema
import pytest
from frictionless import Schema

from cnbudget import standard

from ..conftest import REPO

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize("name", standard.table_names())
def test_table_schema_is_a_valid_table_schema(name):
    report = Schema.validate_descriptor(standard.frictionless_schema(name))
    assert report.valid, [e.message for e in report.errors]
    # the full descriptor with the standard's x- properties is a Table Schema too
    assert Schema.validate_descriptor(standard.table_schema(name)).valid


@pytest.mark.parametrize("name", standard.table_names())
def test_every_field_is_titled_and_described_in_both_languages(name):
    ts = standard.table_schema(name)
    assert ts["name"] == name
    assert CJK.search(ts["title"]), "the resource title is the official Chinese name"
    assert CJK.search(ts["description"]) and LATIN.search(ts["description"])
    names = [f["name"] for f in ts["fields"]]
    assert len(names) == len(set(names)), "field names are unique"
    for f in ts["fields"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", f["name"]), f"{f['name']} is snake_case"
        assert f.get("title"), f"{name}.{f['name']} has no title"
        desc = f.get("description", "")
        assert CJK.search(desc) and LATIN.search(desc), f"{name}.{f['name']} not bilingual"


@pytest.mark.parametrize("name", standard.table_names())
def test_keys_name_existing_fields(name):
    ts = standard.table_schema(name)
    fields = {f["name"] for f in ts["fields"]}
    assert set(ts.get("primaryKey", [])) <= fields
    for fk in ts.get("foreignKeys", []):
        assert set(fk["fields"]) <= fields
        target = fk["reference"]["resource"] or name
        target_fields = {f["name"] for f in standard.table_schema(target)["fields"]}
        assert set(fk["reference"]["fields"]) <= target_fields


def test_codelist_references_resolve():
    registry = {c["name"] for c in standard.codelist_registry()}
    for name in standard.table_names():
        for f in standard.table_schema(name)["fields"]:
            if "x-codelist" in f:
                assert f["x-codelist"] in registry, f"{name}.{f['name']}"


@pytest.mark.parametrize("meta", standard.codelist_registry(), ids=lambda m: m["name"])
def test_codelist_file_is_well_formed(meta):
    assert meta["status"] in ("open", "closed")
    assert set(meta["fiscal_years"]) == {"from", "to"}
    path = standard.schema_dir() / "codelists" / meta["path"]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, f"{meta['name']} is empty"
    keys = [r[meta["key"]] for r in rows]
    assert len(keys) == len(set(keys)), f"duplicate codes in {meta['name']}"
    assert all(r["title"] for r in rows)


def test_closed_codelists_equal_their_enums():
    """A closed list's enum in every schema that references it equals its CSV."""
    checked = 0
    for name in standard.table_names():
        for f in standard.table_schema(name)["fields"]:
            cl = f.get("x-codelist")
            if cl and standard.codelist(cl).closed:
                assert f["constraints"]["enum"] == standard.codelist(cl).codes(), (
                    f"{name}.{f['name']} enum differs from {cl}.csv")
                checked += 1
    assert checked >= 8


@pytest.mark.parametrize("name,lengths", [("function_classification", (3, 5, 7)),
                                          ("economic_classification", (3, 5))])
def test_classification_codes_nest(name, lengths):
    cl = standard.codelist(name)
    codes = set(cl.codes())
    for r in cl.rows:
        code = r["code"]
        assert code.isdigit() and len(code) in lengths, code
        level = lengths.index(len(code)) + 1
        assert int(r["level"]) == level, code
        if level > 1:
            assert r["parent"] == code[: lengths[level - 2]], code
            assert r["parent"] in codes, f"parent of {code} missing"


def test_every_class_of_the_seed_summary_is_listed():
    cl = standard.codelist("function_classification")
    classes = {r["code"] for r in cl.rows if r["level"] == "1"}
    assert {"201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212",
            "213", "214", "215", "216", "217", "219", "220", "221", "222", "223", "224", "227",
            "229", "230", "231", "232", "233", "234"} <= classes


def test_profile_is_valid_json_schema_and_declares_the_profile_id():
    profile = standard.profile()
    jsonschema.Draft202012Validator.check_schema(profile)
    assert profile["$id"] == standard.profile_id()
    assert profile["properties"]["$schema"]["enum"] == [standard.datapackage_profile(),
                                                        standard.profile_id()]
    assert profile["properties"]["standard"]["properties"]["profile"]["const"] == \
        standard.profile_id()
    listed = profile["$defs"]["resource"]["properties"]["name"]["anyOf"][0]["enum"]
    assert sorted(listed) == standard.table_names()
    std = standard.standard()
    assert sorted(std["required_resources"] + std["optional_resources"]) == standard.table_names()


def test_version_is_semantic_and_in_the_changelog():
    version = standard.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## \[?(\d+\.\d+\.\d+)", changelog, re.M)
    assert first and first.group(1) == version
    minor = ".".join(version.split(".")[:2])
    assert f"/{minor}/" in standard.profile_id()


def test_codelist_registry_lists_every_csv():
    files = {p.name for p in (standard.schema_dir() / "codelists").glob("*.csv")}
    assert files == {c["path"] for c in standard.codelist_registry()}


def test_schema_files_are_plain_json():
    for path in standard.schema_dir().rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(find_spec("cpca") is None, reason="cpca (dev extra) not installed")
def test_administrative_divisions_are_generated():
    proc = subprocess.run([sys.executable, "tools/build_divisions.py", "--check"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
