"""The validator on the corpus documents: every ERROR is a real inconsistency of the print.

Each document of the corpus (../shared/corpus) is converted once per session and validated;
the set of ERRORs, as (code, resource, page), must equal the recorded set. FINDINGS lists,
per document, the inconsistencies the printed document really has, each with its page and
a comment; an empty set means the document raises no ERROR. Documents in PENDING still
raise ERRORs that are not the print's: converter bugs (reported to the lead) or schema
changes in progress; they are xfail with the reason, so that a fix shows up as XPASS.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from cnbudget.converters import Options, convert
from cnbudget.validation.findings import Severity
from cnbudget.validation.runner import run_rules

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DOCUMENTS: dict[str, list[str]] = {
    "sh-yuwai-nongchang-2026-unit-budget": ["sh-yuwai-nongchang-2026-unit-budget"],
    "sh-putuo-caizhengju-2025-budget": ["sh-putuo-caizhengju-2025-budget"],
    "gd-guangzhou-xinfang-2026-budget": ["gd-guangzhou-xinfang-2026-budget"],
    "sh-putuo-caizhengju-2024-final-accounts": ["sh-putuo-caizhengju-2024-final-accounts"],
    "sh-putuo-2024-final-accounts-fa222afc": ["sh-putuo-2024-final-accounts-fa222afc"],
    "cn-guojia-xinfangju-2026-budget": ["cn-guojia-xinfangju-2026-budget"],
    "sh-putuo-wanli-2023-budget": ["sh-putuo-wanli-2023-budget"],
    "sh-putuo-fuliyuan-2024-unit-budget": ["sh-putuo-fuliyuan-2024-unit-budget"],
    "cq-qixiang-2026-budget": ["cq-qixiang-2026-budget"],
    "gd-city-2026-budget-cd78d6ee": ["gd-city-2026-budget-cd78d6ee"],
    "cq-2026-budget-05f59e7a": ["cq-2026-budget-05f59e7a"],
    "cq-2026-budget-5c6aea1e": ["cq-2026-budget-5c6aea1e"],
    "cq-2026-budget-f26c9e26": ["cq-2026-budget-f26c9e26"],
    "zj-hangzhou-qixiang-2026-budget": ["zj-hangzhou-qixiang-2026-budget"],
    "hn-changsha-xinfang-2026-budget": ["hn-changsha-xinfang-2026-budget"],
    "fj-quanzhou-jiance-zhongxin-2026-unit-budget": [
        "fj-quanzhou-jiance-zhongxin-2026-unit-budget"],
    "sn-xian-xinfang-2026-budget": ["sn-xian-xinfang-2026-budget"],
    "js-shengwei-bangongting-2019-budget-tables": ["js-shengwei-bangongting-2019-budget-tables",
                                                   "js-shengwei-bangongting-2019-budget-text"],
    "bj-xinfang-ban-2026-budget-tables": ["bj-xinfang-ban-2026-budget-tables",
                                          "bj-xinfang-ban-2026-budget-text"],
    "bj-junmin-ronghe-ban-2026-budget-tables": ["bj-junmin-ronghe-ban-2026-budget-tables"],
    "cn-guojia-xinfangju-2024-final-accounts": ["cn-guojia-xinfangju-2024-final-accounts"],
    "sd-yantai-dashuju-2026-budget": ["sd-yantai-dashuju-2026-budget"],
    "gd-shenzhen-xinfang-2026-budget": ["gd-shenzhen-xinfang-2026-budget"],
    "gd-shenzhen-2026-budget-08cc7487": ["gd-shenzhen-2026-budget-08cc7487"],
    "gd-shenzhen-2026-budget-10b50f71": ["gd-shenzhen-2026-budget-10b50f71"],
    "gd-shenzhen-2026-budget-3188820c": ["gd-shenzhen-2026-budget-3188820c"],
    "gd-shenzhen-2026-budget-cf8b7efc": ["gd-shenzhen-2026-budget-cf8b7efc"],
    "gd-shenzhen-2026-budget-63d734e6": ["gd-shenzhen-2026-budget-63d734e6"],
    "js-suzhou-shenji-2026-budget": ["js-suzhou-shenji-2026-budget"],
    "js-city-2026-budget-17a8236f": ["js-city-2026-budget-17a8236f"],
    "js-city-2026-unit-budget-186599d1": ["js-city-2026-unit-budget-186599d1"],
    "js-city-2026-unit-budget-98efb997": ["js-city-2026-unit-budget-98efb997"],
    "js-prov-tables-2018-budget-tables-5e56e84c": ["js-prov-tables-2018-budget-tables-5e56e84c",
                                                   "js-prov-text-2018-budget-text-b79741e9"],
    "zj-hangzhou-2026-budget-c0afe4e6": ["zj-hangzhou-2026-budget-c0afe4e6"],
    "zj-huzhou-2026-budget-13d2d0c0": ["zj-huzhou-2026-budget-13d2d0c0"],
    "sd-yantai-2026-budget-27ae8074": ["sd-yantai-2026-budget-27ae8074"],
    "sd-yantai-2026-budget-3b7e7d35": ["sd-yantai-2026-budget-3b7e7d35"],
    "sd-yantai-2026-budget-8bfe1f02": ["sd-yantai-2026-budget-8bfe1f02"],
    "sd-yantai-2026-budget-b733712a": ["sd-yantai-2026-budget-b733712a"],
    "sh-unit-2026-unit-budget-0291d4c2": ["sh-unit-2026-unit-budget-0291d4c2"],
    "sh-unit-2026-unit-budget-3363c27c": ["sh-unit-2026-unit-budget-3363c27c"],
    "sh-unit-2026-unit-budget-84b351cc": ["sh-unit-2026-unit-budget-84b351cc"],
    "bj-tables-2026-budget-tables-2eda0861": ["bj-tables-2026-budget-tables-2eda0861",
                                              "bj-text-2026-budget-text-d115f891"],
    "bj-tables-2026-budget-tables-d0bfcd95": ["bj-tables-2026-budget-tables-d0bfcd95",
                                              "bj-text-2026-budget-text-10dbc3b7"],
    "bj-tables-2026-budget-tables-c0240544": ["bj-tables-2026-budget-tables-c0240544",
                                              "bj-text-2026-budget-text-6fbc3170"],
}

Key = tuple[str, str | None, int | None]

FINDINGS: dict[str, set[Key]] = {
    # p12, p13: 政府性基金 / 国有资本经营 tables printed as empty frames; the text (s6) says
    # 政府性基金拨款支出预算0万元 …国有资本经营预算拨款支出预算为0万元: that is their note
    # (severity policy, issue 11)
    "sh-yuwai-nongchang-2026-unit-budget": set(),
    "sh-putuo-caizhengju-2025-budget": {
        # p18: the 国有资本经营预算 table's note says “本部门2025年无政府性基金预算财政拨款
        # 安排的预算” — copied from the 政府性基金 table.
        ("CNB-STR-006", "state_capital_expenditure", 18),
    },
    # p21: “公务用车购置费0万元，比上年增加0万元” — an increase of 0: wording (CNB-TXT-010,
    # INFO), no contradiction.
    # (p8 支出总表 and p11 一般公共预算支出表: 20805 行政事业单位养老支出 printed 419.35 (总计
    # and 基本支出) while its three 项 sum to 419.36. The package's other 272 same-unit
    # identities hold exactly, but the note of its 收支总表 says “本套报表金额单位转换时可能
    # 存在尾数误差”: its tables keep the rounding tolerance (identity.declared_rounded), and
    # the 0.01 is an INFO)
    "gd-guangzhou-xinfang-2026-budget": set(),
    "sh-putuo-caizhengju-2024-final-accounts": {
        # p21: “财政拨款收入支出总计0.3万元”; the 财政拨款收支总表 prints 总计 2,961.68
        ("CNB-TXT-001", "stated_figures", 21),
    },
    "sh-putuo-2024-final-accounts-fa222afc": {
        # p24 “一般公共预算财政拨款基本支出5377.64万元。其中：人员经费4896.98万元 … 公用经费
        # 480.66万元”: 5377.64 is the 基本支出 of the 支出决算表 (p10, all funds, 本年支出合计
        # 9,759.38); the 一般公共预算财政拨款支出决算表 (p15) prints 基本支出 5,364.75 and its
        # 基本支出决算表 (p16) 人员经费合计 4,884.09 + 公用经费合计 480.66 — 12.89 apart
        ("CNB-TXT-001", "stated_figures", 24),
    },
    "cn-guojia-xinfangju-2026-budget": {
        # p18: “财政拨款收支总预算18,728.91万元”; the 财政拨款收支总表 (p9) prints 收入总计 =
        # 支出总计 = 18,728.94 (15,291.30 + 118.01 + 2,208.19 + 1,111.44)
        ("CNB-TXT-001", "stated_figures", 18),
        # p25 委托业务费: “预算1,391.68万元，比2025年预算增加333.83万元，增长31.35%” — the two
        # figures give 333.83 ÷ 1,057.85 = 31.56 %
        ("CNB-REV-001", "stated_figures", 25),
    },
    "sh-putuo-wanli-2023-budget": set(),
    "sh-putuo-fuliyuan-2024-unit-budget": {
        # (p7, p10: class 210 printed with its former name 医疗卫生与计划生育支出, a 2024
        # document: a printed-name variant, CNB-COD-010 INFO)
        # p9, p11: 事业单位医疗 printed with code 7|11|02 (71102) under 210|11
        ("CNB-COD-003", "expenditure_summary", 9),
        ("CNB-COD-003", "general_budget_expenditure", 11),
        # p14: the 302 款 numbered 01…13 in print order (咨询费 02, 水费 03, … 其他商品和服务
        # 支出 13), 303|01 退休费, and 30108 named 机关事业单位基本养老保险费 — as printed:
        # codes printed with their siblings' titles
        ("CNB-COD-004", "basic_expenditure", 14),
    },
    "cq-qixiang-2026-budget": {
        # (p14: the 7-digit local sub-items of 30102/30103, 3010201 规范性津补贴 … 3010303
        # 年终一次性奖金, printed under their 款 and summing to it, are CNB-COD-006 WARNINGs)
        # no 国有资本经营预算支出表 is printed (表一…表十二 list none)
        ("CNB-STR-001", "state_capital_expenditure", None),
        # (p6 vs p11: 表一 has no 上年结转 line and counts the carry-over in its fund lines
        # (一般公共预算资金 12,672.73 = 12,572.73 + 100.00 结转; 政府性基金 579.89, all 结转);
        # 表四 prints 本年收入 12,572.73 and 0 with the carry-over apart: no contradiction,
        # CNB-XT-006/018 add 表四's carry-over when 表一 prints none)
    },
    # the same 表一…表十二 template as cq-qixiang: no 国有资本经营预算支出表 is printed (表八
    # is 财政拨款“三公”经费, 表九 政府采购); 表一 counts each fund's 上年结转 in its fund line
    # (05f59e7a p12 128,148.56 = p21 118,773.55 + 9,375.01; 5c6aea1e p15 carry-over 2,513.30;
    # f26c9e26 p15 280.40)
    "cq-2026-budget-05f59e7a": {("CNB-STR-001", "state_capital_expenditure", None)},
    "cq-2026-budget-5c6aea1e": {("CNB-STR-001", "state_capital_expenditure", None)},
    "cq-2026-budget-f26c9e26": {("CNB-STR-001", "state_capital_expenditure", None)},
    # p22 表12 项目支出: 合计 58,788.54 over three units' subtotals (58,446.21 + 20.60 +
    # 321.73), the first over 71 projects summing to 58,446.22 — a table declared rounded
    "gd-city-2026-budget-cd78d6ee": set(),
    "zj-hangzhou-qixiang-2026-budget": set(),
    "hn-changsha-xinfang-2026-budget": {
        # no 国有资本经营预算支出表 is printed (the list of tables, p2, ends with 8、政府性
        # 基金预算支出表)
        ("CNB-STR-001", "state_capital_expenditure", None),
    },
    # 项 rows only in 支出总表 p10 and 一般公共预算支出表 p12 (no 类/款 printed): the class
    # comparison with the 收支总表 sums them by class; 基本支出表 p16 prints 预算数 only (no
    # 人员经费/公用经费 split), so the text's 人员经费895.17 / 公用经费118.20 name no column
    "fj-quanzhou-jiance-zhongxin-2026-unit-budget": set(),
    "sn-xian-xinfang-2026-budget": {
        # no 国有资本经营预算 table is printed (text p13: 本部门无当年国有资本经营预算收支)
        ("CNB-STR-001", "state_capital_expenditure", None),
        # (p28 表9 政府性基金收支表 printed as an empty frame; the text, p13, says 本部门无当年
        # 政府性基金预算收支，并已公开空表: that is its note)
    },
    "js-shengwei-bangongting-2019-budget-tables": {
        # (the 2019 set has no 国有资本经营预算 table (p1-12: 收支/收入/支出/财政拨款收支/
        # 财政拨款支出/…/政府性基金/机关运行经费/政府采购): not required before fiscal year
        # 2020, standard.json required_resources_from)
        # text p6: “收、支预算总计27664.22万元，与上年相比…各增加3205.79万元，增长413.11%”
        # — 3205.79 ÷ 24458.43 = 13.11 %: a stray 4
        ("CNB-REV-001", "stated_figures", 6),
    },
    # (p7 一般公共预算基本支出表: a flat list of 款 where the local 3021101 差旅费 and
    # 3021503 三类会议费 stand for 30211/30215 — CNB-COD-006 WARNINGs; text p3 “收入预算
    # 9626.78万元” is 收入总计, 本年收入 9,616.338314 + 上年结转 10.439275)
    # p8 预算07表 政府性基金预算支出表 and p9 预算08表 国有资本经营预算支出表 printed as empty
    # frames; the text says 政府性基金预算拨款收入0万元, 国有资本经营预算拨款收入0万元: their note
    "bj-xinfang-ban-2026-budget-tables": set(),
    "bj-junmin-ronghe-ban-2026-budget-tables": {
        # p1-2 收支总表 and p6-7 财政拨款收支总表: the classes sum to 7,246.309668 but
        # 本年支出合计 is 9,151.309668 (tests/converters/test_corpus_identities.py)
        ("CNB-ARI-004", "budget_summary", 2),
        ("CNB-ARI-017", "fiscal_grant_summary", 6),
        # p13 三公 table: 小计 (公务用车购置及运行费) printed blank, 运行费 23.52 beneath it
        ("CNB-ARI-029", "three_public_expenses", 13),
        ("CNB-ARI-030", "three_public_expenses", None),
        # p11 预算07表, p12 预算08表: empty frames without a note
        ("CNB-STR-005", "government_fund_expenditure", None),
        ("CNB-STR-005", "state_capital_expenditure", None),
        # p15 预算11表 财政拨款政府购买服务明细表: 合计 778.930000 printed without any
        # service row beneath it
        ("CNB-ARI-064", "purchased_services", 15),
        # p1 收支总表 一般公共服务支出 6,770.4991; the 支出预算总表 (p4-5) lists basic
        # expenditure rows only (201: 1,598.44285) while its 合计 counts 项目支出
        # 7,077.05625 that no row details
        ("CNB-XT-003", "budget_summary", 1),
    },
    "cn-guojia-xinfangju-2024-final-accounts": {
        # p17: “收、支总计22066.59万元，与2023年相比…各增加5834.37万元，增长35.74%” — the
        # figures give 5834.37 ÷ 16232.22 = 35.94 %
        ("CNB-REV-001", "stated_figures", 17),
    },
    # p17 公开表6 and p23 基本支出预算情况表: 303 printed “对个人和家庭补助” (the codelist: 对个人
    # 和家庭的补助), 503 机关资本性支出 (…（一）): printed-name variants, CNB-COD-010 INFO
    "sd-yantai-dashuju-2026-budget": set(),
    # no 一般公共预算财政拨款基本支出表 of its own: 表8 一般公共预算支出表（按经济分类）(p28-30)
    # prints the general budget by economic code with 基本支出 beside 项目支出 — the basic
    # column is that table's content (standard.json required_resources_printed_within), so
    # CNB-STR-001 holds. (p8, p9: the 三公 text says “较2025年年初预算增加0.00万元” for the
    # total, 因公出国（境）, 公务接待, 公务用车购置 and 运行维护 — an increase of nothing:
    # CNB-TXT-010 INFO)
    "gd-shenzhen-xinfang-2026-budget": set(),
    # p22-p24 收支总表 prints 款/项 by name under each class (公路和运输安全 2140110, 民航发展基金
    # 支出 21469 …, codes printed on p28-p30 支出总表): detail lines, not addends of 本年支出合计
    # 388,763.56; p11 “上年结转项目196.50万元” is one project of a list, not the 上年结余、结转
    # 201.78 of p25
    "gd-shenzhen-2026-budget-08cc7487": set(),
    # p17 收支总表: 三、单位资金 1,725.63 over 5.其他收入 1,725.63 — 本年收入合计 15,332.65 =
    # 13,607.02 + 1,725.63, the group counted once
    "gd-shenzhen-2026-budget-10b50f71": set(),
    # p8-p9 “市本级政府采购业务费3600.00万元”, “政府采购管理费用424.00万元”: projects, not the
    # 政府采购 total (3,790.75)
    "gd-shenzhen-2026-budget-3188820c": set(),
    # p13 “政府性基金预算收入380.00万元 … 1.…下达转移支付资金300.00万元 …；2.结转2025年下达的
    # 资金80.00万元”: income with its carry-over (收支总表 300.00 + 结转 80.00), no contradiction;
    # p13 “按批复额度89.60万元”: a quota beside the 108.60 of 因公出国（境）
    "gd-shenzhen-2026-budget-cf8b7efc": set(),
    # p57-p60 支出总表 printed unit by unit (合计, then each unit's classes): class 205 of the
    # 收支总表 113,716.97 is the sum over the units, not the first unit's 13,184.10
    "gd-shenzhen-2026-budget-63d734e6": set(),
    "js-suzhou-shenji-2026-budget": set(),
    # p32-40 公开13表 政府采购支出表: its 其他资金 column (合计 196.10) is a fund source of its
    # own (procurement.other_funds); every row is 一般公共预算资金 + 政府性基金 + 其他资金
    "js-city-2026-budget-17a8236f": set(),
    # p28 公开11表 国有资本经营预算支出预算表: 本年支出合计 | 基本支出 | 项目支出 — its 本年支出合计
    # is the total (32,640.00 = 0 + 32,640.00 on 合计, 223, 22399, 2239999)
    "js-city-2026-unit-budget-186599d1": set(),
    "js-city-2026-unit-budget-98efb997": {
        # p20-21 公开07表 一般公共预算支出表: 222 粮油物资储备支出 388.25 (22201, 2220102
        # 一般行政管理事务 388.25, 项目支出) is printed beneath a 合计 of 9,078.52 (项目支出
        # 4,256.30) that leaves it out: the classes sum to 465.60 + 7,095.13 + 1,517.79 +
        # 388.25 = 9,466.77. The 收支总表 (p11) and 财政拨款收支总表 (p16) print 粮油物资储备
        # 支出 blank and 一般公共预算拨款 9,078.52; the 支出总表 (p13-14) has no 222 row.
        ("CNB-ARI-021", "general_budget_expenditure", 20),
    },
    "js-prov-tables-2018-budget-tables-5e56e84c": {
        # (the 2018 set has no 国有资本经营预算 table (its contents, text p2, list 12 tables,
        # none for state capital): not required before fiscal year 2020)
        # text p5: “收入、支出预算总计24458.43万元，与上年相比收、支预算总计各增加3608.98万元，
        # 增长317.31%” — 3608.98 ÷ (24458.43 − 3608.98 = 20849.45) = 17.31 %: a stray 3
        ("CNB-REV-001", "stated_figures", 5),
    },
    # (p20 表1, p25 表5: 20402 公安's 项 printed by name only, 信息化建设 2040219 and 事业运行
    # 2040250 among them; p21-22 表2: the row 杭州市机动车驾驶员考试服务中心 cut by the page
    # break, 事业收入 "12,437.3" | "6" = 12,437.36)
    "zj-hangzhou-2026-budget-c0afe4e6": {
        # p32-33 表10 项目支出预算表: 合计 106,512.00 (一般公共预算 77,027.38, as 表5 p26
        # prints for 项目支出) while its projects sum to 106,313.00 (一般公共预算
        # 76,828.38): 199.00 of general-budget projects are not listed
        ("CNB-ARI-062", "project_expenditure", 32),
    },
    "zj-huzhou-2026-budget-13d2d0c0": {
        # p33-35 表04 财政拨款收支预算总表: 收入 一般公共预算 25,591.21 + 政府性基金 12,600.00
        # = 38,191.21 = 支出总计, while its classes (1,140.61 + 11,871.20 + 23,268.50 +
        # 12,600.00 + 738.45 + 15,000.00) sum to 64,618.76; 表01 收支总表 p25 prints 财政拨款
        # 64,618.75 (一般公共预算 37,018.75, 政府性基金 27,600.00), and the text p8 says
        # 财政拨款收支总预算64618.75万元 (TEXT_FINDINGS below)
        ("CNB-ARI-018", "fiscal_grant_summary", 35),
        ("CNB-XT-006", "fiscal_grant_summary", 33),
        ("CNB-XT-018", "fiscal_grant_summary", 33),
        ("CNB-TXT-001", "stated_figures", 8),
    },
    # p9 公开表1 收支总体情况表: 上级补助收入 60.00 printed below 本年收入合计 45,907.29
    # (财政拨款 45,832.29 + 其他收入 75.00), part of 收入总计 45,967.29: the Yantai layout
    "sd-yantai-2026-budget-27ae8074": set(),
    "sd-yantai-2026-budget-3b7e7d35": {
        # p28-29 公开表11 项目支出预算情况表: 合计 9,798.66 includes 上年结转 54.24 (考古经费);
        # 公开表3 支出总体情况表 p13 prints 项目支出 9,744.42 and 公开表1 p9 no 上年结转 at all
        # (收入总计 = 本年收入合计 = 23,873.40)
        ("CNB-XT-051", "project_expenditure", 28),
    },
    "sd-yantai-2026-budget-8bfe1f02": {
        # (p9: 上级补助收入 205.89 below 本年收入合计 315,235.83, in 收入总计 315,441.72)
        # text p40: “2026年政府采购预算0万元，其中：政府采购货物预算0万元…” (the paragraph
        # before it, “（一）收入预算：2026年。”, is a template left unfilled); 公开表12
        # 政府采购预算表 p38 prints 合计 29,837.96
        ("CNB-TXT-001", "stated_figures", 40),
    },
    # p8: 上级补助收入 173.00 below 本年收入合计 191,221.79, in 收入总计 191,394.79
    "sd-yantai-2026-budget-b733712a": set(),
    "sh-unit-2026-unit-budget-0291d4c2": {
        # p7 财务收支预算总表: 7,099,698 printed as “一、一般公共服务支出”; 支出预算总表 p10
        # (and the other tables) give it to 208 社会保障和就业支出 (20805 行政事业单位养老支出)
        ("CNB-XT-003", "budget_summary", 7),
        ("CNB-XT-003", "expenditure_summary", 10),
    },
    "sh-unit-2026-unit-budget-3363c27c": {
        # p7 财务收支预算总表: 收入总计 printed blank, beside 财政拨款收入 195,774,300 (一般
        # 公共预算 195,774,300) and 支出总计 195,774,300; the text p6 says 收入预算19,577万元
        ("CNB-ARI-003", "budget_summary", 7),
        ("CNB-ARI-006", "budget_summary", 7),
        ("CNB-XT-001", "budget_summary", 7),
        ("CNB-TXT-001", "stated_figures", 6),
    },
    "sh-unit-2026-unit-budget-84b351cc": set(),
    "bj-tables-2026-budget-tables-2eda0861": {
        # 北京市医疗保障局 p1 预算01表: 九、卫生健康支出 101,857.847222; the 预算03表 支出总表
        # (p3-4) prints 210 rows summing to 20,078.847222 under a 合计 of 110,896.619602 (its
        # rows sum to 29,117.619602): 81,779.000000 of 项目支出 that no printed row details,
        # and no page prints 81,779 at all
        ("CNB-XT-003", "budget_summary", 1),
    },
    # 北京城市副中心工程建设管理办公室 说明 p5 “基本支出预算921.33万元”: 30939.12 − 30017.79 of
    # the same paragraph, the 支出总表's 921.324552 rounded twice — within printed precision
    "bj-tables-2026-budget-tables-d0bfcd95": set(),
    "bj-tables-2026-budget-tables-c0240544": {
        # 北京市水务局 p1 预算01表: 十二、农林水支出 572,292.237158; the 预算03表 支出总表 (p5-17)
        # prints its 363 rows (every code of the text layer read, none clipped) summing to
        # 1,019,793.653031 (213: 567,278.718404) under a 合计 of 1,024,807.171785 (基本支出
        # 186,874.722488 vs rows 186,762.726792; 项目支出 837,932.449297 vs 833,030.926239):
        # 5,013.518754 that no printed row details, all of it in 213
        ("CNB-XT-003", "budget_summary", 1),
    },
}

PENDING: dict[str, str] = {
}


@cache
def errors(stem: str) -> frozenset[Key]:
    paths = [CORPUS / f"{name}.pdf" for name in DOCUMENTS[stem]]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"corpus file {missing[0]} absent")
    disclosure = convert(paths, Options(self_check=False))
    result = run_rules(disclosure)
    return frozenset((f.code, f.location.resource, f.location.page)
                     for f in result.findings if f.severity is Severity.ERROR)


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_errors_are_the_prints_own(stem: str) -> None:
    got = errors(stem)
    if stem in PENDING and got != FINDINGS[stem]:
        pytest.xfail(PENDING[stem])
    assert got == FINDINGS[stem]


def test_recorded_documents_are_listed() -> None:
    assert set(FINDINGS) == set(DOCUMENTS)
    assert set(PENDING) <= set(DOCUMENTS)


# The text-vs-table disagreements of the print itself (CNB-TXT-001), each with its page and
# the figures involved: (files, page of the sentence, stated value, table value, note).
TEXT_FINDINGS: list[tuple[list[str], int, str, str, str]] = [
    # p8 “湖州市卫生健康委员会2026年财政拨款收支总预算64618.75万元。收入包括：一般公共预算
    # 当年拨款收入37018.75万元、政府性基金当年拨款收入27600.00万元”; the 财政拨款收支预算总表
    # (p33) prints 财政拨款 38191.21 (一般公共预算 25591.21, 政府性基金 12600.00).
    (["zj-huzhou-2026-budget-13d2d0c0"], 8, "64618.75", "38191.21", "fiscal_grant_total"),
    # p18 “此外，基本支出预算数为 12323.46 万元。” while the 支出总表 and the text of p19 say
    # 12323.48.
    (["js-prov-tables-2017-budget-701c1ad6"], 18, "12323.46", "12323.48", "basic_expenditure"),
    # p24 “一般公共预算财政拨款基本支出5377.64万元。其中：人员经费4896.98万元” while the
    # 一般公共预算财政拨款支出决算表 (p15) and its 基本支出 table (p16) print 5364.75 and 4884.09.
    (["sh-putuo-2024-final-accounts-fa222afc"], 24, "5377.64", "5364.75",
     "grant_basic_expenditure"),
    (["sh-putuo-2024-final-accounts-fa222afc"], 24, "4896.98", "4884.09", "personnel"),
]


@pytest.mark.parametrize("files,page,stated,table,quantity", TEXT_FINDINGS)
def test_text_disagrees_with_its_table(files: list[str], page: int, stated: str, table: str,
                                       quantity: str) -> None:
    paths = [CORPUS / f"{f}.pdf" for f in files]
    if not all(p.exists() for p in paths):
        pytest.skip("corpus absent")
    disclosure = convert(paths, Options(self_check=False))
    found = [f for f in run_rules(disclosure, codes=["CNB-TXT-001"]).findings
             if f.severity is Severity.ERROR and f.location.label == quantity]
    assert any(f.location.page == page and stated in f.message_en and table in f.message_en
               for f in found), [f.message_en for f in found]
