"""CNB-MET-002 on the headings that name the publisher: a short form of its name (the
characters in order, ending with the same organ word, as 江苏 prints “省检察院” for 江苏省人民
检察院, js-prov-tables-2017-budget-701c1ad6 p.9) names the publisher; another department,
or a part heading before the name (“第三部分 …”), is judged on the name itself."""

from __future__ import annotations

import pytest
from validation_support import REFERENCE

from cnbudget.validation.loading import load
from cnbudget.validation.rules.department import _short_form
from cnbudget.validation.runner import run_rules

FULL = "中国共产党卢龙县委员会办公室"


def _errors(heading_name: str) -> list[str]:
    d = load(REFERENCE).disclosure
    row = next(r for r in d.tables["text_sections"].rows if FULL in (r["heading"] or ""))
    row["heading"] = row["heading"].replace(FULL, heading_name)
    return [f.code for f in run_rules(d, codes={"CNB-MET-002"}).findings]


@pytest.mark.parametrize("named", ["中共卢龙县委办公室", "县委办公室", "第二部分 " + FULL])
def test_short_forms_and_part_headings_name_the_publisher(named: str) -> None:
    assert _errors(named) == []


@pytest.mark.parametrize("named", ["中共卢龙县委组织部", "卢龙县财政局", "办公室主任室"])
def test_another_department_is_an_error(named: str) -> None:
    assert _errors(named) == ["CNB-MET-002"]


def test_short_form() -> None:
    assert _short_form("省检察院", "江苏省人民检察院")
    assert not _short_form("检察院省", "江苏省人民检察院")  # order matters
    assert not _short_form("资源局", "上海市普陀区规划和自然资源局"[:-1])  # organ word differs
    assert not _short_form("院", "江苏省人民检察院")  # too short to say
