"""Stage: the narrative's stated amounts → stated_figures facts linked to table cells.

Every amount with a money unit in the text becomes a fact; none is dropped. The sentences
are read from paragraphs (printed lines joined, :func:`narrative.paragraphs`), and each
amount is read in its clause, the text since the previous amount cut at the last clause
mark (，；：（、):

- the quantity is the keyword of the clause that ends last; a generic keyword
  (收入预算, 支出预算, 预算支出 …) yields to a specific one in the same clause
  ("基本支出预算" is basic expenditure, "因公出国（境）费预算支出" travel abroad);
- a clause without a keyword states the sentence's subject (its first quantity) when it is a
  change ("…，比上年增加286.07万元") or says nothing else ("…，支出决算为46.21万元");
  otherwise the amount is ``unclassified`` ("其中：一般公共服务支出1935.36万元");
- ambiguous amounts are kept unlinked as ``unclassified``: averages (平均每辆), amounts of
  one project (该项目, 涉及资金), and parts of a scope the tables do not hold
  ("其中一般公共预算拨款政府采购0万元");
- a direction word (增加, 减少) makes a ``change`` against the year the sentence names;
  "持平" states a change of zero;
- the value of the year compared with ("比2025年年初预算数9819.98万元减少…") is a fact of
  kind ``previous``; in a final-accounts document a budget figure ("年初预算为15068.55万元，
  支出决算为13733.8万元") is of kind ``budget_reference``. Only ``level`` facts are linked
  to the tables.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from cnbudget import standard
from cnbudget.converters.narrative import Section, paragraphs
from cnbudget.model import Provenance, Row, Table

AMOUNT = re.compile(r"(?P<num>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")
SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
BASE_YEAR = re.compile(r"(?:较|比|与|同)\s*(\d{4})\s*年")
CLAUSE_MARK = re.compile(r"[，,；;：:（(、]")
_CLOSING = re.compile(r"[）)]")
INCREASE = ("增加", "增长", "上升", "提高", "多", "大于")
DECREASE = ("减少", "下降", "降低", "压减", "少", "小于")
# the reason given for a change ("原因是从会议费预算中调减403.75万元用于培训费开支", JS 2017
# p28): its amounts are moved parts, not the level of the quantity its clause names
REASON = "原因"
# two quantities summed under one amount ("局机关行政运行经费和所属事业单位公用经费预算合计
# 360.10万元", XA 综合预算 2022 p36): the amount is neither
JOINED = re.compile(r"(?:经费|支出|收入)(?:和|及|以及|与)[^，,；;：:]*?(?:经费|支出|收入)")
UNCLASSIFIED = "unclassified"
PAGE_MARK = re.compile(r"\s*[-－—]\s+\d{1,3}\s+[-－—]\s*")
"""A page number printed between two lines of a paragraph that runs on to the next page
("较2025年- 5 -年初预算增加0.00万元", "落实过紧日子- 6 -要求", SZ): not text."""
LABEL_NUMBER = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?)")
MAX_LABEL = 16
"""A heading sentence ("2.公务接待费。", "（三）公务用车购置及运行维护费。") is short."""

# keyword → quantity; at match time the clause's last-ending keyword wins (ties: longer)
KEYWORDS: dict[str, str] = {
    "公务用车购置及运维费": "vehicles", "公务用车购置及运行维护费": "vehicles",
    "公务用车购置及运行费": "vehicles", "公务车购置及运行费": "vehicles",
    "公务用车购置和运行维护费": "vehicles", "公务用车购置和运行费": "vehicles",  # SZ
    "公务用车购置费": "vehicle_purchase",
    "公务用车运维费": "vehicle_operation", "公务用车运行维护费": "vehicle_operation",
    "公务用车运行费": "vehicle_operation", "公务车用车运行费": "vehicle_operation",
    "公务用车购置": "vehicle_purchase",
    "公务用车运行维护": "vehicle_operation", "政府性基金支出": "government_fund_expenditure",
    "因公出国（境）费": "overseas_travel", "因公出国（境）经费": "overseas_travel",
    "因公出国(境)费": "overseas_travel", "因公出国": "overseas_travel",
    "公务接待费": "reception", "“三公”经费": "three_public_total",
    "三公经费": "three_public_total", "“三公” 经费": "three_public_total",
    "机关运行经费": "operating_costs", "运行经费": "operating_costs",
    "“三公”经费财政拨款": "three_public_total", "“三公”经费财政拨款支出": "three_public_total",
    "三公经费财政拨款支出": "three_public_total",
    "“三公”经费财政拨款支出预算": "three_public_total",
    "三公经费财政拨款支出预算": "three_public_total",
    "财政拨款基本支出": "grant_basic_expenditure",
    "一般公共预算基本支出": "grant_basic_expenditure",
    "一般公共预算拨款基本支出": "grant_basic_expenditure",
    "一般公共预算财政拨款基本支出": "grant_basic_expenditure",
    "财政拨款项目支出": "grant_project_expenditure",
    "一般公共预算项目支出": "grant_project_expenditure",
    "一般公共预算拨款项目支出": "grant_project_expenditure",
    "一般公共预算财政拨款项目支出": "grant_project_expenditure",
    "会议费": "meetings", "培训费": "training",
    "人员经费": "personnel", "公用经费": "public_expenses", "基本支出": "basic_expenditure",
    "项目支出": "project_expenditure", "一般公共预算收入": "general_public_budget_income",
    "一般公共预算拨款收入": "general_public_budget_income",
    "一般公共预算拨款": "general_public_budget_income",
    "一般公共预算财政拨款": "general_public_budget_income",
    "基金预算收入": "government_fund_income", "政府性基金预算拨款": "government_fund_income",
    "政府性基金收入": "government_fund_income",
    "政府性基金预算资金": "government_fund_income",
    "国有资本经营预算收入": "state_capital_income",
    "国有资本经营预算拨款": "state_capital_income",
    "财政专户": "special_account_income", "事业收入": "public_institution_income",
    "经营收入": "business_income", "经营服务收入": "business_income",
    "上级补助收入": "higher_level_subsidy", "附属单位上缴收入": "affiliated_remittance",
    "其他来源收入": "other_income", "其他收入": "other_income",
    "其他资金收入": "other_income", "上年结转": "carryover_in",
    "年初结转和结余": "carryover_in",
    "预算收入": "income_total", "收入预算": "income_total", "本年收入合计": "income_total",
    "收入合计": "income_total", "本年收入": "income_total",
    "收入总计": "budget_total", "收入预算总计": "budget_total", "支出总计": "budget_total",
    "支出预算总计": "budget_total", "预算总计": "budget_total",
    "收入支出总计": "budget_total", "收支总计": "budget_total",
    "支出预算": "expenditure_total", "预算支出": "expenditure_total",
    "本年支出合计": "expenditure_total", "支出合计": "expenditure_total",
    "收支安排": "budget_total", "收支预算": "budget_total", "收支总预算": "budget_total",
    "财政拨款收支总预算": "fiscal_grant_total", "财政拨款收、支总预算": "fiscal_grant_total",
    "财政拨款收支预算": "fiscal_grant_total",
    "财政拨款收入支出总计": "fiscal_grant_total", "财政拨款收支总计": "fiscal_grant_total",
    "财政拨款收入总计": "fiscal_grant_total", "财政拨款收入预算总计": "fiscal_grant_total",
    "财政拨款支出总计": "fiscal_grant_total",
    "财政拨款收入总计、支出总计": "fiscal_grant_total",
    "政府采购": "procurement_total",
    "货物类政府采购": "procurement_goods", "工程类政府采购": "procurement_works",
    "服务类政府采购": "procurement_services",
    "政府采购预算": "procurement_total", "政府采购货物预算": "procurement_goods",
    "政府采购工程预算": "procurement_works", "政府采购服务预算": "procurement_services",
    "货物类": "procurement_goods", "工程类": "procurement_works", "服务类": "procurement_services",
    "采购货物": "procurement_goods", "采购工程": "procurement_works",
    "采购服务": "procurement_services", "购买服务": "procurement_services",
    "财政拨款收入": "fiscal_grant_income",
    "一般公共预算财政拨款收入": "general_public_budget_income",
    "政府性基金预算财政拨款收入": "government_fund_income",
    "国有资本经营预算财政拨款收入": "state_capital_income",
    "政府性基金预算支出": "government_fund_expenditure",
    "国有资本经营预算支出": "state_capital_expenditure", "财政拨款支出": "fiscal_grant_expenditure",
    "财政拨款支出预算": "fiscal_grant_expenditure",
    "财政拨款预算支出": "fiscal_grant_expenditure",
    "一般公共预算支出": "general_public_budget_expenditure",
    "一般公共预算拨款支出": "general_public_budget_expenditure",
    "一般公共预算拨款支出预算": "general_public_budget_expenditure",
    "一般公共预算财政拨款支出": "general_public_budget_expenditure",
    # "…2026年一般公共预算财政拨款支出预算 9,078.52 万元" (苏州 p36): not 财政拨款支出预算
    "一般公共预算财政拨款支出预算": "general_public_budget_expenditure",
    "政府性基金预算财政拨款支出": "government_fund_expenditure",
    "政府性基金预算财政拨款支出预算": "government_fund_expenditure",
    "国有资本经营预算财政拨款支出": "state_capital_expenditure",
    "国有资本经营预算财政拨款支出预算": "state_capital_expenditure",
    "政府性基金拨款支出": "government_fund_expenditure",
    "政府性基金拨款支出预算": "government_fund_expenditure",
    "政府性基金预算拨款支出": "government_fund_expenditure",
    "政府性基金预算拨款支出预算": "government_fund_expenditure",
    "国有资本经营预算拨款支出": "state_capital_expenditure",
    "国有资本经营预算拨款支出预算": "state_capital_expenditure",
    "拟购置固定资产": "fixed_assets_purchase",
    "拟购置固定资产总额": "fixed_assets_purchase",
    "固定资产金额": "fixed_assets_total", "固定资产总额": "fixed_assets_total",
}
# keywords naming the whole budget or one of its sides: they yield to a specific keyword
# of the same clause ("基本支出预算", "因公出国（境）费预算支出", "政府性基金收入预算")
GENERIC = frozenset({
    "预算收入", "收入预算", "收入合计", "本年收入", "收入总计", "收入预算总计", "支出总计",
    "支出预算总计", "预算总计", "收入支出总计", "收支总计", "支出预算", "预算支出",
    "支出合计", "收支安排", "收支预算", "收支总预算"})
_ORDERED = sorted(KEYWORDS, key=len, reverse=True)
_BY_FIRST = {c: tuple(kw for kw in _ORDERED if kw[0] == c) for c in {kw[0] for kw in KEYWORDS}}
"""The keywords by their first character: only those whose first character the text prints
can occur in it (which keyword wins does not depend on the order they are looked for in)."""

# an amount that is not the table value its keyword names
AVERAGE = re.compile(r"平均|人均|每辆|每人|每台|每个|额度")
# ("额度": a quota, "2026年因公出国费按批复额度89.60万元在二上时已纳入部门预算", SZ 宣传部 p13,
# beside the 108.60 the table prints)
# "政府采购授予中小企业合同金额24,498.01万元，占政府采购支出合同总额的9%" (XA 决算 p22): a
# part of the procurement total, as the amount reserved for small firms (面向中小企业预留)
ONE_PROJECT = re.compile(r"该项目|本项目|此项目|项目全年|个项目|涉及|预留|"
                         r"面向中小企业|授予中小企业")
# a numbered project of a list, its amount right after its name ("8.信息化服务类项目（非运维
# 服务部分）341.46 万元，主要用于…", SZ 财政局 p9): one project, not the 服务类 total
NUMBERED_PROJECT = re.compile(
    r"^\s*\d{1,2}\s*[.、．]\s*[^，。：:；,;]{2,40}项目(?:[（(][^）)]{0,20}[）)])?\s*$")
FLAT = re.compile(r"持平|无增减|不变")
# the carry-over of one fund ("上年结转结余的一般公共预算收入0万元"), or the carried-over
# projects in a list of projects ("其中，…运营期管理项目133,006.31万元，…，上年结转项目196.50
# 万元", SZ 交通运输局 p11): no table value
CARRIED_IN = re.compile(r"结转(?:\d{4}年|上年)")
CARRIED_PART = re.compile(r"结转结余的|结转的|结余的|结转项目")
# the part of one source ("上级专项转移支付支出预算393.23万元", SZ 人力资源和社会保障局 p33):
# the tables hold no such total
TRANSFER_PART = re.compile(r"转移支付")
# an item of the classification read by its level ("（7）会议费（款）支出66.72万元", JS 2017
# p12): the 款 of the economic classification of one part of the budget, not the table total
CLASS_ITEM = re.compile(r"[（(][类款项][）)]")
COMPARISON = re.compile(r"较|比|与|同比|相比|上年|去年|预算数?|执行数|决算数|年初|增加|增长|"
                        r"减少|下降|上升|降低|压减|提高|多|少")
# procurement of one fund only ("其中一般公共预算拨款政府采购0万元：政府采购货物预算0万元"):
# a part of the procurement total the tables do not hold
FUND_PROCUREMENT = re.compile(r"(?:一般公共预算|政府性基金|国有资本经营|财政拨款)[^，,；;：:]{0,10}"
                              r"政府采购")
# a clause that names the year compared with ("比2025年年初预算数")
PREVIOUS = re.compile(r"(?:上年(?!结转|结余)|去年|(?P<year>\d{4})\s*年)[^，,；;]*?"
                      r"(?:预算数|执行数|决算数|预算|决算)")
BUDGET_FIGURE = re.compile(r"(?:年初|全年|调整后?)预算|预算数|预算为|预算安排|"
                           # "“三公”经费支出预算593.46万元，支出决算587.55万元" (XA p21)
                           r"(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)预算\s*$")
# the carry-over or total of one fund ("政府性基金预算财政拨款年初结转和结余58,830.98万元，
# 收入决算…，支出决算…", XA 决算 p20): the sentence's subject is a part the tables of the
# whole budget do not hold
FUND_SUBJECT = re.compile(r"(?:一般公共预算|政府性基金预算|国有资本经营预算)(?:财政)?拨款"
                          r"(?:年初结转和结余|上年结转|结转和结余)")
# an economic class with its code ("商品和服务支出（302）4464.76万元,其中：公用经费621.37万元",
# XA 综合预算 2020 p14): the 人员经费 / 公用经费 listed are that class's, not the budget's
ECON_CLASS = re.compile(r"[（(]\s*[35]\d{2}\s*[）)]")
THREE_PUBLIC_ITEMS = frozenset({"meetings", "training", "reception", "overseas_travel",
                                "vehicle_operation", "vehicle_purchase", "vehicles"})
FUND_QUANTITIES = ("fiscal_grant", "general_public_budget", "government_fund", "state_capital")
# "一般公共预算财政拨款支出12,672.73万元。其中：基本支出5,445.39万元…；项目支出7,227.34万元":
# the parts listed after 其中 are those of the fund named before, not of the whole budget
SCOPED_PARTS: dict[str, dict[str, str]] = {
    "general_public_budget_expenditure": {"basic_expenditure": "grant_basic_expenditure",
                                          "project_expenditure": "grant_project_expenditure"},
    **{q: {"basic_expenditure": UNCLASSIFIED, "project_expenditure": UNCLASSIFIED}
       for q in ("fiscal_grant_expenditure", "government_fund_expenditure",
                 "state_capital_expenditure")},
    # "机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元…" (XA 综合预算
    # 2020 p20): the parts of the operating costs, not the three public expenses
    "operating_costs": {q: UNCLASSIFIED for q in (
        "reception", "vehicle_operation", "vehicle_purchase", "vehicles", "overseas_travel",
        "meetings", "training", "three_public_total")},
}
OF_WHICH = "其中"
FILLER = re.compile(r"\d{4}\s*年度?|其中|为|是|共计|共|合计|总额|安排|达到|约|的|了|"
                    r"支出决算数?|决算数?|年初|全年|本年|当年|\s")


# "大厅保安和安检服务项目支出328.69万元" (SZ p7): 项目支出 closing the name of one project
# (服务项目, 建设项目, 信息化项目 …, or a clause naming a 项目 before it), not the
# department's project expenditure
NAMED_PROJECT_KW = frozenset({"项目支出"})
NAMED_FEE = re.compile(r"[^，,；;：:。]{0,4}?(?:业务费|管理费|费用|经费)")
"""A fee named after the keyword, "市本级政府采购业务费3600.00万元", "法治建设和政府采购管理
费用424.00万元" (SZ 财政局 p8, p9): a project of the department, not its procurement."""
NAMED_PROJECT = re.compile(r"(?:服务|建设|信息化|运维|采购|工程|专项)$")


