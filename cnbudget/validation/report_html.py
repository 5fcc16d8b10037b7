"""Self-contained offline HTML reports (no scripts, no external resources): one per
validation (drawn by :mod:`cnbudget.review.report_html`), and a summary of a batch. Each
rule links to its documentation page."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

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


def render(v: Validation, docs_url: str | None = None) -> str:
    """The HTML report of one validation; drawn by :mod:`cnbudget.review.report_html`
    (which adds page crops when the source PDF is at hand)."""
    from cnbudget.review.report_html import render_report
    from cnbudget.validation.report_json import report_dict

    return render_report(report_dict(v), docs_url)


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
