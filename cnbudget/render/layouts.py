"""How each table of the standard is printed: columns, header labels, default widths.

Modelled on the Hebei county print (冀 部门预算公开表): a 序号 column, codes and names
under a spanning 功能分类科目 label, amount columns under spanning group labels, and a
栏次 row numbering the columns. Header labels are official titles or aliases that the
mapping stage recognises; widths are the narrow ones of the original (in points at
9 pt type), so codes and amounts wrap inside their cells the way the original's do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from cnbudget import standard

Align = Literal["left", "right", "center"]


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    """Field of the row printed here; for two-list tables prefixed with the side."""
    header: tuple[str, ...]
    """Labels top to bottom; a label shared by neighbouring columns spans them, a path
    shorter than the header's depth spans down to the last header row."""
    width: float
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Layout:
    resource: str
    columns: tuple[Column, ...]
    colnums: bool = True
    """Print the 栏次 row numbering the columns."""
    split_rows: bool = True
    """A row may be broken across pages (its continuation has no row number)."""
    page_header: bool = True
    """Print the page header block (department, 预算年度, 单位) on every page."""
    kind: Literal["classified", "two_list", "list"] = "classified"
    derived: frozenset[str] = frozenset()
    """Fields with a printed label that the conversion reads from another column (the
    计量单位 of an indicator from its 指标值): never added as columns of their own."""

    @property
    def depth(self) -> int:
        return max(len(c.header) for c in self.columns)


LINE = Column("line", ("序号",), 22, "center")
_FUNC = "功能分类科目"
_ECON = "部门预算支出经济分类科目"


def _amount(field: str, *header: str, width: float = 34) -> Column:
    return Column(field, header, width, "right")


def _classified(resource: str, code: str, name: str, group: str, amounts: list[Column],
                code_w: float = 40, name_w: float = 110) -> Layout:
    cols = (LINE, Column(code, (group, "科目编码"), code_w),
            Column(name, (group, "科目名称"), name_w), *amounts)
    return Layout(resource, cols)


def _fund_table(resource: str) -> Layout:
    return _classified(resource, "function_code", "function_name", _FUNC, [
        _amount("total", "合计", width=60), _amount("basic", "基本支出", width=60),
        _amount("project", "项目支出", width=60)])


def _basic_table(resource: str, group: str, amounts: str, name_w: float = 70) -> Layout:
    """A 基本支出 table: 合计, 人员经费 and 公用经费 under one spanning label."""
    code, name = ("function_code", "function_name") if group == _FUNC \
        else ("economic_code", "economic_name")
    return _classified(resource, code, name, group, [
        _amount(f, amounts, label, width=56) for f, label in [
            ("total", "合计"), ("personnel", "人员经费"), ("public_expenses", "公用经费")]],
        name_w=name_w)


INCOME_PARTS = [("current_year_subtotal", "小计"), ("fiscal_grant", "财政拨款收入"),
                ("special_account_income", "财政专户收入"), ("public_institution_income",
                                                         "事业收入"),
                ("business_income", "经营收入"), ("higher_level_subsidy", "上级补助收入"),
                ("affiliated_remittance", "附属单位上缴收入"), ("other_income", "其他收入")]

