"""The catalogue of conversion problems (schema/rules/conversion.yaml) and the JSON of the
conversion report (schema/profile/conversion_report.schema.json)."""

from __future__ import annotations

import json
import re
import string

import jsonschema
import pytest
from typer.testing import CliRunner

from cnbudget import standard
from cnbudget.cli.main import app
from cnbudget.model import Problem
from cnbudget.place import Place

from ..conftest import REPO, SEED

CODE = re.compile(r"^CNB-CNV-[0-9]{3}$")
PROBLEMS = standard.conversion_problems()


def test_codes_are_unique_well_formed_and_apart_from_the_rules() -> None:
    assert all(CODE.match(code) for code in PROBLEMS)
    assert not set(PROBLEMS) & {r["code"] for r in standard.rules()}


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_problem_is_titled_and_its_example_renders_in_both_languages(code: str) -> None:
    spec = PROBLEMS[code]
    assert spec["kind"] in ("cell", "table", "document", "source")
    for lang in ("zh", "en"):
        assert spec["title"][lang] and spec["description"][lang]
        names = {f for _, f, _, _ in string.Formatter().parse(spec["message"][lang]) if f}
        assert names <= {"where", "table", "title", "text", *spec["data"]}, names
    example = dict(spec["example"])
    place = Place(example.pop("where"), None) if "where" in example else None
    problem = Problem(code, place, example.pop("table", None), example.pop("title", None),
                      example.pop("text", None), example)
    for lang in ("zh", "en"):
        assert "{" not in problem.message(lang)


def test_every_code_the_toolkit_emits_is_in_the_catalogue() -> None:
    used = set()
    for path in (REPO / "cnbudget").rglob("*.py"):
        used.update(re.findall(r"CNB-CNV-[0-9]{3}", path.read_text(encoding="utf-8")))
    assert used and used <= set(PROBLEMS), sorted(used - set(PROBLEMS))


def test_report_schema_is_valid_and_the_written_report_conforms(tmp_path) -> None:
    schema = standard.conversion_report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    result = CliRunner().invoke(app, ["convert", str(SEED), "-o", str(tmp_path / "out"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    written = json.loads((tmp_path / "out" / "conversion_report.json").read_text("utf-8"))
    assert printed == written
    jsonschema.validate(written, schema)


def test_a_report_with_every_kind_of_record_conforms() -> None:
    from cnbudget.model import ConversionReport, Unplaced
    from cnbudget.package import report_dict

    report = ConversionReport(source_files=["x.pdf"])
    place = Place("x.pdf", 3, bbox=(10.0, 20.0, 30.0, 40.0))
    report.unplaced.append(Unplaced("1.00", place, "column 5 of income_summary has no field"))
    report.problems.append(Problem("CNB-CNV-001", place, "income_summary", "收入总表", "1.0o",
                                   {"field": "total"}))
    report.problems.append(Problem("CNB-CNV-013", table="income_summary", title="收入总表"))
    data = report_dict(report)
    jsonschema.validate(data, standard.conversion_report_schema())
    bad = data["problems"][0]
    assert bad["location"] == {"source": "x.pdf", "page": 3, "bbox": [10.0, 20.0, 30.0, 40.0],
                               "line": None, "sheet": None, "cell": None}
    assert bad["message"] == ("x.pdf, page 3: cell '1.0o' in column total of income_summary "
                              "is not an amount; left empty, the rest of the row is kept.")
    assert "1.0o" in bad["message_zh"] and bad["data"] == {"field": "total"}
