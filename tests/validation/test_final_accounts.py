"""Final accounts (决算): the corpus's 决算 convert with their identities holding except
where the print itself is inconsistent (each recorded below with its page), the CNB-FIN
rules find exactly the print's own errors, and each FIN rule fires on a package broken in
its way (mutations of the converted 国家信访局 2024 决算; the budget/final pair of
CNB-FIN-012/013 is constructed, the corpus holding no budget of the same department and
year as one of its 决算)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from cnbudget.converters import Options, convert
from cnbudget.package import write_package
from cnbudget.validation.api import validate
from tests.converters.corpus import CORPUS, files

CN, XA = "cn-guojia-xinfangju-2024-final-accounts", "sn-xian-2022-final-accounts-243800f1"
SH1, SH2 = "sh-putuo-2024-final-accounts-fa222afc", "sh-putuo-caizhengju-2024-final-accounts"

# Self-check identities that fail because of the print (checked on the rendered pages):
FAILING_IDENTITIES: dict[str, set[str]] = {
    CN: set(),
    # 普陀 资源局: the text's 机关运行经费 142.80 is not the table's 公用经费 480.66 (a scope
    # the basic-expenditure table does not print; a warning), and the text states
    # 一般公共预算财政拨款基本支出5377.64万元 where the table's 合计 is 4884.09 + 480.66 =
    # 5364.75 (5377.64 is the basic expenditure of all funds), and 其中：人员经费4896.98万元
    # (p.24) against the table's 4884.09, the same 12.89 gap (two CNB-TXT-001 ERRORs)
    SH1: {"CNB-XT-016", "CNB-TXT-001"},
    # 普陀 财政局 p.21: “财政拨款收入支出总计0.3万元” against the table's 2961.68
    SH2: {"CNB-TXT-001"},
    # 西安 2022: 机关运行经费 627.62 (p.35) is the administrative units' part of the
    # 公用经费 2093.08 (p.157/158) of a 汇总 with public institutions. (The text's
    # fund-scoped year-on-year and carry-over sentences, p.10 and p.20, are no longer taken
    # for the department totals: they are not compared.)
    XA: {"CNB-XT-016"},
}

# The FIN findings of severity error on the corpus: every one a print error.
PRINT_ERRORS: dict[str, set[tuple[str, int | None]]] = {
    CN: set(),
    SH1: set(),
    SH2: set(),
    XA: {
        # p.94 and p.139: 其他资金 全年预算数 left blank (the 年度资金总额 counts it)
        ("CNB-FIN-006", 94), ("CNB-FIN-006", 139),
        # 执行率 printed 1000% beside 全年预算数 = 全年执行数 (p.98-103, p.138-141)
        *{("CNB-FIN-007", p) for p in (98, 99, 100, 101, 102, 103, 138, 139, 140, 141)},
        # p.38: “全年预算数21143.98万元，执行数21143.98万元，完成预算的35%”; located at
        # p.32, where its section (the numbered 项目绩效自评综述 paragraphs, pp.32-38) begins
        ("CNB-FIN-009", 32),
    },
}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("final")
    out: dict[str, Path] = {}
    for stem in (CN, SH1, SH2, XA):
        try:
            paths = files(stem)
        except pytest.skip.Exception:
            continue
        d = convert(paths, Options(self_check=True))
        failing = {c.identity for c in d.report.checks if not c.holds}
        out[stem] = write_package(d, root / stem, overwrite=True)
        (root / f"{stem}.failing.json").write_text(json.dumps(sorted(failing)))
    if not out:
        pytest.skip("no corpus 决算 available")
    return out


def _need(packages: dict[str, Path], stem: str) -> Path:
    if stem not in packages:
        pytest.skip(f"{stem} not in the corpus")
    return packages[stem]


def _findings(path: Path, budget: Path | None = None) -> list[tuple[str, str, int | None]]:
    v = validate(path, families={"final_accounts"}, budget=budget)
    assert v.result is not None, v.error
    return [(f.code, f.severity.value, f.location.page) for f in v.result.findings]


@pytest.mark.parametrize("stem", [CN, SH1, SH2, XA])
def test_final_accounts_convert_with_identities(packages: dict[str, Path], stem: str) -> None:
    path = _need(packages, stem)
    meta = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["document_kind"] == "department_final_accounts"
    failing = set(json.loads((path.parent / f"{stem}.failing.json").read_text()))
    assert failing == FAILING_IDENTITIES[stem]


@pytest.mark.parametrize("stem", [CN, SH1, SH2, XA])
def test_fin_errors_are_the_prints_own(packages: dict[str, Path], stem: str) -> None:
    path = _need(packages, stem)
    errors = {(c, p) for c, s, p in _findings(path) if s == "error"}
    assert errors == PRINT_ERRORS[stem]


def test_blank_template_is_refused() -> None:
    from cnbudget.model import ConversionError
    from tests.converters.corpus import corpus_file
    with pytest.raises(ConversionError, match="blank template"):
        convert([corpus_file("template-2024-final-accounts.pdf")])


def test_three_public_budget_and_final(packages: dict[str, Path]) -> None:
    """国家信访局 p.15: 预算数 76.43 | 30.00 | 40.63 | — | 40.63 | 5.80, 决算数 46.21 | 4.69 |
    40.61 | — | 40.61 | 0.90; 西安 p.161 prints them as rows (预算数 593.46 …)."""
    rows = _rows(_need(packages, CN), "three_public_expenses")
    got = {r["item_key"]: (r["budget"], r["total"]) for r in rows}
    assert got["total"] == ("76.43", "46.21")
    assert got["overseas_travel"] == ("30.00", "4.69")
    assert got["reception"] == ("5.80", "0.90")
    xa = {r["item_key"]: (r["budget"], r["total"]) for r in _rows(_need(packages, XA),
                                                                 "three_public_expenses")}
    assert xa["three_public_subtotal"] == ("593.46", "587.55")
    assert xa["vehicle_operation"] == ("455.12", "450.96")
    # the quantities the text states (国家信访局 p.25: 团组数1个, 1人次, 没有购置车辆,
    # 保有量为15辆, 公务接待10批次、152人次)
    q = {r["item_key"]: r for r in rows}
    assert (q["overseas_travel"]["groups"], q["overseas_travel"]["persons"]) == ("1", "1")
    assert (q["vehicles"]["vehicles_purchased"], q["vehicles"]["vehicles_held"]) == ("0", "15")
    assert (q["reception"]["batches"], q["reception"]["persons"]) == ("10", "152")


def test_self_evaluation_read(packages: dict[str, Path]) -> None:
    """国家信访局 p.30: 信访干部培训专项 年初预算数 180.61, 全年预算数 180.03, 全年执行数
    180.03, 分值 10.0, 执行率 100.00%, 得分 10; 总分 98 (p.31)."""
    p1 = _rows(_need(packages, CN), "performance_projects")[0]
    assert (p1["amount"], p1["amount_full_year"], p1["amount_executed"]) == (
        "180.61", "180.03", "180.03")
    assert (p1["execution_weight"], p1["execution_rate"], p1["execution_score"]) == (
        "10.0", "100.00", "10")
    assert (p1["carryover"], p1["carryover_full_year"]) == ("40.00", "39.42")
    assert p1["score"] == "98"
    ind = [r for r in _rows(_need(packages, CN), "performance_indicators")
           if r["project_id"] == "p1"]
    assert (ind[1]["value_text"], ind[1]["actual_text"], ind[1]["actual_number"],
            ind[1]["weight"], ind[1]["score"]) == ("≥110人", "123人", "123", "6", "6")
    quality = next(r for r in ind if r["level3"] == "信访工作质量")
    assert (quality["weight"], quality["score"]) == ("10", "9")
    assert quality["deviation_reason"].startswith("工作质量提升情况缺少有效数据支撑")


def test_evaluation_scores_read(packages: dict[str, Path]) -> None:
    """国家信访局 p.48, 表2：综合评价得分情况表 of the 全国信访信息系统维护费 evaluation:
    决策 20 | 17.90 | 89.50%, 过程 20 | 17.99, 产出 30 | 25.30, 效益 30 | 24.00, 合计 100 |
    85.19 | 85.19%: every figure typed, the 合计 the sum of the four."""
    rows = _rows(_need(packages, CN), "evaluation_scores")
    got = [(r["item"], r["weight"], r["score"], r["score_rate"]) for r in rows]
    assert got == [("决策", "20", "17.90", "89.50"), ("过程", "20", "17.99", "89.95"),
                   ("产出", "30", "25.30", "84.33"), ("效益", "30", "24.00", "80.00"),
                   ("合计", "100", "85.19", "85.19")]
    import cnbudget  # the package reads back (a printed 89.50% is the number 89.50)
    assert cnbudget.read(_need(packages, CN)) is not None
    assert not [c for c, s, _ in _findings(_need(packages, CN))
                if c in ("CNB-FIN-030", "CNB-FIN-031") and s != "info"]


def _rows(path: Path, resource: str) -> list[dict[str, str]]:
    with (path / f"{resource}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, resource: str, rows: list[dict[str, str]]) -> None:
    with (path / f"{resource}.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with (path / f"{resource}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit(path: Path, resource: str, fn: Callable[[list[dict[str, str]]], None]) -> None:
    rows = _rows(path, resource)
    fn(rows)
    _write(path, resource, rows)


def _text(old: str, new: str) -> Callable[[list[dict[str, str]]], None]:
    def fn(rows: list[dict[str, str]]) -> None:
        hits = [r for r in rows if old in r["text"]]
        assert len(hits) == 1, old
        hits[0]["text"] = hits[0]["text"].replace(old, new)
    return fn


def _cell(key: str, value: str, field: str, new: str,
          keyfield: str = "item_key") -> Callable[[list[dict[str, str]]], None]:
    def fn(rows: list[dict[str, str]]) -> None:
        hits = [r for r in rows if r[keyfield] == key]
        assert len(hits) == 1 and hits[0][field] == value, (key, field)
        hits[0][field] = new
    return fn


MUTATIONS: list[tuple[str, str, Callable[[list[dict[str, str]]], None], set[str]]] = [
    ("rate stated wrong", "text_sections",
     _text("完成年初预算的91.14%", "完成年初预算的95.14%"), {"CNB-FIN-009"}),
    ("reason removed", "text_sections",
     _text("决算数小于预算数的主要原因是年中按规定将部门机动经费调剂用于其他科目。", ""),
     {"CNB-FIN-010"}),
    ("reception over budget", "three_public_expenses",
     _cell("reception", "0.90", "total", "6.00"),
     # the item's total no longer sums into 合计 either (CNB-ARI-029 is not FIN)
     {"CNB-FIN-011"}),
    ("three public budget subtotal", "three_public_expenses",
     _cell("reception", "5.80", "budget", "6.80"), set()),
    ("vehicle budget", "three_public_expenses",
     # 40.61 spent of a budget now 40.00: also over budget, unexplained
     _cell("vehicle_operation", "40.63", "budget", "40.00"), {"CNB-FIN-004", "CNB-FIN-011"}),
    ("executed parts", "performance_projects",
     _cell("p2", "351.13", "fiscal_funds_executed", "350.00", "project_id"), {"CNB-FIN-005"}),
    ("full-year parts", "performance_projects",
     _cell("p2", "62.44", "carryover_full_year", "60.00", "project_id"), {"CNB-FIN-006"}),
    ("execution rate", "performance_projects",
     _cell("p2", "77.13", "execution_rate", "87.13", "project_id"), {"CNB-FIN-007"}),
    ("total score", "performance_projects",
     _cell("p1", "98", "score", "99", "project_id"), {"CNB-FIN-008"}),
    # 表2 综合评价得分情况表 (p.48): 决策 20 | 17.90 …, 合计 100 | 85.19
    ("evaluation total", "evaluation_scores",
     _cell("合计", "85.19", "score", "86.19", "item"), {"CNB-FIN-030"}),
    ("evaluation score over weight", "evaluation_scores",
     # 决策 21.00 of 20: over its weight, and no longer summing into the 合计
     _cell("决策", "17.90", "score", "21.00", "item"), {"CNB-FIN-030", "CNB-FIN-031"}),
]


@pytest.mark.parametrize(("name", "resource", "mutate", "codes"), MUTATIONS,
                         ids=[m[0] for m in MUTATIONS])
def test_fin_rules_fire(packages: dict[str, Path], tmp_path: Path, name: str, resource: str,
                        mutate: Callable[[list[dict[str, str]]], None],
                        codes: set[str]) -> None:
    base = _need(packages, CN)
    before = Counter(c for c, s, _ in _findings(base) if s != "info")
    path = tmp_path / "pkg"
    shutil.copytree(base, path)
    _edit(path, resource, mutate)
    after = Counter(c for c, s, _ in _findings(path) if s != "info")
    assert set(after - before) == codes


def test_three_public_budget_subtotal_fires_on_a_subtotal_row(packages: dict[str, Path],
                                                             tmp_path: Path) -> None:
    """CNB-FIN-003 holds 小计 (three_public_subtotal) to its items: 上海普陀 prints one."""
    base = _need(packages, SH1)
    path = tmp_path / "pkg"
    shutil.copytree(base, path)
    _edit(path, "three_public_expenses", _cell("reception", "2.85", "budget", "3.85"))
    assert "CNB-FIN-003" in {c for c, s, _ in _findings(path) if s == "error"}


def test_fund_table_balance(packages: dict[str, Path], tmp_path: Path) -> None:
    """西安 p.159: 58,830.98 + 509,220.66 = 568,051.63 + 0 (within rounding); an income
    changed by 100 breaks every row's balance."""
    base = _need(packages, XA)
    assert "CNB-FIN-001" not in {c for c, s, _ in _findings(base) if s == "error"}
    path = tmp_path / "pkg"
    shutil.copytree(base, path)

    def more_income(rows: list[dict[str, str]]) -> None:
        for r in rows:
            r["income"] = "509320.66"
    _edit(path, "government_fund_expenditure", more_income)
    hits = [c for c, s, _ in _findings(path) if c == "CNB-FIN-001" and s == "error"]
    assert len(hits) == 4