def _names_project(text: str, pos: int) -> bool:
    """项目支出 at ``pos`` closes the name of one project: its name ends as project names do
    (服务项目, 建设项目 …), or its clause already names a 项目 ("深圳机场T2项目非民航专业工程
    初步设计评审项目支出304.16万元", SZ 交通运输局 p11)."""
    before = text[:pos]
    return bool(NAMED_PROJECT.search(before)) or "项目" in before[_clause_start(before):]


def keyword_in(text: str, since: int = 0) -> tuple[str | None, int]:
    """The quantity of the keyword of ``text`` that ends last after position ``since``
    (ties: the longer keyword); a generic keyword only when no specific one is there."""
    best: dict[bool, tuple[int, int, str]] = {}
    for first in set(text):
        for kw in _BY_FIRST.get(first, ()):
            start = 0
            while (pos := text.find(kw, start)) >= 0:
                end = pos + len(kw)
                start = pos + 1
                if end <= since or (kw in NAMED_PROJECT_KW and _names_project(text, pos)):
                    continue
                if KEYWORDS[kw].startswith("procurement") and NAMED_FEE.match(text, end):
                    continue
                generic = kw in GENERIC
                cand = (end, len(kw), KEYWORDS[kw])
                if generic not in best or cand[:2] > best[generic][:2]:
                    best[generic] = cand
    found = best.get(False) or best.get(True)
    return (found[2], found[0]) if found else (None, -1)


