"""Mutations of the reference package, each with exactly the findings it must cause.

Every entry: (id, mutate(pkg), expected {(code, resource, position)}). The expected set is
the whole consequence of the mutation — e.g. a changed amount breaks its row sum, its
hierarchy and the cross-table identity that uses it, and nothing else.
"""

from __future__ import annotations

import json

BS, IS = "budget_summary", "income_summary"
ES, FGS = "expenditure_summary", "fiscal_grant_summary"
GBE, BE = "general_budget_expenditure", "basic_expenditure"
TPE, SF = "three_public_expenses", "stated_figures"
GFE, SCE = "government_fund_expenditure", "state_capital_expenditure"
PROC, FA = "procurement", "fixed_assets"
TS, PP = "text_sections", "performance_projects"
PI, PG = "performance_indicators", "performance_goals"


def setmany(p, res, where, **values):
    for k, v in values.items():
        p.set(res, where, k, v)


def descriptor(p, fn):
    d = p.descriptor
    fn(d, p)
    p.save_descriptor(d)


def _drop_tpe(d, p):
    d["resources"] = [r for r in d["resources"] if r["name"] != TPE]
    (p.root / f"{TPE}.csv").unlink()


def _no_licences(d, p):
    del d["licenses"]


def _sce_undeclared(d, p):
    r = p.resource(d, SCE)
    r.pop("published_empty", None)
    r.pop("notes", None)


def _sce_copied_note(d, p):
    p.resource(d, SCE)["notes"] = ["注：无政府性基金预算财政拨款预算，空表列示。"]


def _extra_resource(d, p):
    (p.root / "project_notes.csv").write_text("position,text\n1,说明\n", encoding="utf-8")
    d["resources"].append({"name": "project_notes", "type": "table", "path": "project_notes.csv",
                           "scheme": "file", "format": "csv", "mediatype": "text/csv",
                           "encoding": "utf-8", "schema": {"fields": [
                               {"name": "position", "type": "integer"},
                               {"name": "text", "type": "string"}]}})


def _gb18030(p):
    path = p.root / f"{BS}.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))


def _unit(name, unit):
    def fn(d, p):
        p.resource(d, name)["unit"] = unit
    return fn


def _meta(**kw):
    def fn(d, p):
        for k, v in kw.items():
            if "." in k:
                a, b = k.split(".")
                d[a][b] = v
            else:
                d[k] = v
    return fn


def _swap_rows(p, res, pos_a, pos_b):
    rows = p.rows(res)
    ia = next(i for i, r in enumerate(rows) if r["position"] == pos_a)
    ib = next(i for i, r in enumerate(rows) if r["position"] == pos_b)
    rows[ia], rows[ib] = rows[ib], rows[ia]
    p.write(res, rows)


def _insert_after(p, res, pos, row):
    rows = p.rows(res)
    i = next(i for i, r in enumerate(rows) if r["position"] == pos)
    rows.insert(i + 1, row)
    p.write(res, rows)


def _text(p, sid, old, new):
    rows = p.rows(TS)
    r = next(r for r in rows if r["section_id"] == sid)
    assert old in r["heading"] + r["text"]
    r["heading"], r["text"] = r["heading"].replace(old, new), r["text"].replace(old, new)
    p.write(TS, rows)


def _fund_rows(p, res, cls, cls_name, sub, sub_name):
    p.add(res, {"position": "1", "line": "1", "function_code": "", "function_name": "合计",
                "total": "10.00", "basic": "10.00", "project": ""})
    p.add(res, {"position": "2", "line": "2", "function_code": cls, "function_name": cls_name,
                "total": "10.00", "basic": "10.00", "project": ""})
    p.add(res, {"position": "3", "line": "3", "function_code": sub, "function_name": sub_name,
                "total": "9.00", "basic": "9.00", "project": ""})


def _fund_total_only(p, res):
    p.add(res, {"position": "1", "line": "1", "function_code": "", "function_name": "合计",
                "total": "10.00", "basic": "5.00", "project": "4.00"})


def _move_class_303(p):
    for pos in ("19", "20", "21", "22", "23"):
        rows = {r["position"]: r for r in p.rows(BE)}
        value = rows[pos]["personnel"]
        setmany(p, BE, {"position": pos}, personnel="", public_expenses=value)
    setmany(p, BE, {"position": "1"}, personnel="344.76", public_expenses="51.80")


