"""Property: a random package of function-classified tables (consistent sums, amounts with
two decimals, random names), rendered with random column widths and page lengths,
converts back to the same tables."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cnbudget import standard
from cnbudget.converters import Options, convert
from cnbudget.converters.mapping.perf_tables import LABEL_ENDS
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


# 决算 ------------------------------------------------------------------------------------
FINAL_KINDS = ("department_final_accounts", "unit_final_accounts")
THREE_PUBLIC = [("合计", "total"), ("因公出国（境）费", "overseas_travel"),
                ("公务用车购置及运行维护费", "vehicles"), ("公务用车购置费", "vehicle_purchase"),
                ("公务用车运行维护费", "vehicle_operation"), ("公务接待费", "reception")]


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


@st.composite
def fund_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A 政府性基金 决算 table: per 项 年初结转和结余 + 本年收入 = 支出合计 + 年末结转和结余,
    each 类/款 and the 合计 the sum of its 项."""
    rows = draw(classified_rows())
    leaves = [r for r in rows if r["function_code"] and len(r["function_code"]) == 7]
    for r in leaves:
        total = Decimal(r["total"])
        r["_end"] = Decimal(draw(cents)) * CENT
        r["_begin"] = Decimal(draw(st.integers(0, int((total + r["_end"]) / CENT)))) * CENT
        r["_income"] = total + r["_end"] - r["_begin"]
    for r in rows:
        code = r["function_code"] or ""
        mine = [x for x in leaves if str(x["function_code"]).startswith(code)]
        for f in ("begin", "income", "end"):
            r[{"begin": "carryover_begin", "income": "income", "end": "carryover_end"}[f]] = \
                _amount(_sum([x[f"_{f}"] for x in mine]))
    for r in leaves:
        for f in ("_begin", "_income", "_end"):
            del r[f]
    for r in rows:  # a 决算 prints no 序号 column here: rows without a printed number
        r["line"] = None
        del r["personnel"], r["public_expenses"]
    return rows


@st.composite
def three_public_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """“三公” 决算: 预算数 and 决算数 per item, the subtotals the sum of their parts, and the
    quantities (团组, 人次, 购置数量, 保有量, 批次)."""
    amounts = {k: (Decimal(draw(cents)) * CENT, Decimal(draw(cents)) * CENT)
               for k in ("overseas_travel", "vehicle_purchase", "vehicle_operation",
                         "reception")}
    # an all-blank table reads back as published empty: one 决算数 at least is printed
    amounts["reception"] = (amounts["reception"][0],
                            Decimal(draw(st.integers(1, 99_999_999))) * CENT)
    amounts["vehicles"] = tuple(amounts["vehicle_purchase"][i] + amounts["vehicle_operation"][i]
                                for i in (0, 1))  # type: ignore[assignment]
    amounts["total"] = tuple(amounts["overseas_travel"][i] + amounts["vehicles"][i] +
                             amounts["reception"][i] for i in (0, 1))  # type: ignore[assignment]
    count = st.one_of(st.none(), st.integers(0, 500))
    quantities = {"overseas_travel": {"groups": draw(count), "persons": draw(count)},
                  "vehicles": {"vehicles_purchased": draw(count), "vehicles_held": draw(count)},
                  "reception": {"batches": draw(count), "persons": draw(count)}}
    rows = []
    for n, (item, key) in enumerate(THREE_PUBLIC, start=1):
        budget, final = amounts[key]
        row: dict[str, Any] = {"position": n, "line": None, "item": item, "item_key": key,
                               "total": _amount(final), "budget": _amount(budget),
                               "general_public_budget": None, "government_fund": None,
                               "state_capital": None, "groups": None, "persons": None,
                               "batches": None, "vehicles_purchased": None,
                               "vehicles_held": None}
        row.update(quantities.get(key, {}))
        rows.append(row)
    return rows


project_names = names.filter(lambda s: not s.endswith(LABEL_ENDS))
"""A card value that ends like a label (…单位, …资金) is read as one: not a name to test."""