def _budget_package(final: Path, target: Path, scale: dict[str, str]) -> Path:
    """A constructed budget package of the same department and year: the final accounts'
    descriptor as a department_budget, its general_budget_expenditure with the budget
    figures ``scale`` gives per function code (合计 the sum)."""
    shutil.copytree(final, target)
    desc = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    desc["document_kind"] = "department_budget"
    desc["name"] = desc["name"].replace("final-accounts", "budget")
    (target / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2),
                                             encoding="utf-8")

    def fn(rows: list[dict[str, str]]) -> None:
        for r in rows:
            code = r["function_code"] or "total"
            if code in scale:
                r["total"], r["basic"], r["project"] = scale[code], "", ""
    _edit(target, "general_budget_expenditure", fn)

    def grants(rows: list[dict[str, str]]) -> None:  # 财政拨款支出 as the budget total
        for r in rows:
            if r["side"] == "expenditure" and r["item_key"] in ("expenditure_subtotal",
                                                                "expenditure_total"):
                r["total"] = scale["total"]
    _edit(target, "fiscal_grant_summary", grants)

    def three_public(rows: list[dict[str, str]]) -> None:  # the 三公 budget as printed
        for r in rows:
            r["total"], r["budget"] = r["budget"], ""
    _edit(target, "three_public_expenses", three_public)
    return target


