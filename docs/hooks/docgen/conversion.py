"""The conversion problems page: every code a converter reports in a conversion report, from
the standard's catalogue (schema/rules/conversion.yaml), anchored at its code in lower case."""

from __future__ import annotations

from typing import Any

from cnbudget import standard
from docgen.md import LANGS, Lang, cell, code, lang_switch, t, table


def page_path(lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + "reference/conversion.md"


def _text(value: Any, lang: Lang) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh") or "")
    return "" if value is None else str(value)


def _example(problem: dict[str, Any], lang: Lang) -> str:
    """The message rendered from the catalogue's example, as a reader of a report sees it."""
    example = {str(k): v for k, v in (problem.get("example") or {}).items()}
    try:
        return _text(problem.get("message"), lang).format(**example)
    except (KeyError, IndexError, ValueError):
        return ""


def conversion_page(lang: Lang) -> str:
    other = ("../en/" if lang == "zh" else "../../") + "reference/conversion.md"
    problems = standard.conversion_problems()
    lines = [f"# {t(lang, '转换问题', 'Conversion problems')}\n", lang_switch(lang, other)]
    lines.append(t(
        lang,
        "转换器遇到的每个问题都作为一条记录写入转换报告（<code>conversion_report.json</code>，"
        "其结构见 <code>schema/profile/conversion_report.schema.json</code>）："
        "代码、位置（文件、页、框；行、工作表、单元格）、表、印刷原文和下列数据。问题目录是标准的一部分"
        "（<code>schema/rules/conversion.yaml</code>）。原则：一个坏单元格不会让整张表作废，"
        "一张坏表不会让整份文件作废。",
        "Every problem a converter meets is a record of the conversion report "
        "(<code>conversion_report.json</code>, described by "
        "<code>schema/profile/conversion_report.schema.json</code>): its code, place (file, page, "
        "box; line, sheet, cell), table, printed text and the data below. The catalogue is part "
        "of the standard (<code>schema/rules/conversion.yaml</code>). Principle: one bad cell "
        "never costs a table, one bad table never costs a document.") + "\n")
    rows = [[f"[{cell(c)}](#{c.lower()})", code(p.get("kind", "")),
             cell(_text(p.get("title"), lang))] for c, p in problems.items()]
    lines.append(table([t(lang, "代码", "Code"), t(lang, "类别", "Kind"),
                        t(lang, "问题", "Problem")], rows))
    for c, p in problems.items():
        lines.append(f"## {cell(c)} {cell(_text(p.get('title'), lang))} {{#{c.lower()}}}\n")
        lines.append(cell(_text(p.get("description"), lang)) + "\n")
        data = p.get("data") or []
        if data:
            lines.append(t(lang, "记录中的数据：", "Data in the record: ")
                         + "、".join(code(d) for d in data) + "\n")
        lines.append(f"**{t(lang, '提示模板', 'Message template')}**: "
                     + code(_text(p.get("message"), lang)) + "\n")
        example = _example(p, lang)
        if example:
            lines.append(f"**{t(lang, '示例', 'Example')}**: {cell(example)}\n")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    return {page_path(lang): conversion_page(lang) for lang in LANGS}