def _keyword_before(text: str) -> tuple[str | None, int]:
    return keyword_in(text)


def _direction(text: str) -> str | None:
    if any(w in text for w in INCREASE):
        return "increase"
    if any(w in text for w in DECREASE):
        return "decrease"
    return None


# one unit of a department of several (SZ 人力资源和社会保障局 p10: "一、深圳市人力资源和社会
# 保障局（本级）" … "二、深圳市劳动人事争议仲裁院"): a heading naming an organisation, or a
# sentence whose subject is one ("深圳市考试院预算15,368.50万元，包括…项目支出12,966.72万元")
ORG_SUFFIX = (r"(?:局|院|中心|学校|学院|研究所|所|站|队|馆|委员会|办公室|厅|协会|基金会|"
              r"医院|幼儿园|集团|公司)")
OWN_LEVEL = r"(?:（本级）|\(本级\)|本级)"
UNIT_HEADING = re.compile(rf"^(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?{ORG_SUFFIX}"
                          rf"(?:（[\u4e00-\u9fff]{{2,20}}）)?)(?P<own>{OWN_LEVEL})?$")
UNIT_SUBJECT = re.compile(rf"^(?:[-—\s\d]*?)(?:\d{{4}}\s*年度?)?\s*"
                          rf"(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?{ORG_SUFFIX}(?:（[\u4e00-\u9fff]{{2,20}}）)?)(?P<own>{OWN_LEVEL})?"
                          r"(?:部门)?(?:[\u4e00-\u9fff“”]{0,10}?经费)?(?:预算|收入|支出)")


