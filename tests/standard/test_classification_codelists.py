"""The classification codelists: rebuilt reproducibly from the official editions and the
corpus harvest (tools/build_codelists.py), each entry with its years and its source."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cnbudget import standard
from cnbudget.validation.codes import name_agreement

REPO = Path(__file__).resolve().parents[2]
LISTS = ("function_classification", "economic_classification",
         "government_economic_classification")


def _builder():
    spec = importlib.util.spec_from_file_location("build_codelists",
                                                  REPO / "tools" / "build_codelists.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_lists_are_what_the_tool_builds():
    builder = _builder()
    texts, _stats = builder.build(builder.HARVEST)
    for name in LISTS:
        committed = (REPO / "schema" / "codelists" / f"{name}.csv").read_text(encoding="utf-8")
        assert texts[name] == committed, f"{name}: run python tools/build_codelists.py"


@pytest.mark.parametrize("name", LISTS)
def test_every_entry_has_years_and_a_source(name):
    for row in standard.codelist(name).rows:
        assert row["valid_from"] and 2018 <= int(row["valid_from"]) <= 2027, row["code"]
        assert not row["valid_to"] or int(row["valid_from"]) <= int(row["valid_to"]), row
        sources = [s.strip() for s in row["source"].split(";") if s.strip()]
        assert sources, row["code"]
        for s in sources:
            assert s.startswith(("official:", "corpus:", "财政部")), (row["code"], s)
        if row["parent"]:
            assert row["code"].startswith(row["parent"]), row["code"]
            assert standard.codelist(name).get(row["parent"]) is not None, row["code"]


@pytest.mark.parametrize("code", ["2050302", "2050305", "2040601", "2040604", "2040605",
                                  "2040613", "2040699"])
def test_codes_the_issue_found_missing_are_known(code):
    entry = standard.codelist("function_classification").get(code)
    assert entry is not None and int(entry["valid_from"]) <= 2026


def test_former_title_of_210_by_year():
    entry = standard.codelist("function_classification").get("210")
    assert entry is not None
    assert name_agreement(entry, "医疗卫生与计划生育支出", 2018) == "same"
    assert name_agreement(entry, "医疗卫生与计划生育支出", 2024) == "variant"
    assert name_agreement(entry, "卫生健康支出", 2024) == "same"
    assert name_agreement(entry, "教育支出", 2024) == "different"
