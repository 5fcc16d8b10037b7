"""Pages of the codelists: an index and one page per list with all its rows."""

from __future__ import annotations

from typing import Any

from cnbudget import standard
from docgen.md import LANGS, Lang, cell, code, lang_switch, pick, t, table


def page_path(name: str, lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + f"reference/codelists/{name}.md"


def index_path(lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + "reference/codelists/index.md"


def _title(meta: dict[str, Any], lang: Lang) -> str:
    return str(meta["title"] if lang == "zh" else meta.get("title_en") or meta["title"])


def _status(status: str, lang: Lang) -> str:
    if status == "open":
        return t(lang, "开放（open）", "open")
    return t(lang, "封闭（closed）", "closed")


def _years(meta: dict[str, Any], lang: Lang) -> str:
    fy = meta.get("fiscal_years") or {}
    start, end = fy.get("from"), fy.get("to")
    if start is None and end is None:
        return t(lang, "不限年度", "all years")
    left = str(start) if start is not None else "…"
    right = str(end) if end is not None else t(lang, "至今", "present")
    return f"{left}–{right}"


def users() -> dict[str, list[tuple[str, str]]]:
    """Codelist name → the (table, field) pairs whose field points at it (``x-codelist``)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in standard.table_names():
        for f in standard.table_schema(name)["fields"]:
            if f.get("x-codelist"):
                out.setdefault(str(f["x-codelist"]), []).append((name, str(f["name"])))
    return out


def codelist_page(name: str, lang: Lang, used_by: list[tuple[str, str]]) -> str:
    cl = standard.codelist(name)
    meta = cl.meta
    other = ("../../en/" if lang == "zh" else "../../../") + f"reference/codelists/{name}.md"
    heading = (f"{cell(_title(meta, lang))} <code>{name}</code>" if lang == "zh"
               else f"Codelist <code>{name}</code>: {cell(_title(meta, lang))}")
    lines = [f"# {heading}\n", lang_switch(lang, other)]
    lines.append(cell(pick(str(meta.get("description", "")), lang)) + "\n")
    status_note = (
        t(lang, "开放列表：不在列表中的代码是警告，不是错误。",
          "Open list: a code missing from the list is a warning, not an error.")
        if cl.status == "open" else
        t(lang, "封闭列表：只允许列表中的代码。", "Closed list: only the codes listed are valid.")
    )
    props: list[tuple[str, str]] = [
        (t(lang, "名称", "Name"), code(name)),
        (t(lang, "中文名", "Chinese title"), cell(meta["title"])),
        (t(lang, "英文名", "English title"), cell(meta.get("title_en", ""))),
        (t(lang, "状态", "Status"), _status(cl.status, lang) + " — " + status_note),
        (t(lang, "适用财年", "Fiscal years"), _years(meta, lang)),
        (t(lang, "代码列", "Key column"), code(cl.key)),
        (t(lang, "行数", "Rows"), str(len(cl.rows))),
        (t(lang, "来源", "Source"), cell(pick(str(meta.get("source", "")), lang))),
        (t(lang, "文件", "File"), code(f"schema/codelists/{meta['path']}")),
    ]
    if used_by:
        props.append((
            t(lang, "引用它的字段", "Fields that use it"),
            "<br>".join(f"[{cell(tb)}](../tables/{tb}.md#field-{fd}).{code(fd)}"
                        for tb, fd in used_by),
        ))
    lines.append(table([t(lang, "属性", "Property"), t(lang, "值", "Value")], props))
    lines.append(f"## {t(lang, '代码', 'Codes')}\n")
    if cl.rows:
        columns = list(cl.rows[0].keys())
        rows = [[code(r.get(c, "")) if c == cl.key else cell(r.get(c, "")) for c in columns]
                for r in cl.rows]
        lines.append(table([code(c) for c in columns], rows))
    else:
        lines.append(t(lang, "（空列表）", "(empty list)") + "\n")
    return "\n".join(lines)


def index_page(lang: Lang) -> str:
    other = ("../../en/" if lang == "zh" else "../../../") + "reference/codelists/index.md"
    lines = [f"# {t(lang, '代码表', 'Codelists')}\n", lang_switch(lang, other)]
    lines.append(t(
        lang,
        "分类代码是数据，各有代码表（CSV），按财年版本化。开放列表中的未知代码：上级已收录的为"
        "提示（CNB-COD-011，每表一条），上级也未收录的为警告（CNB-COD-005）；"
        "封闭列表只接受列出的代码（其 <code>enum</code> 与 CSV 一致）。三张分类代码表的每个条目"
        "在 <code>source</code> 列注明来源（<code>official:</code> 凭对官方版本的了解录入，"
        "<code>corpus:</code> 语料中印刷之处），由 <code>tools/harvest_codes.py</code> 与 "
        "<code>tools/build_codelists.py</code> 重建。",
        "Classification codes are data with their own codelists (CSV), versioned by fiscal "
        "year. An unknown code in an open list is an INFO when its parent is listed "
        "(CNB-COD-011, once per table) and a warning when its parent is unknown too "
        "(CNB-COD-005); a closed list accepts only the codes listed (its <code>enum</code> "
        "equals the CSV). Each entry of the three classification lists names its source in "
        "the <code>source</code> column (<code>official:</code> from knowledge of the "
        "official edition, <code>corpus:</code> where the corpus prints it); "
        "<code>tools/harvest_codes.py</code> and <code>tools/build_codelists.py</code> "
        "rebuild them.",
    ) + "\n")
    rows = []
    for meta in standard.codelist_registry():
        cl = standard.codelist(str(meta["name"]))
        rows.append([
            f"[{cell(_title(meta, lang))}]({meta['name']}.md)",
            code(meta["name"]),
            _status(cl.status, lang),
            _years(meta, lang),
            str(len(cl.rows)),
        ])
    headers = (["代码表", "名称", "状态", "适用财年", "行数"] if lang == "zh"
               else ["Codelist", "Name", "Status", "Fiscal years", "Rows"])
    lines.append(table(headers, rows))
    return "\n".join(lines)


def pages() -> dict[str, str]:
    out: dict[str, str] = {}
    used = users()
    for lang in LANGS:
        out[index_path(lang)] = index_page(lang)
        for meta in standard.codelist_registry():
            name = str(meta["name"])
            out[page_path(name, lang)] = codelist_page(name, lang, used.get(name, []))
    return out