def _proc_row(p, **values):
    base = {k: "" for k in p.header(PROC)}
    base.update(values)
    p.add(PROC, base)


def _figure(p, **values):
    base = {k: "" for k in p.header(SF)}
    base.update(values)
    p.add(SF, base)


CASES = [
    # ---------------------------------------------------------------- structure
    ("STR-001 table missing", lambda p: descriptor(p, _drop_tpe),
     # the profile also requires the resource list to contain every required resource
     {("CNB-STR-001", TPE, None), ("CNB-STR-002", None, None)}),
    ("STR-002 descriptor", lambda p: descriptor(p, _no_licences), {("CNB-STR-002", None, None)}),
    ("STR-003 bad cell", lambda p: p.set(ES, {"position": "3"}, "total", "五百"),
     {("CNB-STR-003", ES, 3)}),
    ("STR-004 closed codelist", lambda p: p.set(TPE, {"position": "3"}, "item_key", "meals"),
     # the Table Schema carries the closed list as an enum, so frictionless agrees
     {("CNB-STR-004", TPE, 3), ("CNB-STR-003", TPE, 3)}),
    ("STR-005 empty undeclared", lambda p: (descriptor(p, _sce_undeclared), _text(
        p, "s7", "国有资本经营预算收入0万元，", "")),
     # neither a note nor a sentence of the text says the table is empty
     {("CNB-STR-005", SCE, None)}),
    ("STR-005 a sentence of the text is the note", lambda p: descriptor(p, _sce_undeclared),
     # “国有资本经营预算收入0万元” (s7) declares the empty table
     set()),
    ("STR-006 copied note", lambda p: descriptor(p, _sce_copied_note),
     {("CNB-STR-006", SCE, None)}),
    ("STR-007 unknown resource", lambda p: descriptor(p, _extra_resource),
     # the profile requires x_ names (and a title) for extension resources
     {("CNB-STR-007", "project_notes", None), ("CNB-STR-002", "project_notes", None)}),
    ("STR-008 GB18030", _gb18030, {("CNB-STR-008", BS, None)}),
    # ---------------------------------------------------------------- codes
    ("COD-001 malformed function code", lambda p: p.set(ES, {"position": "3"}, "function_code",
                                                        "2013 1"),
     # 2013101 and 2013150 lose their parent row; the code sets of the two summaries differ
     {("CNB-COD-001", ES, 3), ("CNB-STR-003", ES, 3), ("CNB-COD-003", ES, 4),
      ("CNB-COD-003", ES, 5),
      ("CNB-XT-004", ES, 3), ("CNB-XT-004", IS, 3)}),
    ("COD-002 malformed economic code", lambda p: p.set(BE, {"position": "23"}, "economic_code",
                                                        "303090"),
     {("CNB-COD-002", BE, 23), ("CNB-STR-003", BE, 23), ("CNB-COD-003", BE, 23),
      ("CNB-ARI-023", BE, 19)}),
    ("COD-006 local economic sub-item", lambda p: p.set(BE, {"position": "23"}, "economic_code",
                                                        "3030901"),
     # a 7-digit sub-item of the known 30309 (重庆 style): a WARNING, not malformed; here it
     # stands in place of its 款 row (北京 style, 西安 2019 3010201 under 301), so it counts
     # under 303 and the sums still hold
     {("CNB-COD-006", BE, 23), ("CNB-COD-011", BE, 23)}),
    ("COD-003 child under wrong parent", lambda p: _swap_rows(p, ES, "13", "14"),
     {("CNB-COD-003", ES, 13)}),
    ("COD-012 name the codelist does not know for the code",
     lambda p: p.set(IS, {"position": "9"}, "function_name", "行政单位医疗"),
     # 行政单位医疗 is 2101101, no sibling of 2080505: a WARNING
     {("CNB-COD-012", IS, 9)}),
    ("COD-004 name of a sibling code", lambda p: p.set(IS, {"position": "9"}, "function_name",
                                                       "行政单位离退休"),
     # 2080505 printed with the title of 2080501: code and name contradict each other
     {("CNB-COD-004", IS, 9)}),
    ("COD-011 unknown code under a known parent",
     lambda p: [p.set(r, {"position": "4"}, "function_code", "2013188") for r in (IS, ES)],
     # 20131 is known: one INFO per table, no longer a WARNING per row
     {("CNB-COD-011", IS, 4), ("CNB-COD-011", ES, 4)}),
    ("COD-005 unknown code, unknown parent",
     lambda p: [p.set(r, {"position": "4"}, "function_code", "2018888") for r in (IS, ES)],
     # 20188 is unknown too: a WARNING; 2018888 no longer stands under 20131, whose sum
     # loses it
     {("CNB-COD-005", IS, 4), ("CNB-COD-005", ES, 4), ("CNB-COD-003", IS, 4),
      ("CNB-COD-003", ES, 4), ("CNB-ARI-010", IS, 3), ("CNB-ARI-012", ES, 3)}),
    ("COD-010 printed-name variant",
     lambda p: p.set(IS, {"position": "9"}, "function_name",
                     next(r for r in p.rows(IS) if r["position"] == "9")["function_name"]
                     + "（本级）"),
     {("CNB-COD-010", IS, 9)}),
    # ---------------------------------------------------------------- metadata
    ("MET-001 year in text", lambda p: _text(p, "s7", "2023年预算收入", "2022年预算收入"),
     {("CNB-MET-001", TS, 7)}),
    ("MET-002 department in heading", lambda p: _text(p, "s2", "中国共产党卢龙县委员会办公室",
                                                      "中共卢龙县委组织部"),
     {("CNB-MET-002", TS, 2)}),
    ("MET-003 unknown unit", lambda p: descriptor(p, _unit(FA, "千元")),
     {("CNB-MET-003", FA, None), ("CNB-STR-002", FA, None)}),
    ("MET-004 package name", lambda p: descriptor(p, _meta(name="130324-201-2022-budget")),
     {("CNB-MET-004", None, None)}),
    ("MET-005 region name", lambda p: descriptor(p, _meta(**{"publisher.region_name": "昌黎县"})),
     {("CNB-MET-005", None, None)}),
    # ---------------------------------------------------------------- arithmetic
    ("ARI-001", lambda p: p.set(BS, {"item_key": "income_subtotal"}, "amount", "686.72"),
     {("CNB-ARI-001", BS, 10), ("CNB-ARI-003", BS, 12), ("CNB-TXT-001", SF, 1)}),
    ("ARI-002", lambda p: p.add(BS, {"position": "13", "line": "35", "side": "income",
                                     "item": "财政拨款收入", "item_key": "fiscal_grant",
                                     "function_code": "", "amount": "700.00"}),
     {("CNB-ARI-002", BS, 13)}),
    ("ARI-003", lambda p: p.set(BS, {"item_key": "income_total"}, "amount", "700.00"),
     {("CNB-ARI-003", BS, 12), ("CNB-ARI-006", BS, 12), ("CNB-XT-001", BS, 12),
      ("CNB-TXT-001", SF, 13)}),
    ("ARI-004", lambda p: p.set(BS, {"side": "expenditure", "function_code": "201"}, "amount",
                                "590.00"),
     {("CNB-ARI-004", BS, 32), ("CNB-XT-003", BS, 1)}),
    ("ARI-005", lambda p: p.set(BS, {"item_key": "expenditure_total"}, "amount", "690.00"),
     {("CNB-ARI-005", BS, 34), ("CNB-ARI-006", BS, 12)}),
    ("ARI-006", lambda p: [p.set(BS, {"item_key": "expenditure_total"}, "amount", "690.00"),
                           p.set(BS, {"item_key": "carryover_out"}, "amount", "3.29")],
     {("CNB-ARI-006", BS, 12)}),
    ("ARI-007", lambda p: p.set(IS, {"position": "4"}, "total", "528.63"),
     {("CNB-ARI-007", IS, 4), ("CNB-ARI-010", IS, 3), ("CNB-XT-005", IS, 4)}),
    ("ARI-008", lambda p: p.set(IS, {"position": "5"}, "fiscal_grant", "62.13"),
     {("CNB-ARI-008", IS, 5), ("CNB-ARI-010", IS, 3)}),
    ("ARI-009", lambda p: p.set(IS, {"position": "1"}, "general_public_budget_grant", "680.00"),
     {("CNB-ARI-009", IS, 1), ("CNB-ARI-010", IS, 1)}),
    ("ARI-010", lambda p: setmany(p, IS, {"position": "2"}, total="590.76",
                                  current_year_subtotal="590.76", fiscal_grant="590.76"),
     {("CNB-ARI-010", IS, 2), ("CNB-ARI-010", IS, 1), ("CNB-XT-005", IS, 2)}),
    ("ARI-011", lambda p: p.set(ES, {"position": "4"}, "project", "290.51"),
     {("CNB-ARI-011", ES, 4), ("CNB-ARI-012", ES, 3)}),
    ("ARI-012", lambda p: setmany(p, ES, {"position": "2"}, total="590.76", basic="300.61"),
     {("CNB-ARI-012", ES, 2), ("CNB-ARI-012", ES, 1), ("CNB-XT-003", BS, 1),
      ("CNB-XT-005", IS, 2)}),
    ("ARI-013", lambda p: p.set(FGS, {"side": "expenditure", "position": "1"},
                                "general_public_budget", "590.76"),
     {("CNB-ARI-013", FGS, 1), ("CNB-ARI-017", FGS, 32), ("CNB-XT-008", FGS, 1)}),
    ("ARI-014", lambda p: p.set(FGS, {"item_key": "general_public_budget_grant"}, "total",
                                "686.17"),
     {("CNB-ARI-014", FGS, 4), ("CNB-XT-006", FGS, 1)}),
    ("ARI-015", lambda p: [p.set(FGS, {"item_key": "fiscal_carryover_in"}, "total", "10.00"),
                           p.set(FGS, {"item_key": "carryover_general_public_budget"}, "total",
                                 "8.00")],
     {("CNB-ARI-015", FGS, 5), ("CNB-ARI-016", FGS, 9)}),
    ("ARI-016", lambda p: p.set(FGS, {"item_key": "income_total"}, "total", "700.00"),
     {("CNB-ARI-016", FGS, 9), ("CNB-ARI-019", FGS, 9)}),
    ("ARI-017", lambda p: setmany(p, FGS, {"side": "expenditure", "position": "10"},
                                  total="18.94", general_public_budget="18.94"),
     {("CNB-ARI-017", FGS, 32), ("CNB-XT-008", FGS, 10)}),
    ("ARI-018", lambda p: setmany(p, FGS, {"item_key": "expenditure_total"}, total="690.00",
                                  general_public_budget="690.00"),
     {("CNB-ARI-018", FGS, 34), ("CNB-ARI-019", FGS, 9)}),
    ("ARI-019", lambda p: [setmany(p, FGS, {"item_key": "expenditure_total"}, total="690.00",
                                   general_public_budget="690.00"),
                           setmany(p, FGS, {"item_key": "fiscal_carryover_out"}, total="3.29",
                                   general_public_budget="3.29")],
     {("CNB-ARI-019", FGS, 9)}),
    ("ARI-020", lambda p: p.set(GBE, {"position": "4"}, "project", "290.51"),
     {("CNB-ARI-020", GBE, 4), ("CNB-ARI-021", GBE, 3)}),
    ("ARI-021", lambda p: setmany(p, GBE, {"position": "2"}, total="590.76", basic="300.61"),
     {("CNB-ARI-021", GBE, 2), ("CNB-ARI-021", GBE, 1), ("CNB-XT-008", FGS, 1)}),
    ("ARI-022", lambda p: p.set(BE, {"position": "1"}, "personnel", "366.68"),
     {("CNB-ARI-022", BE, 1), ("CNB-ARI-023", BE, 1), ("CNB-ARI-024", BE, 1),
      ("CNB-TXT-001", SF, 10)}),
    ("ARI-023", lambda p: setmany(p, BE, {"position": "11"}, total="29.07",
                                  public_expenses="29.07"),
     {("CNB-ARI-023", BE, 11), ("CNB-ARI-023", BE, 1), ("CNB-ARI-024", BE, 1)}),
    ("ARI-024", _move_class_303,
     {("CNB-ARI-024", BE, 1), ("CNB-TXT-001", SF, 10), ("CNB-TXT-001", SF, 11),
      ("CNB-XT-016", SF, 17)}),
    ("ARI-025 XT-009", lambda p: _fund_total_only(p, GFE),
     {("CNB-ARI-025", GFE, 1), ("CNB-XT-009", FGS, 32)}),
    ("ARI-026 XT-010", lambda p: _fund_rows(p, GFE, "212", "城乡社区支出", "21208",
                                            "国有土地使用权出让收入安排的支出"),
     {("CNB-ARI-026", GFE, 2), ("CNB-XT-009", FGS, 32), ("CNB-XT-010", FGS, 12)}),
    ("ARI-027 XT-011", lambda p: _fund_total_only(p, SCE),
     {("CNB-ARI-027", SCE, 1), ("CNB-XT-011", FGS, 32)}),
    ("ARI-028 XT-012", lambda p: _fund_rows(p, SCE, "223", "国有资本经营预算支出", "22301",
                                            "解决历史遗留问题及改革成本支出"),
     {("CNB-ARI-028", SCE, 2), ("CNB-XT-011", FGS, 32), ("CNB-XT-012", FGS, 22)}),
    ("ARI-029", lambda p: setmany(p, TPE, {"item_key": "reception"}, total="30.50",
                                  general_public_budget="30.50"),
     {("CNB-ARI-029", TPE, 2), ("CNB-TXT-001", SF, 23)}),
    ("ARI-030", lambda p: setmany(p, TPE, {"item_key": "vehicle_operation"}, total="4.05",
                                  general_public_budget="4.05"),
     {("CNB-ARI-030", TPE, 4), ("CNB-XT-014", TPE, 6), ("CNB-TXT-001", SF, 22)}),
    ("ARI-031", lambda p: p.set(TPE, {"item_key": "reception"}, "general_public_budget", "3.00"),
     {("CNB-ARI-031", TPE, 7), ("CNB-ARI-029", TPE, 2)}),
    ("ARI-032", lambda p: _proc_row(p, position="1", item_name="电脑", total="12.00",
                                    general_public_budget="10.00"),
     {("CNB-ARI-032", PROC, 1), ("CNB-TXT-001", SF, 25)}),
    ("ARI-033", lambda p: [_proc_row(p, position="1", project_name="合计", total="20.00",
                                     general_public_budget="20.00"),
                           _proc_row(p, position="2", item_name="电脑", total="12.00",
                                     general_public_budget="12.00"),
                           _proc_row(p, position="3", item_name="打印机", total="6.00",
                                     general_public_budget="6.00")],
     {("CNB-ARI-033", PROC, 1), ("CNB-TXT-001", SF, 25)}),
    ("ARI-034", lambda p: _proc_row(p, position="1", item_name="电脑", total="12.00",
                                    general_public_budget="12.00", sme_reserved="15.00"),
     {("CNB-ARI-034", PROC, 1), ("CNB-TXT-001", SF, 25)}),
    ("ARI-035", lambda p: p.set(FA, {"item_key": "vehicles"}, "value", "17.08"),
     {("CNB-ARI-035", FA, 1)}),
    # 支出总表 procurement columns (SZ, standard 0.2): 事业运行 (position 5, 62.31) with its
    # parents 20131 (3), 201 (2) and 合计 (1) printed alike, so that only the mutated
    # comparison fails
    ("ARI-070", lambda p: [setmany(p, ES, {"position": pos}, procurement="70.00")
                           for pos in ("1", "2", "3", "5")],
     {("CNB-ARI-070", ES, 5)}),
    ("ARI-071", lambda p: [setmany(p, ES, {"position": pos}, procurement="10.00",
                                   procurement_sme_reserved="12.00")
                           for pos in ("1", "2", "3", "5")],
     {("CNB-ARI-071", ES, 1), ("CNB-ARI-071", ES, 2), ("CNB-ARI-071", ES, 3),
      ("CNB-ARI-071", ES, 5)}),
    ("ARI-072", lambda p: [setmany(p, ES, {"position": pos}, procurement="10.00",
                                   procurement_sme_reserved="5.00",
                                   procurement_small_micro_reserved="6.00")
                           for pos in ("1", "2", "3", "5")],
     {("CNB-ARI-072", ES, 1), ("CNB-ARI-072", ES, 2), ("CNB-ARI-072", ES, 3),
      ("CNB-ARI-072", ES, 5)}),
    # 201 printed 12.00 while its only 款 20131 prints 10.00 (= 6.00 + 4.00 of its 项)
    ("ARI-073", lambda p: [setmany(p, ES, {"position": pos}, procurement=v)
                           for pos, v in (("1", "12.00"), ("2", "12.00"), ("3", "10.00"),
                                          ("4", "6.00"), ("5", "4.00"))],
     {("CNB-ARI-073", ES, 2)}),
    # ---------------------------------------------------------------- cross-table
    ("XT-001", lambda p: setmany(p, IS, {"position": "1"}, total="686.17",
                                 current_year_subtotal="686.17", fiscal_grant="686.17"),
     {("CNB-XT-001", BS, 12), ("CNB-ARI-010", IS, 1)}),
    ("XT-002", lambda p: setmany(p, ES, {"position": "1"}, total="686.17", basic="396.02"),
     {("CNB-XT-002", BS, 32), ("CNB-ARI-012", ES, 1), ("CNB-TXT-001", SF, 9)}),
    ("XT-003", lambda p: p.set(BS, {"side": "expenditure", "function_code": "221"}, "amount",
                               "23.28"),
     {("CNB-XT-003", BS, 20), ("CNB-ARI-004", BS, 32)}),
    ("XT-004", lambda p: _insert_after(p, ES, "5", {
        "position": "17", "line": "17", "function_code": "2013102",
        "function_name": "一般行政管理事务", "unit_code": "", "unit_name": "", "total": "",
        "basic": "", "project": "", "business_expenditure": "", "remittance_to_higher": "",
        "subsidy_to_affiliates": ""}),
     {("CNB-XT-004", ES, 17)}),
    ("XT-005", lambda p: [setmany(p, IS, {"position": "12"}, total="14.51",
                                  current_year_subtotal="14.51", fiscal_grant="14.51"),
                          setmany(p, IS, {"position": "13"}, total="3.98",
                                  current_year_subtotal="3.98", fiscal_grant="3.98")],
     {("CNB-XT-005", IS, 12), ("CNB-XT-005", IS, 13)}),
    ("XT-006", lambda p: p.set(BS, {"item_key": "general_public_budget_grant"}, "amount",
                               "686.17"),
     {("CNB-XT-006", FGS, 1), ("CNB-ARI-001", BS, 10), ("CNB-TXT-001", SF, 2)}),
    ("XT-007", lambda p: setmany(p, GBE, {"position": "1"}, total="686.17", basic="396.02"),
     {("CNB-XT-007", FGS, 32), ("CNB-ARI-021", GBE, 1), ("CNB-XT-013", GBE, 1)}),
    ("XT-008", lambda p: setmany(p, GBE, {"position": "6"}, total="53.37", basic="53.37"),
     {("CNB-XT-008", FGS, 8), ("CNB-ARI-021", GBE, 6), ("CNB-ARI-021", GBE, 1)}),
    ("XT-013", lambda p: setmany(p, BE, {"position": "1"}, total="396.65", personnel="366.95"),
     {("CNB-XT-013", GBE, 1), ("CNB-ARI-023", BE, 1), ("CNB-ARI-024", BE, 1),
      ("CNB-TXT-001", SF, 10)}),
    ("XT-014", lambda p: [setmany(p, TPE, {"item_key": k}, total=v, general_public_budget=v)
                          for k, v in (("vehicle_operation", "4.00"), ("vehicles", "4.00"),
                                       ("three_public_subtotal", "34.00"), ("total", "34.00"))],
     {("CNB-XT-014", TPE, 6), ("CNB-TXT-001", SF, 18), ("CNB-TXT-001", SF, 20),
      ("CNB-TXT-001", SF, 22)}),
    ("XT-015", lambda p: [setmany(p, BE, {"position": "18"}, economic_code="30217",
                                  economic_name="公务接待费"),
                          _swap_rows(p, BE, "17", "18"),
                          [setmany(p, TPE, {"item_key": k}, total=v, general_public_budget=v)
                           for k, v in (("reception", "10.00"), ("three_public_subtotal", "14.50"),
                                        ("total", "14.50"))]],
     {("CNB-XT-015", TPE, 7), ("CNB-TXT-001", SF, 18), ("CNB-TXT-001", SF, 23)}),
    ("XT-016", lambda p: p.set(SF, {"quantity": "operating_costs"}, "value", "35"),
     {("CNB-XT-016", SF, 17)}),
    ("XT-018", lambda p: p.set(FGS, {"item_key": "government_fund_grant"}, "total", "5.00"),
     {("CNB-XT-018", FGS, 2), ("CNB-ARI-014", FGS, 4)}),
    ("XT-019", lambda p: p.set(FGS, {"item_key": "state_capital_grant"}, "total", "5.00"),
     {("CNB-XT-019", FGS, 3), ("CNB-ARI-014", FGS, 4)}),
    # ---------------------------------------------------------------- text, yoy
    ("TXT-001", lambda p: p.set(SF, {"quantity": "project_expenditure", "kind": "level"},
                                "value", "290.51"),
     {("CNB-TXT-001", SF, 12)}),
    ("TXT-002", lambda p: _figure(p, figure_id="f99", section_id="s6", position="99",
                                  quantity="income_total", kind="level", value="687.71",
                                  value_text="687.71万元", unit="万元",
                                  sentence="收入预算687.71万元。"),
     {("CNB-TXT-002", SF, 99), ("CNB-TXT-001", SF, 99)}),
    ("YOY-001", lambda p: p.set(SF, {"quantity": "three_public_total", "kind": "change"},
                                "value", "5"),
     {("CNB-YOY-001", SF, 24)}),
    ("TXT-010 an increase of zero",
     lambda p: p.set(SF, {"figure_id": next(r for r in p.rows(SF) if r["kind"] == "change"
                                             and r["direction"] == "increase")["figure_id"]},
                     "value", "0"),
     {("CNB-TXT-010", SF, 14)}),
    ("YOY-003", lambda p: p.set(SF, {"quantity": "budget_total", "kind": "change"},
                                "base_year", "2021"),
     {("CNB-YOY-003", SF, 14)}),
    # ---------------------------------------------------------------- residue
    ("RES-001", lambda p: _text(p, "s4", "县委办公室的主要职责是",
                                "县委办公室负责XX工作的主要职责是"),
     {("CNB-RES-001", TS, 4)}),
    ("RES-002", lambda p: p.set(PP, {"project_id": "p3"}, "goal", "请输入绩效目标"),
     {("CNB-RES-002", PP, 3)}),
    ("RES-003", lambda p: p.set(PP, {"project_id": "p2"}, "goal", "完成党史编撰。<br>"),
     {("CNB-RES-003", PP, 2)}),
    ("RES-004", lambda p: [setmany(p, TPE, {"item_key": k}, total="", general_public_budget="")
                           for k in ("total", "three_public_subtotal", "vehicles",
                                     "vehicle_operation", "reception")],
     {("CNB-RES-004", TPE, None), ("CNB-TXT-001", SF, 18), ("CNB-TXT-001", SF, 20),
      ("CNB-TXT-001", SF, 22), ("CNB-TXT-001", SF, 23), ("CNB-XT-014", TPE, 6)}),
    ("RES-005", lambda p: p.add(BE, {"position": "24", "line": "", "economic_code": "",
                                     "economic_name": "", "total": "0.00", "personnel": "0.00",
                                     "public_expenses": ""}),
     # (economic_name is no longer required: a unit's subtotal row prints none)
     {("CNB-RES-005", BE, 24)}),
    # ---------------------------------------------------------------- performance
    ("PRF-001", lambda p: p.add(PG, {"goal_id": "g14", "scope": "item", "position": "14",
                                     "name": "档案数字化经费", "text": "完成档案数字化。",
                                     "withheld": "false", "withheld_reason": ""}),
     {("CNB-PRF-001", PG, 14)}),
    ("PRF-002", lambda p: p.set(PP, {"project_id": "p3"}, "goal", ""),
     {("CNB-PRF-002", PP, 3)}),
    ("PRF-003", lambda p: p.set(PI, {"project_id": "p2", "position": "5"}, "value_text", ""),
     {("CNB-PRF-003", PI, 5)}),
    ("PRF-004", lambda p: setmany(p, PI, {"project_id": "p2", "position": "1"},
                                  value_text="约2k本", comparison="", number="", unit=""),
     {("CNB-PRF-004", PI, 1)}),
    ("PRF-005", lambda p: p.set(PI, {"project_id": "p2", "position": "7"}, "number", "195"),
     {("CNB-PRF-005", PI, 7)}),
    ("PRF-006", lambda p: p.set(PI, {"project_id": "p2", "position": "5"}, "value_text",
                                "不公开"),
     {("CNB-PRF-006", PI, 5)}),
]

__all__ = ["CASES", "json"]