@st.composite
def self_evaluation(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Projects of a 绩效自评表 (年初预算数, 全年预算数, 全年执行数 of the funds, 执行率 =
    执行数 / 全年预算数, 分值 and 得分, goal and outcome, 总分) and their indicators
    (指标值, 实际完成值, 分值, 得分)."""
    projects: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    for n in range(1, draw(st.integers(1, 2)) + 1):
        pid = f"p{n}"
        fiscal = Decimal(draw(st.integers(1, 99_999_999))) * CENT
        full = fiscal + Decimal(draw(cents)) * CENT
        executed = Decimal(draw(st.integers(0, int(full / CENT)))) * CENT
        score = draw(st.integers(0, 100))
        projects.append({
            "project_id": pid, "position": n, "name": draw(project_names),
            "goal": draw(names),
            "amount": str(fiscal), "fiscal_funds": str(fiscal),
            "amount_full_year": str(full), "amount_executed": str(executed),
            "execution_rate": str((executed * 100 / full).quantize(CENT)),
            "execution_weight": "10", "execution_score": str(draw(st.integers(0, 10))),
            "outcome": draw(names), "score": str(score), "score_weight": "100",
            "withheld": False})
        for k in range(1, draw(st.integers(1, 3)) + 1):
            indicators.append({
                "project_id": pid, "position": k, "level1": "产出指标",
                "level2": "数量指标", "level3": draw(names), "value_text": draw(names),
                "weight": str(draw(st.integers(1, 30))), "actual_text": draw(names),
                "score": str(draw(st.integers(0, 30))), "deviation_reason": draw(names),
                "withheld": False})
    return projects, indicators


@st.composite
def department_evaluation(draw: st.DrawFn
                          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A department's self-evaluation (部门整体支出绩效自评表): the department row (scope
    department: goal, outcome, 总分, and as 金额合计 the sums of its tasks' 全年预算数 and
    全年执行数 by fund, 分值 and 得分) with its tasks after it (scope task: name, 主要内容,
    完成情况, the amounts, 分值, 执行率 = 执行数 / 全年预算数, 得分) and its indicators."""
    tasks: list[dict[str, Any]] = []
    sums: dict[str, Decimal] = {}
    for n in range(1, draw(st.integers(1, 3)) + 1):
        fiscal = Decimal(draw(st.integers(1, 99_999_999))) * CENT
        other = Decimal(draw(st.integers(0, 99_999_999))) * CENT
        fiscal_done = Decimal(draw(st.integers(0, int(fiscal / CENT)))) * CENT
        other_done = Decimal(draw(st.integers(0, int(other / CENT)))) * CENT
        values = {"amount_full_year": fiscal + other, "amount_executed": fiscal_done + other_done,
                  "fiscal_funds_full_year": fiscal, "fiscal_funds_executed": fiscal_done,
                  "other_funds_full_year": other, "other_funds_executed": other_done,
                  "execution_weight": Decimal(draw(st.integers(1, 10))),
                  "execution_score": Decimal(draw(st.integers(0, 10)))}
        for f, v in values.items():
            sums[f] = sums.get(f, Decimal(0)) + v
        rate = (values["amount_executed"] * 100 / values["amount_full_year"]).quantize(CENT)
        tasks.append({"project_id": f"t{n}", "scope": "task", "name": draw(project_names),
                      "goal": draw(names), "outcome": draw(names), "amount": None,
                      **{f: str(v) for f, v in values.items()},
                      "execution_rate": str(rate), "withheld": False})
    rate = (sums["amount_executed"] * 100 / sums["amount_full_year"]).quantize(CENT)
    department = {"project_id": "d1", "scope": "department", "name": draw(project_names),
                  "goal": draw(names), "outcome": draw(names), "amount": None,
                  **{f: str(v) for f, v in sums.items()}, "execution_rate": str(rate),
                  "score": str(draw(st.integers(0, 100))), "score_weight": "100",
                  "withheld": False}
    indicators = [{"project_id": "d1", "position": k, "level1": "产出指标",
                   "level2": "质量指标", "level3": draw(names), "value_text": draw(names),
                   "weight": str(draw(st.integers(1, 30))), "actual_text": draw(names),
                   "score": str(draw(st.integers(0, 30))), "deviation_reason": draw(names),
                   "withheld": False} for k in range(1, draw(st.integers(1, 2)) + 1)]
    return [department, *tasks], indicators


@st.composite
def final_cases(draw: st.DrawFn) -> tuple[Disclosure, RenderSettings]:
    kind = draw(st.sampled_from(FINAL_KINDS))
    d = disclosure(draw(classified_rows()), draw(st.text("财税教体卫农商", min_size=1,
                                                          max_size=4)))
    d.metadata["document_kind"] = kind
    d.metadata["title"] = str(d.metadata["title"]).replace(
        "部门预算", "部门决算" if kind == "department_final_accounts" else "单位决算")
    d.tables["general_budget_expenditure"].printed_title = None
    d.tables["government_fund_expenditure"] = Table(
        "government_fund_expenditure", rows=draw(fund_rows()), unit="万元")
    d.tables["three_public_expenses"] = Table(
        "three_public_expenses", rows=draw(three_public_rows()), unit="万元")
    projects, indicators = draw(self_evaluation())
    for p in projects:  # a project's self-evaluation (the converter reads 部门整体 by title)
        p["scope"] = "project"
    if draw(st.booleans()):  # a department's self-evaluation first, with its tasks
        rows, own = draw(department_evaluation())
        projects, indicators = [*rows, *projects], [*own, *indicators]
    ids = {str(p["project_id"]): f"p{n}" for n, p in enumerate(projects, start=1)}
    for n, p in enumerate(projects, start=1):  # the converter numbers them in print order
        p["project_id"], p["position"] = f"p{n}", n
    for r in indicators:
        r["project_id"] = ids[str(r["project_id"])]
    d.tables["performance_projects"] = Table("performance_projects", rows=projects)
    d.tables["performance_indicators"] = Table("performance_indicators", rows=indicators)
    return d, RenderSettings(lines_per_page=draw(st.integers(25, 70)))


FINAL_TABLES = ("general_budget_expenditure", "government_fund_expenditure",
                "three_public_expenses", "performance_projects", "performance_indicators")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(final_cases())
def test_random_final_accounts_round_trip(case: tuple[Disclosure, RenderSettings]) -> None:
    """A random 决算 (fund table with 结转结余 and 本年收入, “三公” with 预算数 and quantities,
    self-evaluation projects and indicators, maybe a department's self-evaluation with its
    tasks) rendered without printed titles comes back with every value, under the 决算 titles of
    its document kind."""
    d, s = case
    event("department self-evaluation" if any(
        p.get("scope") == "department" for p in d.tables["performance_projects"].rows)
        else "project self-evaluations only")
    got, want = roundtrip(d, s), expected(d)
    kind = d.metadata["document_kind"]
    for name in FINAL_TABLES[:3]:
        want.tables[name].printed_title = standard.printed_title(name, kind)
    problems = [p for p in table_differences(got, want) if p.startswith(FINAL_TABLES)]
    assert not problems, "\n".join(problems[:20])
    assert got.metadata["document_kind"] == kind
    for r in rows_of(got, "government_fund_expenditure"):
        assert Decimal(r["carryover_begin"] or 0) + Decimal(r["income"] or 0) == \
            Decimal(r["total"]) + Decimal(r["carryover_end"] or 0)