LAYOUTS: dict[str, Layout] = {
    "budget_summary": Layout("budget_summary", (
        LINE,
        Column("income.item", ("收入", "项目"), 100), _amount("income.amount", "收入", "预算数",
                                                          width=60),
        Column("expenditure.item", ("支出", "项目"), 100),
        _amount("expenditure.amount", "支出", "预算数", width=60)), kind="two_list"),
    "income_summary": _classified("income_summary", "function_code", "function_name", _FUNC, [
        _amount("total", "合计", width=24),
        *[_amount(f, "本年收入", label, width=24) for f, label in INCOME_PARTS],
        _amount("carryover_in", "上年结转", width=24)], code_w=24, name_w=24),
    "expenditure_summary": _classified("expenditure_summary", "function_code",
                                       "function_name", _FUNC, [
        _amount("total", "合计", width=44), _amount("basic", "基本支出", width=44),
        _amount("project", "项目支出", width=44),
        _amount("business_expenditure", "经营支出", width=44),
        _amount("remittance_to_higher", "上解上级支出", width=44),
        _amount("subsidy_to_affiliates", "对附属单位补助支出", width=44)], name_w=100),
    "fiscal_grant_summary": Layout("fiscal_grant_summary", (
        LINE,
        Column("income.item", ("收入", "项目"), 70),
        _amount("income.total", "收入", "金额", width=40),
        Column("expenditure.item", ("支出", "项目"), 70),
        _amount("expenditure.total", "支出", "合计", width=40),
        _amount("expenditure.general_public_budget", "支出", "一般公共预算财政拨款", width=50),
        _amount("expenditure.government_fund", "支出", "政府性基金预算财政拨款", width=50),
        _amount("expenditure.state_capital", "支出", "国有资本经营预算财政拨款", width=50)),
        kind="two_list"),
    "general_budget_expenditure": _fund_table("general_budget_expenditure"),
    "basic_expenditure": _basic_table("basic_expenditure", "支出部门经济分类科目",
                                      "一般公共预算基本支出"),
    "basic_expenditure_all_funds": _classified(
        "basic_expenditure_all_funds", "economic_code", "economic_name", _ECON, [
            _amount("total", "合计", width=30),
            _amount("personnel", "人员经费", width=30),
            _amount("public_expenses", "公用经费", width=30),
            *[_amount(f, "财政拨款", label, width=30) for f, label in [
                ("fiscal_grant", "小计"), ("general_public_budget_grant", "一般公共预算"),
                ("government_fund_grant", "政府性基金预算"),
                ("state_capital_grant", "国有资本经营预算")]],
            _amount("special_account_funds", "财政专户管理资金", width=30),
            _amount("unit_funds", "单位资金", width=30),
            _amount("carryover", "上年结转结余", width=30)], code_w=30, name_w=70),
    "grant_basic_expenditure": _basic_table("grant_basic_expenditure", _ECON, "财政拨款基本支出"),
    "expenditure_by_economic_class": _classified(
        "expenditure_by_economic_class", "economic_code", "economic_name", _ECON, [
            _amount("total", "合计", width=50), _amount("basic", "基本支出", width=50),
            _amount("project", "项目支出", width=50)], name_w=80),
    "basic_expenditure_by_function": _basic_table("basic_expenditure_by_function", _FUNC,
                                                  "一般公共预算基本支出", name_w=90),
    "fiscal_grant_expenditure": _classified(
        "fiscal_grant_expenditure", "function_code", "function_name", _FUNC, [
            _amount("total", "合计", width=44), _amount("basic", "基本支出", "小计", width=44),
            _amount("personnel", "基本支出", "人员经费", width=44),
            _amount("public_expenses", "基本支出", "公用经费", width=44),
            _amount("project", "项目支出", width=44)], name_w=80),
    "operating_costs": _classified("operating_costs", "economic_code", "economic_name", _ECON, [
        _amount("total", "机关运行经费支出", width=60)], name_w=90),
    "project_expenditure_by_economic_class": _classified(
        "project_expenditure_by_economic_class", "economic_code", "economic_name", _ECON, [
            _amount("total", "项目支出", width=60)], name_w=90),
    "government_fund_expenditure": _fund_table("government_fund_expenditure"),
    "state_capital_expenditure": _fund_table("state_capital_expenditure"),
    "three_public_expenses": Layout("three_public_expenses", (
        LINE, Column("item", ("项目",), 70),
        _amount("total", "资金性质", "合计", width=50),
        _amount("general_public_budget", "资金性质", "一般公共预算财政拨款", width=70),
        _amount("government_fund", "资金性质", "政府性基金预算拨款", width=70),
        _amount("state_capital", "资金性质", "国有资本经营预算财政拨款", width=70)),
        split_rows=False, kind="list"),
    "three_public_detail": Layout("three_public_detail", (
        Column("organization", ("预算单位",), 80), Column("row_label", ("年度",), 50),
        Column("item", ("项目",), 70),
        _amount("total", "资金性质", "合计", width=50),
        _amount("general_public_budget", "资金性质", "一般公共预算财政拨款", width=60),
        _amount("government_fund", "资金性质", "政府性基金预算拨款", width=60),
        _amount("state_capital", "资金性质", "国有资本经营预算财政拨款", width=60)),
        colnums=False, split_rows=False, kind="list"),
    "key_project_goals": Layout("key_project_goals", (
        Column("organization", ("单位名称",), 60), Column("name", ("项目名称",), 70),
        _amount("amount", "预算数", width=40), Column("goal", ("绩效目标",), 150)),
        colnums=False, split_rows=False, kind="list"),
    "organizations": Layout("organizations", (
        Column("name", ("单位名称",), 190), Column("nature", ("单位性质",), 70),
        Column("rank", ("单位规格",), 70), Column("funding_form", ("经费保障形式",), 120)),
        colnums=False, split_rows=False, page_header=False, kind="list"),
    "procurement": Layout("procurement", (
        Column("project_name", ("政府采购项目来源", "项目名称"), 40),
        _amount("project_budget", "政府采购项目来源", "预算资金", width=30),
        Column("item_name", ("采购物品名称",), 40),
        Column("catalogue_number", ("政府采购目录序号",), 30),
        Column("measure_unit", ("计量单位",), 24),
        _amount("quantity", "数量", width=24), _amount("unit_price", "单价", width=28),
        *[_amount(f, "政府采购金额（当年部门预算安排资金）", label, width=28) for f, label in [
            ("total", "合计"), ("general_public_budget", "一般公共预算拨款"),
            ("government_fund", "基金预算拨款"), ("state_capital", "国有资本经营预算拨款"),
            ("special_account", "财政专户核拨"), ("unit_funds", "单位资金"),
            ("fiscal_carryover", "财政拨款结转")]],
        _amount("sme_reserved", "预留中小微企业份额", width=34)),
        colnums=False, split_rows=False),
    "project_expenditure": Layout("project_expenditure", (
        Column("organization", ("单位名称",), 60), Column("name", ("项目名称",), 90),
        Column("category", ("项目类别",), 40), _amount("total", "合计", width=40),
        *[_amount(f, "财政拨款", label, width=38) for f, label in [
            ("fiscal_total", "小计"), ("general_public_budget", "一般公共预算"),
            ("government_fund", "政府性基金预算"), ("state_capital", "国有资本经营预算")]],
        _amount("special_account", "财政专户管理资金", width=38),
        _amount("unit_funds", "单位资金", width=38), _amount("carryover", "上年结转", width=38),
        _amount("other_funds", "其他资金", width=38)),
        colnums=False, split_rows=False),
    "purchased_services": Layout("purchased_services", (
        Column("catalogue_level1", ("指导性目录", "一级"), 70),
        Column("catalogue_level2", ("指导性目录", "二级"), 80),
        Column("catalogue_level3", ("指导性目录", "三级"), 100),
        _amount("total", "预算金额", width=50),
        _amount("general_public_budget", "一般公共预算", width=50),
        _amount("government_fund", "政府性基金预算", width=50)),
        colnums=False, split_rows=False),
    "evaluation_scores": Layout("evaluation_scores", (
        Column("item", ("一级指标",), 120), Column("weight", ("分值",), 60, "right"),
        Column("score", ("得分",), 60, "right"), Column("score_rate", ("得分率",), 60, "right")),
        colnums=False, split_rows=False, kind="list"),
    "fixed_assets": Layout("fixed_assets", (
        Column("item", ("项目",), 200), _amount("quantity", "数量", width=80),
        _amount("value", "价值（金额单位：万元）", width=120)),
        colnums=False, split_rows=False, kind="list"),
}