def _names_unit(match: re.Match[str] | None, department: str | None,
                own: bool = True) -> bool:
    """The heading or sentence subject names one unit, not the department as a whole: an
    organisation other than the department, or (``own``: the department has other units
    it names) the department's own level (本级)."""
    if match is None:
        return False
    name = re.sub(r"\s", "", match.group("name"))
    if match.group("own") or name.endswith(("（本级）", "(本级)")):
        return own
    if department is None:
        return False
    dept = re.sub(r"\s", "", department)
    return name != dept and not name.endswith(dept) and not dept.endswith(name)


def unit_sections(sections: list[Section], department: str | None) -> set[str]:
    """Sections about one unit of the department: headed by its name, and their sections."""
    by_id = {s.section_id: s for s in sections}
    heads = {s.section_id: UNIT_HEADING.match(re.sub(r"\s", "", s.heading)) for s in sections}
    # the department's own level (本级) is one unit only where the text names others
    own = any(_names_unit(m, department, own=False) for m in heads.values())
    out: set[str] = set()
    for sec in sections:
        parent = by_id.get(sec.parent_id) if sec.parent_id else None
        if _names_unit(heads[sec.section_id], department, own) or (
                parent is not None and parent.section_id in out):
            out.add(sec.section_id)
    return out


def extract(sections: list[Section], fiscal_year: int,
            document_kind: str | None = None,
            department: str | None = None) -> tuple[list[Row], list[Provenance]]:
    """Facts of every section; ``document_kind`` tells a final-accounts document (its
    预算数 are ``budget_reference`` facts). ``department``: the publisher's name; the amounts
    of a section or sentence about one of its units (:func:`unit_sections`) are of a scope
    the department's tables do not hold, and stay ``unclassified`` (not compared)."""
    final = bool(document_kind and "final" in document_kind)
    units = unit_sections(sections, department)
    several = bool(units)
    rows: list[Row] = []
    prov: list[Provenance] = []
    for sec in sections:
        topic: str | None = None
        for para in paragraphs(sec.lines):
            para_topic: str | None = None
            scope: tuple[str, bool] | None = None
            in_class = False
            previous: str | None = None
            label: str | None = None
            incomes: list[Row] = []
            for sentence in (m.group(0).strip() for m in SENTENCE.finditer(PAGE_MARK.sub(
                    "", para))):
                found = _facts_of(sentence, fiscal_year, para_topic or topic, final, label)
                label = None if final else _label(sentence)
                if incomes and CARRIED_IN.search(sentence) and AMOUNT.search(sentence):
                    # the income stated counts a carry-over its explanation lists ("政府性
                    # 基金预算收入380.00万元…：1.…下达转移支付资金300.00万元…；2.结转2025年
                    # 下达的资金80.00万元", SZ 宣传部 p13): a scope no line of the tables holds
                    for row in incomes:
                        row["quantity"] = UNCLASSIFIED
                    incomes = []
                incomes += [r for r in found if r["kind"] == "level"
                            and str(r["quantity"]).endswith("_income")]
                scope = _scope_parts(sentence, found, scope)
                first = AMOUNT.search(sentence)
                in_class = in_class or bool(first and ECON_CLASS.search(sentence, 0,
                                                                        first.start()))
                if in_class or sec.section_id in units or _names_unit(
                        UNIT_SUBJECT.match(re.sub(r"\s", "", sentence)), department, several):
                    for row in found:
                        row["quantity"] = UNCLASSIFIED
                # the list of one class goes on after a semicolon
                in_class = in_class and sentence.endswith(("；", ";"))
                # "本部门财政拨款收入预算总计181807.13万元…。支出预算总计181807.13万元" (XA
                # 综合预算 2020 p12): the other side of the 财政拨款 totals just stated
                if found and previous == "fiscal_grant_total":
                    for row in found:
                        if row["quantity"] == "budget_total":
                            row["quantity"] = "fiscal_grant_total"
                previous = found[0]["quantity"] if found else previous
                named = [r["quantity"] for r in found if r["quantity"] != UNCLASSIFIED]
                if named:
                    topic = topic or named[0]
                    para_topic = para_topic or named[0]
                _add(rows, prov, sec, sentence, found)
    return rows, prov


