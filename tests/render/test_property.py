"""Property: a random package of function-classified tables (consistent sums, amounts with
two decimals, random names), rendered with random column widths and page lengths,
converts back to the same tables."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnbudget.converters import Options, convert
from cnbudget.model import Disclosure, Table
from cnbudget.package import load_package, write_package
from cnbudget.render import RenderSettings, render_pdf

from .helpers import rows_of, table_differences

HAN = "财政教育科学技术文化旅游体育社会保障就业卫生健康节能环保城乡社区农林水交通运输资源勘探" \
      "商业服务金融援助住房粮油储备灾害防治应急管理行政运行事业机关单位离退休医疗公积金（）"
CENT = Decimal("0.01")

names = st.text(HAN, min_size=2, max_size=24).filter(
    lambda s: not s.startswith(("）", "（")) and s.count("（") == s.count("）"))
cents = st.integers(min_value=0, max_value=99_999_999)


def _amount(value: Decimal) -> str | None:
    return None if value == 0 else str(value.quantize(CENT))


@st.composite
def classified_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """合计, then classes (类) → 款 → 项; each level the sum of the one below; total =
    basic + project."""
    leaves: list[tuple[str, str, Decimal, Decimal]] = []
    classes = draw(st.lists(st.integers(201, 232), min_size=1, max_size=3, unique=True))
    tree: list[tuple[str, str, list[tuple[str, str, list[int]]]]] = []
    for cls in sorted(classes):
        kuan = draw(st.lists(st.integers(1, 99), min_size=1, max_size=2, unique=True))
        kids = []
        for k in sorted(kuan):
            xiang = draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True))
            kids.append((f"{cls}{k:02d}", draw(names), sorted(xiang)))
        tree.append((str(cls), draw(names), kids))
    rows: list[dict[str, Any]] = []

    def add(code: str | None, name: str, basic: Decimal, project: Decimal) -> None:
        rows.append({"code": code, "name": name, "basic": basic, "project": project})

    add(None, "合计", Decimal(0), Decimal(0))
    for cls, cname, kids in tree:
        at_cls = len(rows)
        add(cls, cname, Decimal(0), Decimal(0))
        for kcode, kname, xiang in kids:
            at_k = len(rows)
            add(kcode, kname, Decimal(0), Decimal(0))
            for x in xiang:
                basic = Decimal(draw(cents)) * CENT
                project = Decimal(draw(st.sampled_from([0, draw(cents)]))) * CENT
                add(f"{kcode}{x:02d}", draw(names), basic, project)
                leaves.append((kcode, cls, basic, project))
                for i in (0, at_cls, at_k):
                    rows[i]["basic"] += basic
                    rows[i]["project"] += project
    return [{"position": n, "line": n, "function_code": r["code"], "function_name": r["name"],
             "total": _amount(r["basic"] + r["project"]) or "0.00",
             "basic": _amount(r["basic"]), "project": _amount(r["project"]),
             "personnel": None, "public_expenses": None}
            for n, r in enumerate(rows, start=1)]


def disclosure(rows: list[dict[str, Any]], dept: str) -> Disclosure:
    d = Disclosure(metadata={
        "title": f"卢龙县{dept}局2024年部门预算", "fiscal_year": 2024,
        "document_kind": "department_budget", "unit": "万元", "source": {"files": []},
        "publisher": {"department_name": f"卢龙县{dept}局", "department_code": "305",
                      "region_code": "130324", "region_name": "卢龙县",
                      "region_level": "county", "province": "河北省"}})
    d.tables["general_budget_expenditure"] = Table(
        "general_budget_expenditure", rows=rows, printed_title="部门预算一般公共预算财政拨款支出表",
        unit="万元")
    return d


def widths(draw: st.DrawFn, body: float) -> tuple[float, ...]:
    lo = RenderSettings().min_column()
    cols = [draw(st.floats(lo, 40)), draw(st.floats(lo, 60)), draw(st.floats(lo, 140))]
    cols += [draw(st.floats(20, 80)) for _ in range(3)]
    scale = min(1.0, body / sum(cols))
    return tuple(max(lo, w * scale) for w in cols)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Disclosure, RenderSettings]:
    rows = draw(classified_rows())
    d = disclosure(rows, draw(st.text("财税教体卫农商", min_size=1, max_size=4)))
    base = RenderSettings()
    s = RenderSettings(lines_per_page=draw(st.integers(25, 70)),
                       column_widths={"general_budget_expenditure": widths(draw,
                                                                            base.body_width)})
    return d, s


def roundtrip(d: Disclosure, s: RenderSettings) -> Disclosure:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = render_pdf(d, Path(tmp) / "doc.pdf", settings=s)
        got = convert([pdf], Options(self_check=False))
        return load_package(write_package(got, Path(tmp) / "pkg"))


def expected(d: Disclosure) -> Disclosure:
    with tempfile.TemporaryDirectory() as tmp:
        return load_package(write_package(d, Path(tmp) / "pkg", created="2024-01-01T00:00:00Z"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_classified_table_round_trips(case: tuple[Disclosure, RenderSettings]) -> None:
    d, s = case
    got, want = roundtrip(d, s), expected(d)
    name = "general_budget_expenditure"
    problems = [p for p in table_differences(got, want) if p.startswith(name)]
    assert not problems, "\n".join(problems[:20])
    rows = rows_of(got, name)
    total = Decimal(rows[0]["total"])
    assert total == sum(Decimal(r["total"]) for r in rows if len(r["function_code"]) == 3)
    for r in rows:
        assert Decimal(r["total"]) == Decimal(r["basic"] or 0) + Decimal(r["project"] or 0)