def test_budget_package_comparison(packages: dict[str, Path], tmp_path: Path) -> None:
    """国家信访局 2024: the text states 财政拨款支出年初预算 15068.55 (p.21); a budget
    package printing that total passes CNB-FIN-012, one printing 15000.00 does not; the
    execution per class is reported (CNB-FIN-013: 201 9846.82 of 10500.00 = 93.78%)."""
    final = _need(packages, CN)
    fit = _budget_package(final, tmp_path / "fit", {"total": "15068.55", "201": "10500.00"})
    got = _findings(final, fit)
    assert "CNB-FIN-012" not in {c for c, s, _ in got if s != "info"}
    v = validate(final, families={"final_accounts"}, budget=fit)
    assert v.result is not None
    execution = [f for f in v.result.findings if f.code == "CNB-FIN-013"]
    by_code = {f.location.label.split()[0]: f for f in execution if f.location.label}
    assert "93.78" in by_code["201"].message_en
    off = _budget_package(final, tmp_path / "off", {"total": "15000.00"})
    assert "CNB-FIN-012" in {c for c, s, _ in _findings(final, off) if s == "warning"}


def test_budget_option_of_the_command_line(packages: dict[str, Path], tmp_path: Path) -> None:
    """``cnbudget validate FINAL --budget BUDGET --json`` runs the budget-against-final check
    and prints the library's result: the same findings of CNB-FIN-012/013 (the constructed
    pair of test_budget_package_comparison, 201 executed at 93.78%)."""
    from typer.testing import CliRunner

    from cnbudget.cli.main import app
    from cnbudget.validation.report_json import report_dict

    final = _need(packages, CN)
    fit = _budget_package(final, tmp_path / "fit", {"total": "15068.55", "201": "10500.00"})
    res = CliRunner().invoke(app, ["validate", str(final), "--budget", str(fit),
                                   "--family", "final_accounts", "--json"])
    assert res.exit_code in (0, 1), res.output
    got = json.loads(res.stdout)
    v = validate(final, families={"final_accounts"}, budget=fit)
    want = json.loads(json.dumps(report_dict(v), ensure_ascii=False))

    def pick(report: dict[str, object]) -> list[object]:
        findings = report["findings"]
        assert isinstance(findings, list)
        return sorted((json.dumps(f, ensure_ascii=False, sort_keys=True) for f in findings
                       if str(f.get("code", "")).startswith(("CNB-FIN-012", "CNB-FIN-013"))),
                      key=str)

    assert pick(got) == pick(want) and pick(got)
    assert any("93.78" in json.dumps(f, ensure_ascii=False) for f in got["findings"]
               if f.get("code") == "CNB-FIN-013")