def _scope_parts(sentence: str, found: list[Row],
                 scope: tuple[str, bool] | None) -> tuple[str, bool] | None:
    """Give the basic/project parts of a fund's amount its fund (:data:`SCOPED_PARTS`):
    parts listed after 其中 in the sentence naming the fund, in a next sentence opening with
    其中, and in the sentences after those continuing the list (ended by a semicolon).
    ``scope`` is (fund, listing) from the previous sentence; returns it for the next."""
    fund: str | None = None
    listing = False
    if scope is not None and (scope[1] or sentence.startswith(OF_WHICH)):
        fund, listing = scope[0], True
    at = 0
    for row in found:
        text = str(row["value_text"])
        pos = sentence.find(text, at)
        before = sentence[at:pos] if pos >= 0 else ""
        at = pos + len(text) if pos >= 0 else at
        quantity = row["quantity"]
        if quantity in SCOPED_PARTS:
            fund, listing = quantity, False
        elif fund is not None and quantity in SCOPED_PARTS[fund] and (
                listing or OF_WHICH in before):
            row["quantity"] = SCOPED_PARTS[fund][quantity]
            listing = True
        elif fund == "operating_costs" and OF_WHICH in before:
            listing = True  # the operating costs' parts: any of its items
        elif fund is not None and OF_WHICH in before:
            fund, listing = None, False  # 其中 lists parts of another kind
    if fund is None:
        return None
    if listing:
        return (fund, True) if sentence.endswith(("；", ";")) else None
    return fund, False