PERFORMANCE = Layout("performance_indicators", (
    Column("level1", ("一级指标",), 50), Column("level2", ("二级指标",), 60),
    Column("level3", ("三级指标",), 90), Column("description", ("绩效指标描述",), 110),
    Column("value_text", ("指标值",), 80), Column("basis", ("指标值确定依据",), 100)),
    colnums=False, split_rows=False, page_header=False, kind="list",
    derived=frozenset({"unit"}))

TABLE_ORDER = [n for n in standard.standard()["required_resources"]
               if standard.table_family(n) in ("two_list", "classified", "item_table")]
"""The nine disclosure tables, each printed from a new page, in the order of the rules."""


def _has_value(rows: list[dict[str, Any]], name: str) -> bool:
    return any(r.get(name) not in (None, "") for r in rows)


def _header_of(f: dict[str, Any]) -> str:
    """A printed label the mapping stage reads back as the field: its first alias."""
    aliases = f.get("x-aliases") or []
    return str(aliases[0] if aliases else f["title"])


def layout_for(layout: Layout, rows: list[dict[str, Any]], document_kind: object) -> Layout:
    """The layout adapted to a package's table: no 序号 column where no row has a printed
    row number; the amount columns of a two-list table headed with the document kind's
    word (预算数 / 决算数); and the fields with values that the layout does not print
    (a 决算's 预算数, 结转结余 and 本年收入 columns, the “三公” quantities, a self-evaluation's
    实际完成值, 得分 and 偏差原因) added as columns in the standard's field order, headed with
    their first printed label (``x-aliases``); fields without one are derived by the
    conversion and not printed."""
    cols = list(layout.columns)
    if layout.kind == "two_list":
        sides: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            sides.setdefault(str(r.get("side")), []).append(r)
        split = layout.split_rows
        if rows and not any(_has_value(v, "line") for v in sides.values()):
            cols = [c for c in cols if c.field != "line"]
            split = False  # a continued row is recognised by its empty 序号 cell
        word = standard.kind_wording(document_kind)["amount"]
        cols = [c if c.header[-1] != "预算数" else Column(c.field, (*c.header[:-1], word),
                                                          c.width, c.align) for c in cols]
        return replace(layout, columns=tuple(cols), split_rows=split)
    split = layout.split_rows
    if rows and not _has_value(rows, "line") and any(c.field == "line" for c in cols):
        cols = [c for c in cols if c.field != "line"]
        split = False  # a continued row is recognised by its empty 序号 cell
    fields = standard.table_schema(layout.resource)["fields"]
    order = {f["name"]: i for i, f in enumerate(fields)}
    printed = {c.field for c in cols}
    for f in fields:
        name = f["name"]
        if name in printed or name in _NOT_PRINTED or name in layout.derived or \
                not f.get("x-aliases") or \
                not _has_value(rows, name):  # no printed label: derived, not printed
            continue
        col = Column(name, (_header_of(f),), 40, "right" if f.get("x-amount") or
                     f["type"] in ("number", "integer") else "left")
        at = len(cols)
        for i, c in enumerate(cols):
            if c.field in order and order[c.field] > order[name]:
                at = i
                break
        cols.insert(at, col)
        printed.add(name)
    return replace(layout, columns=tuple(cols), split_rows=split)


_NOT_PRINTED = {"position", "side", "item_key", "page"}
"""Fields the conversion derives (not printed as columns)."""
