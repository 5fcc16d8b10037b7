"""The rule catalogue page: one entry per rule, anchored at its code in lower case."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from cnbudget import standard
from docgen.md import LANGS, Lang, cell, code, compact_json, lang_switch, t, table

SEVERITY: dict[str, tuple[str, str]] = {
    "error": ("错误（ERROR）：自相矛盾或违反“必须”",
              "ERROR: a self-contradiction or a broken must"),
    "warning": ("警告（WARNING）：需要说明", "WARNING: needs an explanation"),
    "info": ("提示（INFO）：措辞或观察", "INFO: wording or an observation"),
}


class CatalogueMissing(Exception):
    """The rule catalogue could not be read."""


def page_path(lang: Lang) -> str:
    return ("" if lang == "zh" else "en/") + "reference/rules.md"


def rule_anchor(code_: str) -> str:
    """The HTML id of a rule's entry: its code in lower case."""
    return code_.lower()


def _text(value: Any, lang: Lang) -> str:
    """A ``{zh, en}`` mapping (or a plain value) in one language."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh") or value.get("en") or "")
    return "" if value is None else str(value)


SEVERITY_SHORT: dict[str, tuple[str, str]] = {
    "error": ("错误", "ERROR"), "warning": ("警告", "WARNING"), "info": ("提示", "INFO"),
}


def _severity(sev: str, lang: Lang, short: bool = False) -> str:
    zh, en = (SEVERITY_SHORT if short else SEVERITY).get(sev.lower(), (sev, sev))
    return f'<span class="severity severity-{cell(sev.lower())}">{t(lang, zh, en)}</span>'


def _tolerance(value: Any, lang: Lang) -> str:
    if value is None or value == "":
        return t(lang, "不适用（精确比较或非数值规则）", "not applicable (exact or non-numeric)")
    if isinstance(value, dict) and ("zh" in value or "en" in value):
        return cell(_text(value, lang))
    if isinstance(value, dict | list):
        return code(compact_json(value))
    return cell(value)


def _block(text: str) -> str:
    """Text as a fenced block when it spans lines, else as a quoted paragraph."""
    text = text.rstrip()
    if "\n" in text:
        return "```text\n" + text + "\n```\n"
    return "> " + cell(text) + "\n"


def _basis(rule: dict[str, Any], lang: Lang) -> str:
    basis = rule.get("severity_basis") or {}
    name = str(basis.get("basis", ""))
    try:
        info = (standard.severity_policy().get("bases") or {}).get(name) or {}
    except OSError:
        info = {}
    title = _text(info.get("title"), lang) or name
    reason = _text(basis.get("reason"), lang)
    return f"[{cell(title)}](#severity-policy) ({code(name)}): {cell(reason)}"


FREQUENCIES = Path(__file__).resolve().parents[2] / "data" / "rule_frequencies.json"


@cache
def rule_frequencies() -> dict[str, Any]:
    """How often each rule fired on the corpus (docs/data/rule_frequencies.json, made by
    tools/rule_frequencies.py from a sweep of benchmarks/corpus.py); {} when absent."""
    if not FREQUENCIES.is_file():
        return {}
    data: dict[str, Any] = json.loads(FREQUENCIES.read_text(encoding="utf-8"))
    return data


def _frequency(rcode: str, lang: Lang) -> str:
    data = rule_frequencies()
    if not data:
        return t(lang, "（无语料库统计）", "(no corpus statistics)")
    row = (data.get("rules") or {}).get(rcode)
    if not row:
        return t(lang, f"0 次（{data.get('disclosures', '?')} 份文件）",
                 f"0 (in {data.get('disclosures', '?')} disclosures)")
    return t(lang, f"{row['findings']} 次，涉及 {row['disclosures']} 份文件（共 "
                   f"{data.get('disclosures', '?')} 份，{data.get('created', '')}）",
             f"{row['findings']} times in {row['disclosures']} of "
             f"{data.get('disclosures', '?')} disclosures ({data.get('created', '')})")


def policy_section(lang: Lang) -> str:
    """The severity policy (schema/rules/severity_policy.yaml) as a section."""
    try:
        policy = standard.severity_policy()
    except OSError:
        return ""
    lines = [f"## {t(lang, '定级原则', 'Severity policy')} {{#severity-policy}}\n",
             cell(_text(policy.get("principle"), lang)) + "\n"]
    rows = [[code(name), _severity(str(b.get("severity", "")), lang, short=True),
             cell(_text(b.get("title"), lang)), cell(_text(b.get("description"), lang))]
            for name, b in (policy.get("bases") or {}).items()]
    lines.append(table([t(lang, "依据", "Basis"), t(lang, "严重程度", "Severity"),
                        t(lang, "名称", "Name"), t(lang, "含义", "Meaning")], rows))
    variants = [cell(_text(v, lang)) for v in policy.get("name_variants") or []]
    if variants:
        lines.append(t(lang, "印刷名称的写法差异（提示，CNB-COD-010）：",
                       "Printed-name variants (INFO, CNB-COD-010):") + "\n")
        lines.extend(f"- {v}" for v in variants)
        lines.append("")
    note = _text(policy.get("empty_table_note"), lang)
    if note:
        lines.append(t(lang, "空表的说明：", "The note of an empty table: ") + cell(note) + "\n")
    data = rule_frequencies()
    lines.append(t(
        lang,
        "“语料库触发次数”来自 <code>docs/data/rule_frequencies.json</code>，由 "
        "<code>python benchmarks/corpus.py --json sweep.json</code> 后运行 "
        "<code>python tools/rule_frequencies.py sweep.json</code> 重新生成"
        + (f"（当前：{data.get('created', '')}，{data.get('disclosures', '?')} 份文件）" if data
           else "") + "。",
        "“Fired on the corpus” comes from <code>docs/data/rule_frequencies.json</code>; "
        "refresh it with <code>python benchmarks/corpus.py --json sweep.json</code> then "
        "<code>python tools/rule_frequencies.py sweep.json</code>"
        + (f" (now: {data.get('created', '')}, {data.get('disclosures', '?')} disclosures)"
           if data else "") + ".") + "\n")
    return "\n".join(lines)


def load() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        return standard.rule_families(), standard.rules()
    except (OSError, KeyError, TypeError) as exc:
        raise CatalogueMissing(str(exc)) from exc


def _entry(rule: dict[str, Any], families: dict[str, Any], lang: Lang) -> str:
    rcode = str(rule["code"])
    fam = str(rule.get("family", ""))
    fam_title = _text((families.get(fam) or {}).get("title"), lang) or fam
    title = cell(_text(rule.get("title"), lang))
    lines = [f"### {cell(rcode)} {title} {{#{rule_anchor(rcode)}}}\n"]
    props = [
        (t(lang, "代码", "Code"), code(rcode)),
        (t(lang, "严重程度", "Severity"), _severity(str(rule.get("severity", "")), lang)),
        (t(lang, "类别", "Family"), f"[{cell(fam_title)}](#family-{fam}) ({code(fam)})"),
        (t(lang, "定级依据", "Severity basis"), _basis(rule, lang)),
        (t(lang, "语料库触发次数", "Fired on the corpus"), _frequency(rcode, lang)),
        (t(lang, "规则类型", "Rule type"), code(rule.get("type", ""))),
        (t(lang, "容差", "Tolerance"), _tolerance(rule.get("tolerance"), lang)),
        (t(lang, "起始版本", "Since"), code(rule.get("since", ""))),
    ]
    if rule.get("params"):
        props.append((t(lang, "参数", "Parameters"), code(compact_json(rule["params"]))))
    lines.append(table([t(lang, "属性", "Property"), t(lang, "值", "Value")], props))
    desc = _text(rule.get("description"), lang)
    if desc:
        lines.append(f"**{t(lang, '检查内容', 'What it checks')}**: {cell(desc)}\n")
    msg = _text(rule.get("message"), lang)
    if msg:
        lines.append(f"**{t(lang, '提示信息模板', 'Message template')}**:\n")
        lines.append(_block(msg))
    example = rule.get("example") or {}
    if example:
        lines.append(f"**{t(lang, '违反本规则的数据示例', 'Example of data that breaks it')}**:\n")
        lines.append(_block(_text(example.get("data"), lang)))
        lines.append(f"**{t(lang, '给出的提示', 'Message it gives')}**:\n")
        lines.append(_block(_text(example.get("message"), lang)))
    return "\n".join(lines)


def rules_page(lang: Lang) -> str:
    other = ("../en/" if lang == "zh" else "../../") + "reference/rules.md"
    lines = [f"# {t(lang, '规则目录', 'Rule catalogue')}\n", lang_switch(lang, other)]
    families, rules = load()
    lines.append(t(
        lang,
        "规则目录是标准的一部分（<code>schema/rules/catalogue.yaml</code>）：每条规则有稳定的代码、"
        "严重程度（依定级原则：错误＝自相矛盾或违反“必须”，警告＝缺少或不一致的说明，提示＝措辞与观察）、"
        "中英文提示信息及其首次出现的版本。"
        "每条规则的锚点是其代码的小写形式，例如 <code>rules.html#"
        + (rule_anchor(str(rules[0]["code"])) if rules else "code") + "</code>。"
        "金额比较在公布单位下进行：n 个四舍五入的加数与合计之差最多为 n × 末位的一半；"
        "在容差内但不为零的差异至多为提示。",
        "The rule catalogue is part of the standard (<code>schema/rules/catalogue.yaml</code>): "
        "each rule has a stable code, a severity by the severity policy below (ERROR = a "
        "self-contradiction or a broken must, WARNING = a missing or inconsistent explanation, "
        "INFO = wording and observations), messages in Chinese and English and the version it "
        "appeared in. Each entry "
        "is anchored at its code in lower case, e.g. <code>rules.html#"
        + (rule_anchor(str(rules[0]["code"])) if rules else "code") + "</code>. Amounts are "
        "compared in the published unit: a sum of n rounded addends may differ from the "
        "printed total by at most n × half of the last printed digit; a gap within tolerance "
        "but not zero is at most an INFO.",
    ) + "\n")
    lines.append(policy_section(lang))
    summary = []
    for r in rules:
        summary.append([
            f"[{cell(r['code'])}](#{rule_anchor(str(r['code']))})",
            _severity(str(r.get("severity", "")), lang, short=True),
            code(r.get("family", "")),
            cell(_text(r.get("title"), lang)),
        ])
    lines.append(f"## {t(lang, '一览', 'Summary')}\n")
    lines.append(table([t(lang, "代码", "Code"), t(lang, "严重程度", "Severity"),
                        t(lang, "类别", "Family"), t(lang, "规则", "Rule")], summary))
    fam_order = list(families)
    fam_order += sorted({str(r.get("family", "")) for r in rules} - set(fam_order))
    for fam in fam_order:
        members = [r for r in rules if str(r.get("family", "")) == fam]
        info = families.get(fam) or {}
        title = _text(info.get("title"), lang) or fam
        lines.append(f"## {cell(title)} {{#family-{fam}}}\n")
        fdesc = _text(info.get("description"), lang)
        if fdesc:
            lines.append(cell(fdesc) + "\n")
        if not members:
            lines.append(t(lang, "（本类暂无规则）", "(no rules in this family yet)") + "\n")
        for r in members:
            lines.append(_entry(r, families, lang))
    return "\n".join(lines)


def missing_page(lang: Lang, reason: str) -> str:
    return (f"# {t(lang, '规则目录', 'Rule catalogue')}\n\n"
            "!!! warning\n    "
            f"{cell(t(lang, '规则目录无法读取：', 'The rule catalogue could not be read: '))}"
            f"{cell(reason)}\n")


def pages() -> dict[str, str]:
    return {page_path(lang): rules_page(lang) for lang in LANGS}