def _add(rows: list[Row], prov: list[Provenance], sec: Section, sentence: str,
         found: list[Row]) -> None:
    for row in found:
        row.update({"section_id": sec.section_id, "position": len(rows) + 1,
                    "figure_id": f"f{len(rows) + 1}", "sentence": sentence})
        rows.append(row)
        prov.append(Provenance("stated_figures", row["position"], "value", sec.place,
                               row.get("value_text") or sentence))


def _is_zero(num: str) -> bool:
    return not num.replace(",", "").replace("，", "").replace(".", "").strip("0")


def _clause_start(text: str) -> int:
    """Where the last clause of ``text`` starts: after its last clause mark, an opening
    bracket closed again within the text ("一般公共服务（类）支出") being none."""
    for m in reversed(list(CLAUSE_MARK.finditer(text))):
        if m.group(0) in "（(" and _CLOSING.search(text, m.end()):
            continue
        return m.end()
    return 0


def _empty(clause: str) -> bool:
    """A clause that names nothing besides the year and linking words ("支出决算为")."""
    return len(FILLER.sub("", clause).strip("，,；;：:（()）、")) <= 1


def _label(sentence: str) -> str | None:
    """The 三公 item a sentence without amounts names as the heading of the next one
    ("2.公务接待费。2026年预算数1.44万元，较2025年年初预算增加0.00万元", SZ p8; 北京 “1.因公
    出国（境）费。2026年预算数14.85万元”). Budgets only: a final account's “年初预算为…，支出
    决算为…” after a heading is read by its own words."""
    if AMOUNT.search(sentence) or len(LABEL_NUMBER.sub("", re.sub(r"\s", "", sentence))) > \
            MAX_LABEL:
        return None
    quantity = keyword_in(sentence)[0]
    return quantity if quantity in THREE_PUBLIC_ITEMS else None