def test_budget_package_of_another_year_is_not_compared(packages: dict[str, Path],
                                                        tmp_path: Path) -> None:
    final = _need(packages, CN)
    other = _budget_package(final, tmp_path / "y", {"total": "15068.55"})
    desc = json.loads((other / "datapackage.json").read_text(encoding="utf-8"))
    desc["fiscal_year"] = 2026
    (other / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False),
                                            encoding="utf-8")
    v = validate(final, families={"final_accounts"}, budget=other)
    assert v.result is not None
    reasons = {n.code: n.reason for n in v.result.not_evaluated}
    assert "2026" in reasons["CNB-FIN-012"] and "2026" in reasons["CNB-FIN-013"]


def _manifest_documents() -> list[tuple[str, str, str, str]]:
    """(file, publisher without a trailing （汇总）-like note, year, kind) of each document
    listed in the corpus's MANIFEST.md."""
    manifest = CORPUS / "MANIFEST.md"
    if not manifest.exists():
        pytest.skip("no corpus manifest")
    out = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].endswith((".pdf", ".xlsx", ".xls", ".txt")):
            continue
        publisher = re.sub(r"[（(][^（()）]*[)）]$", "", cells[1])
        out.append((cells[0], publisher, cells[3], cells[4]))
    return out


def test_no_real_budget_final_pair_in_the_corpus() -> None:
    """The budget-against-final check (CNB-FIN-012/013) is tested on a constructed pair
    (test_budget_package_comparison) because the corpus holds no 部门预算 of the department
    and year of one of its 部门决算 (国家信访局: 预算 2026, 决算 2024; 普陀区财政局: 预算 2025,
    决算 2024; 西安 2022: 预算 of 工信局/商务局/科技局, 决算 of 卫健委). When such a pair is
    added this fails: give the real pair its test."""
    docs = _manifest_documents()
    finals = {(p, y) for f, p, y, k in docs if "决算" in k and "模板" not in k}
    budgets = {(p, y) for f, p, y, k in docs if "预算" in k and "决算" not in k}
    assert len(finals) >= 4, finals
    assert finals & budgets == set(), sorted(finals & budgets)


