"""The reference package: no ERROR, and every WARNING/INFO it yields is real."""

from __future__ import annotations

from validation_support import BASELINE, REFERENCE

from cnbudget.validation.api import validate

# Why each finding of the real document (卢龙县委办公室 2023 budget) is real:
REASONS = {
    ("CNB-PRF-002", "performance_projects", 5):
        "项目5 机要局业务费: its target table prints only the template goal and no indicators",
    ("CNB-PRF-005", "performance_indicators", 2):
        "p8 综合事务经费 indicator 2: deadline “2022年12月31日前” in a 2023 budget",
    ("CNB-RES-002", "performance_projects", 5):
        "项目5 goal is “1.目标内容 1”: template wording left in place",
    ("CNB-RES-003", "performance_projects", 7):
        "p7 招商争取资金经费 goal keeps <p>…</p> markup from the budget system",
    ("CNB-RES-003", "performance_projects", 12):
        "p12 云督办平台经费 goal keeps <p>…</p> markup",
    ("CNB-XT-017", "stated_figures", 17):
        "机关运行经费 29.7 equals the 公用经费 29.70 of ALL units although the department "
        "includes a 事业 unit (中国共产党卢龙县委员会办公室(事业)); 机关运行经费 covers "
        "administrative units only, so exact equality is worth a look (INFO, not a breach)",
    ("CNB-REV-006", "general_budget_expenditure", 4):
        "2013101 行政运行 carries the department's whole 项目支出 290.15 (the document books "
        "its projects on the 行政运行 item, which holds basic expenditure only)",
    ("CNB-REV-006", "expenditure_summary", 4):
        "the same 290.15 of projects on 2013101 行政运行 in the 支出总表",
}


def test_reference_has_no_error_and_only_known_findings():
    v = validate(REFERENCE)
    assert v.result is not None and v.status == "valid" and v.exit_code == 0
    got = {(f.code, f.location.resource, f.location.position) for f in v.result.findings}
    assert got == BASELINE == set(REASONS)
    severities = {f.code: f.severity.value for f in v.result.findings}
    assert severities["CNB-XT-017"] == "info"
    assert all(s == "warning" for c, s in severities.items() if c != "CNB-XT-017")


def test_reference_not_evaluated_is_reported():
    v = validate(REFERENCE)
    assert v.result is not None
    reasons = {n.code: n.reason for n in v.result.not_evaluated}
    # 财政拨款收入 is not printed on the budget summary; the 拟购置固定资产 figure names no
    # table value; no previous year's package was given; the columns some layouts print
    # (0.2: the 收支总表's expenditure split, 财政专户 parts, previous-year columns) are not;
    # the document prints no 项目支出预算表, no 政府购买服务预算表 and none of the tables
    # by economic class that provinces add (基本支出总表 …: CNB-ARI-050..059); it is a
    # budget, so the final-accounts rules do not apply (CNB-FIN-*; the 三公 预算数 sums
    # CNB-FIN-003/004 run and find no budget column to check); its source is a text file,
    # so the pages a reader cannot read are not known (CNB-REV-030/031).
    assert set(reasons) == {"CNB-ARI-002", "CNB-TXT-001", "CNB-YOY-002", "CNB-ARI-037",
                            "CNB-ARI-038", "CNB-ARI-040", "CNB-ARI-041", "CNB-ARI-042",
                            *(f"CNB-ARI-{n:03d}" for n in range(50, 65)), "CNB-XT-051",
                            *(f"CNB-FIN-{n:03d}" for n in range(1, 14) if n not in (3, 4)),
                            "CNB-REV-030", "CNB-REV-031",
                            # nor 财政拨款支出表（功能科目）, 机关运行经费 or 部门整体绩效 tables
                            "CNB-ARI-090", "CNB-ARI-091", "CNB-ARI-092", "CNB-ARI-093",
                            "CNB-XT-070", "CNB-PRF-020", "CNB-PRF-021",
                            # nor a department self-evaluation with its tasks (决算)
                            "CNB-PRF-030",
                            # nor the tables and columns added in this session: 三公 other
                            # rows, 重点项目, 项目支出 by economic class, 扣除基建, carry-over
                            # by fund, Jiangsu fund parts, 支出总表 by fund source, 综合评价得分
                            "CNB-ARI-100", "CNB-ARI-101", "CNB-ARI-102", "CNB-ARI-103",
                            "CNB-ARI-104", "CNB-XT-080", "CNB-ARI-121",
                            "CNB-ARI-122", "CNB-ARI-130", "CNB-FIN-030",
                            "CNB-FIN-031"}
    assert "previous" in reasons["CNB-YOY-002"]
    assert "fixed_assets_purchase" in reasons["CNB-TXT-001"]
    ran = {o.code for o in v.result.outcomes}
    assert "CNB-YOY-002" not in ran  # never counted as passed


def test_withheld_is_counted_not_missing():
    v = validate(REFERENCE)
    assert v.result is not None
    assert v.result.stats["withheld"]["performance_projects"] == 6
    assert v.result.stats["withheld"]["performance_indicators"] == 36
    flagged = {f.location.position for f in v.result.findings if f.code == "CNB-PRF-002"}
    assert flagged == {5}  # the six withheld projects are not reported as missing


def test_findings_carry_source_locations():
    v = validate(REFERENCE)
    assert v.result is not None
    f = next(f for f in v.result.findings if f.code == "CNB-RES-002")
    assert f.location.source == "lulong-2023-budget.txt" and f.location.page == 30
    assert f.location.line is not None
    # performance indicators are numbered within each project: provenance.row_key (the
    # project_id) picks the right one of the rows that share a position
    g = next(f for f in v.result.findings if f.code == "CNB-PRF-005")
    assert g.location.label == "p8#2"
    assert (g.location.source, g.location.page, g.location.line) == (
        "lulong-2023-budget.txt", 30, 677)


def test_indicator_place_without_row_key_is_not_guessed():
    """Provenance written before row_key existed: rows sharing a position get no place."""
    from cnbudget.model import Disclosure, Provenance, Table
    from cnbudget.place import Place
    from cnbudget.validation.context import Context

    d = Disclosure(metadata={}, tables={"performance_indicators": Table("performance_indicators")})
    d.provenance = [Provenance("performance_indicators", 1, "level3", Place("a.pdf", 3), "x"),
                    Provenance("performance_indicators", 1, "level3", Place("a.pdf", 5), "y")]
    ctx = Context(d)
    assert ctx.place("performance_indicators", 1, None, "level3") is None
    d.provenance = [Provenance("performance_indicators", 1, "level3", Place("a.pdf", 3), "x",
                               row_key="p1"),
                    Provenance("performance_indicators", 1, "level3", Place("a.pdf", 5), "y",
                               row_key="p2")]
    ctx = Context(d)
    assert ctx.place("performance_indicators", 1, None, "level3", "p2") == Place("a.pdf", 5)
    assert ctx.place("performance_indicators", 1, None, "value_text", "p1") == Place("a.pdf", 3)