def _facts_of(sentence: str, fiscal_year: int, topic: str | None,
              final: bool = False, label: str | None = None) -> list[Row]:
    """Facts of one sentence; ``topic`` is the subject of a sentence such as "与2022年相比
    持平" that names none: the first quantity of its paragraph ("（三）公务接待费0万元。与
    2023年预算持平"), else of its section; ``label``: the quantity the sentence before
    named as a heading (:func:`_label`), the subject of a first clause naming none
    ("2026年预算数1.44万元")."""
    out: list[Row] = []
    amounts = list(AMOUNT.finditer(sentence))
    if not amounts and "持平" not in sentence:
        return out  # no amount and no change stated: nothing to read
    start = 0
    subject: str | None = None
    base = BASE_YEAR.search(sentence)
    base_year = int(base.group(1)) if base else None
    # a sentence about one project, or whose subject is the part of one source
    head = sentence[:amounts[0].start()] if amounts else ""
    one_project = bool(ONE_PROJECT.search(sentence) or TRANSFER_PART.search(head)
                       or FUND_SUBJECT.search(head) or NUMBERED_PROJECT.match(head))
    fund_scoped = bool(FUND_PROCUREMENT.search(sentence))
    for m in amounts:
        before = sentence[start:m.start()]
        cut = _clause_start(before)
        clause = before[cut:]
        quantity, _ = keyword_in(before, cut)
        direction = _direction(clause)
        kind = "change" if direction else "level"
        if direction and _is_zero(m.group("num")) and FLAT.search(sentence):
            direction = "flat"  # "比上年增加0万元，增长0%，主要原因是与上年持平"
        year = base_year
        if kind == "level" and (prev := PREVIOUS.search(clause)):
            prev_year = int(prev.group("year")) if prev.group("year") else fiscal_year - 1
            if prev_year < fiscal_year:
                kind, year = "previous", prev_year
        if kind == "change" and subject is not None and subject.startswith(
                FUND_QUANTITIES) and quantity in ("budget_total", "income_total",
                                                  "expenditure_total"):
            # "财政拨款收入总计、支出总计均为…，与上年相比收入总计、支出总计均增加…": the
            # change of the fund's totals the sentence is about
            quantity = subject
        if quantity is None and kind == "change" and _empty(COMPARISON.sub("", clause)):
            quantity = out[-1]["quantity"] if out else subject  # "…，比上年增加5万元"
        elif quantity is None and (kind == "previous" or _empty(clause)):
            quantity = subject
        elif quantity is None and subject is None and label and not out and \
                _empty(COMPARISON.sub("", clause)):
            quantity = label  # "2.公务接待费。2026年预算数1.44万元"
        if kind == "level" and final and BUDGET_FIGURE.search(clause) and "决算" not in clause:
            kind = "budget_reference"
        if quantity is not None and subject is None:
            subject = quantity
        if kind == "level" and REASON in sentence[:m.start()]:
            quantity = UNCLASSIFIED
        if JOINED.search(clause):
            quantity = UNCLASSIFIED
        if quantity is None or one_project or AVERAGE.search(clause) or \
                CARRIED_PART.search(clause) or TRANSFER_PART.search(clause) or (
                quantity in THREE_PUBLIC_ITEMS and CLASS_ITEM.search(clause)) or (
                fund_scoped and quantity.startswith("procurement")):
            quantity = UNCLASSIFIED
        out.append({
            "quantity": quantity, "kind": kind, "value": m.group("num").replace(",", "")
            .replace("，", ""), "value_text": m.group(0), "unit": m.group("unit"),
            "direction": direction, "base_year": (year or fiscal_year - 1)
            if kind in ("change", "previous") else None,
        })
        start = m.end()
    if "持平" in sentence and not any(r["kind"] == "change" for r in out):
        quantity = subject or _keyword_before(sentence)[0] or topic
        if quantity:
            out.append({"quantity": quantity, "kind": "change", "value": None,
                        "value_text": "持平", "unit": None, "direction": "flat",
                        "base_year": base_year or fiscal_year - 1})
    return out