@pytest.mark.parametrize("stem", [CN, XA])
def test_final_accounts_workbook_round_trip(stem: str, tmp_path: Path) -> None:
    """A 决算 golden package exported as a workbook converts back to the same package:
    every resource's rows (provenance, the places, differ by design)."""
    from cnbudget.export.workbook import export_workbook
    from cnbudget.package import load_package
    from tests.converters.test_corpus_expected import EXPECTED

    golden = EXPECTED / stem
    if not golden.exists():
        pytest.skip(f"no golden package {stem}")
    book = export_workbook(load_package(golden), tmp_path / "book.xlsx")
    back = write_package(convert([book], Options(self_check=False)), tmp_path / "back")
    meta = json.loads((back / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["document_kind"] == "department_final_accounts"
    for csv_path in sorted(golden.glob("*.csv")):
        if csv_path.name == "provenance.csv":
            continue
        want = sorted(csv_path.read_text(encoding="utf-8").splitlines())
        got = sorted((back / csv_path.name).read_text(encoding="utf-8").splitlines())
        assert got == want, csv_path.name


def test_department_self_evaluation_tasks(packages: dict[str, Path]) -> None:
    """西安 p.30-31 西安市卫生健康委员会部门整体支出绩效自评表: 17 tasks (任务名称 | 主要内容 |
    完成情况 | 全年预算数 总额 财政拨款 其他资金 | 全年执行数 … | 分值 | 执行率 | 得分) and
    金额合计 2,495,142.55 | 869,407.93 | 1625734.62 | 2074962.01 | 869329.38 | 1205632.63 | 10 |
    83.16% | 10; 总分 100 | 99.5 (read on the rendered page)."""
    rows = _rows(_need(packages, XA), "performance_projects")
    dept = rows[0]
    assert (dept["scope"], dept["name"], dept["page"]) == ("department", "西安市卫生健康委员会",
                                                           "30")
    assert (dept["amount_full_year"], dept["fiscal_funds_full_year"],
            dept["other_funds_full_year"]) == ("2495142.55", "869407.93", "1625734.62")
    assert (dept["amount_executed"], dept["execution_rate"], dept["score"]) == (
        "2074962.01", "83.16", "99.5")
    tasks = [r for r in rows if r["scope"] == "task"]
    assert [r["position"] for r in tasks] == [str(n) for n in range(2, 19)]
    hospital = next(r for r in tasks if r["name"] == "公立医院")
    assert (hospital["goal"], hospital["outcome"]) == ("委直属医院为全市群众提供基本医疗服务。",
                                                       "部分任务完成")
    assert (hospital["amount_full_year"], hospital["fiscal_funds_full_year"],
            hospital["other_funds_full_year"], hospital["amount_executed"],
            hospital["fiscal_funds_executed"], hospital["other_funds_executed"],
            hospital["execution_weight"], hospital["execution_rate"],
            hospital["execution_score"]) == ("1700895.6", "122020.6", "1578875", "1295897.69",
                                             "122020.6", "1173877.09", "0.58", "76.19", "0.58")
    # its indicators are the department's (p.31: 20 rows, 分值 and 得分 typed)
    indicators = [r for r in _rows(_need(packages, XA), "performance_indicators")
                  if r["project_id"] == dept["project_id"]]
    assert len(indicators) == 20 and indicators[7]["score"] == "1.5"
    assert not {r["project_id"] for r in tasks} & {
        r["project_id"] for r in _rows(_need(packages, XA), "performance_indicators")}


def test_department_tasks_sum(packages: dict[str, Path], tmp_path: Path) -> None:
    """CNB-PRF-030 holds on 西安 p.30 (Σ 17 tasks' 全年预算数 = 2,495,142.54 against the printed
    2,495,142.55: within rounding) and fires when a task's 得分 changes."""
    def prf(path: Path) -> list[tuple[str, str]]:
        v = validate(path, families={"performance"})
        assert v.result is not None, v.error
        return [(f.code, f.severity.value) for f in v.result.findings if f.code == "CNB-PRF-030"]
    base = _need(packages, XA)
    assert ("CNB-PRF-030", "error") not in prf(base)
    path = tmp_path / "pkg"
    shutil.copytree(base, path)

    def score(rows: list[dict[str, str]]) -> None:
        task = next(r for r in rows if r["name"] == "一般公共服务支出" and r["scope"] == "task")
        assert task["execution_score"] == "0.58"
        task["execution_score"] = "1.58"
    _edit(path, "performance_projects", score)
    assert prf(path).count(("CNB-PRF-030", "error")) == 1
