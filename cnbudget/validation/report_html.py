"""Self-contained offline HTML reports (no scripts, no external resources): one per
validation, and a summary of a batch. Each rule links to its documentation page."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from cnbudget.validation.findings import Finding
from cnbudget.validation.runner import rule

if TYPE_CHECKING:
    from cnbudget.validation.api import Validation

DEFAULT_DOCS_URL = "reference/rules.html"
SAMPLES = 20
CSS = """body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;
color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;
padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.error{color:#b00020;font-weight:bold}.warning{color:#a15c00}.info{color:#00639b}
.valid{color:#1b7f3b;font-weight:bold}.invalid{color:#b00020;font-weight:bold}
details{margin:.6em 0}summary{cursor:pointer}small{color:#666}code{background:#f6f6f6}"""


def rule_link(code: str, docs_url: str | None) -> str:
    base = docs_url or DEFAULT_DOCS_URL
    return f'<a href="{escape(base)}#{escape(code.lower())}">{escape(code)}</a>'


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}"
            "</body></html>\n")


def _where(f: Finding) -> str:
    loc = f.location
    page = f"p.{loc.page}" if loc.page is not None else ""
    line = f" l.{loc.line}" if loc.line is not None else ""
    src = f"{escape(loc.source or '')} {page}{line}".strip()
    row = "" if loc.position is None else f"#{loc.position}"
    return (f"{escape(loc.resource or loc.label or '')}{row} {escape(loc.field or '')}"
            f"<br><small>{src}</small>")


def _provenance(v: Validation) -> str:
    d = v.to_dict()["provenance"]
    files = "".join(f"<li><code>{escape(i['path'])}</code> <small>sha256 {i['sha256']}"
                    "</small></li>" for i in d["inputs"])
    return (f"<details><summary>Provenance / 来源</summary><ul>"
            f"<li>toolkit cnbudget {escape(d['toolkit']['version'])}, standard "
            f"{escape(d['standard']['version'])}, codelists sha256 "
            f"{d['codelists']['sha256'][:16]}…</li><li>created {escape(d['created'])}</li>"
            f"<li>config {escape(str(d['config']))}</li>{files}</ul></details>")


def render(v: Validation, docs_url: str | None = None) -> str:
    pkg = v.package or {}
    title = f"cnbudget validation — {pkg.get('name') or v.target}"
    parts = [f"<h1>{escape(title)}</h1>",
             f"<p>{escape(str(pkg.get('title') or ''))} · {escape(str(pkg.get('publisher') or ''))}"
             f" · {escape(str(pkg.get('fiscal_year') or ''))}</p>",
             f'<p>Status / 结论: <span class="{v.status}">{v.status}</span></p>']
    if v.result is None:
        parts.append(f'<p class="error">Could not run / 无法校验: {escape(v.error or "")}</p>')
        parts.append(_provenance(v))
        return _page(title, "".join(parts))
    counts = v.result.counts()
    parts.append("<table><tr><th>error</th><th>warning</th><th>info</th><th>not evaluated"
                 f"</th></tr><tr><td class=error>{counts['error']}</td><td class=warning>"
                 f"{counts['warning']}</td><td class=info>{counts['info']}</td><td>"
                 f"{len(v.result.not_evaluated)}</td></tr></table>")
    groups: dict[str, list[Finding]] = {}
    for f in v.result.findings:
        groups.setdefault(f.code, []).append(f)
    parts.append("<h2>Findings by rule / 按规则</h2>")
    for code, findings in groups.items():
        spec = rule(code)
        sev = findings[0].severity.value
        rows = "".join(
            f"<tr><td>{_where(f)}</td><td>{escape(f.message_zh)}<br><small>"
            f"{escape(f.message_en)}</small></td><td>{escape(f.expected or '')}</td>"
            f"<td>{escape(f.actual or '')}</td><td>{escape(f.difference or '')}</td></tr>"
            for f in findings[:SAMPLES])
        more = (f"<p><small>… {len(findings) - SAMPLES} more in the CSV/JSON report</small></p>"
                if len(findings) > SAMPLES else "")
        default = findings[0].default_severity.value
        sev_note = sev if sev == default else f"{sev} (default {default})"
        parts.append(
            f'<details open><summary><span class="{sev}">{escape(sev_note)}</span> '
            f"{rule_link(code, docs_url)} {escape(spec.title['zh'])} / "
            f"{escape(spec.title['en'])} — {len(findings)}</summary><table><tr><th>where / 位置"
            "</th><th>message / 说明</th><th>expected</th><th>actual</th><th>difference</th>"
            f"</tr>{rows}</table>{more}</details>")
    if v.result.not_evaluated:
        items = "".join(f"<li>{rule_link(n.code, docs_url)} {escape(n.resource or '')}: "
                        f"{escape(n.reason)}</li>" for n in v.result.not_evaluated)
        parts.append(f"<h2>Not evaluated / 未能评估</h2><ul>{items}</ul>")
    if v.result.silenced:
        parts.append("<p>Silenced / 已关闭: " + ", ".join(
            rule_link(c, docs_url) for c in v.result.silenced) + "</p>")
    parts.append(_provenance(v))
    return _page(title, "".join(parts))


def render_summary(validations: Iterable[Validation], reports: dict[str, str] | None = None
                   ) -> str:
    from cnbudget.validation.report_csv import summary_row

    reports = reports or {}
    rows = []
    for v in validations:
        r = summary_row(v)
        link = reports.get(v.target)
        name = (f'<a href="{escape(link)}">{escape(r["input"])}</a>' if link
                else escape(r["input"]))
        rows.append(f"<tr><td>{name}</td><td>{escape(r['publisher'])}</td><td>"
                    f"{escape(r['fiscal_year'])}</td><td class={r['status']}>"
                    f"{escape(r['status'])}<br><small>{escape(r['problem'])}</small></td>"
                    f"<td>{r['error']}</td><td>{r['warning']}</td><td>{r['info']}</td>"
                    f"<td>{escape(r['top_rules'])}</td></tr>")
    body = ("<h1>cnbudget validate — summary / 汇总</h1><table><tr><th>submission</th>"
            "<th>publisher</th><th>year</th><th>status</th><th>error</th><th>warning</th>"
            f"<th>info</th><th>top rules</th></tr>{''.join(rows)}</table>")
    return _page("cnbudget validate — summary", body)