# a link key the table may print under another row: the subtotal of a budget without
# carry-over is its total, the three public expenses are the table's total row
FALLBACK = {"expenditure_subtotal": "expenditure_total", "income_subtotal": "income_total",
            "three_public_subtotal": "total"}


def link(rows: list[Row], tables: dict[str, Table]) -> None:
    """Fill target_resource/position/side/field from the stated_quantities codelist; only
    ``level`` facts are linked."""
    cl = standard.codelist("stated_quantities")
    for row in rows:
        entry = cl.get(row["quantity"])
        if entry is None or row["kind"] != "level" or not entry["target_resource"]:
            continue
        res = entry["target_resource"]
        table = tables.get(res)
        if table is None:
            continue
        key = entry["target_key"]
        target = _find(table, key)
        if target is None and key in FALLBACK and _fallback_ok(table, key):
            target = _find(table, FALLBACK[key])
        elif target is not None and key in FALLBACK and key != "three_public_subtotal":
            # "收入预算9626.78万元" counting the carry-over (收入总计), not 本年收入合计
            total = _find(table, FALLBACK[key])
            field = entry["target_field"]
            if total is not None and _states(row, total.get(field), table.unit) and not \
                    _states(row, target.get(field), table.unit):
                target = total
        if target is None:
            continue
        row["target_resource"] = res
        row["target_position"] = target["position"]
        row["target_side"] = target.get("side")
        row["target_field"] = entry["target_field"]


def _states(fact: Row, cell: object, unit: str | None) -> bool:
    """The fact's value is the cell's, rounded to the fact's decimals (same unit)."""
    if unit and fact.get("unit") != unit:
        return False
    try:
        value = Decimal(str(fact["value"]))
        printed = Decimal(str(cell).replace(",", ""))
    except (InvalidOperation, KeyError):
        return False
    return printed.quantize(value, rounding=ROUND_HALF_UP) == value


def _fallback_ok(table: Table, key: str) -> bool:
    """The total stands for the subtotal when nothing else adds to it: no carry-over row
    with an amount (two-list tables), no line beyond the three public expenses."""
    if key == "three_public_subtotal":
        return not any(r.get("item_key") in ("operating_costs", "meetings", "training", "other")
                       for r in table.rows)
    carry = {"expenditure_subtotal": ("carryover_out", "fiscal_carryover_out"),
             "income_subtotal": ("carryover_in", "fiscal_carryover_in")}[key]
    return not any(r.get("item_key") in carry and any(
        r.get(f) not in (None, "", "0", "0.00") for f in ("amount", "total")) for r in table.rows)


def _find(table: Table, key: str) -> dict[str, Any] | None:
    if not key:
        return None
    for r in table.rows:
        if r.get("item_key") == key:
            return r
        if key == "total" and (r.get("function_name") == "合计" or r.get("economic_name") ==
                               "合计") and not r.get("function_code") and not r.get(
                                   "economic_code"):
            return r
    return None
