"""OUT/summary.html: a reviewer's offline one-file dashboard of a batch.

Read from the batch's ``manifest.jsonl`` (one JSON line per disclosure) and
``findings.csv`` (one line per finding): the status of every disclosure, the findings per
rule with their counts, filters by region, department, status and rule (plain JavaScript in
the page, no network), charts as inline SVG (findings per rule, disclosures per status,
seconds per document) and a link to each disclosure's report. Every text from a document is
escaped; the data the filters use is embedded as JSON that cannot close its ``<script>``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from cnbudget.atomic import write_file
from cnbudget.review.html import bi, esc, json_for_script, page

STATUSES = ("ok", "invalid", "refused", "failed")
STATUS_ZH = {"ok": "通过", "invalid": "有错误", "refused": "拒收", "failed": "失败"}
STATUS_COLOUR = {"ok": "#1b7f3b", "invalid": "#b00020", "refused": "#8a4b00",
                 "failed": "#5b2a86"}
SEV_COLOUR = {"error": "#b00020", "warning": "#c77700", "info": "#00639b"}
MAX_BARS = 40
"""Bars per chart; the rest are summed into one bar "others"."""


class DashboardError(Exception):
    """The batch folder cannot be summarised; the message names the file."""


def read_manifest(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The manifest's records and the problems of the lines that could not be read."""
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path.name} line {n}: not JSON ({exc.msg})")
                continue
            if not isinstance(rec, dict) or not rec.get("id"):
                problems.append(f"{path.name} line {n}: not a disclosure record (no id)")
                continue
            records.append(rec)
    return records, problems


def read_findings(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="", errors="replace") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def _report_link(out_dir: Path, rec: dict[str, Any]) -> str | None:
    """The disclosure's HTML report beside its JSON report when there is one, else the JSON;
    only paths inside the batch folder."""
    rel = rec.get("report")
    if not isinstance(rel, str) or not rel or "://" in rel or rel.startswith("/"):
        return None
    target = (out_dir / rel).resolve()
    if not target.is_relative_to(out_dir.resolve()):
        return None
    html = target.with_suffix(".html")
    if html.is_file():
        return html.relative_to(out_dir.resolve()).as_posix()
    return target.relative_to(out_dir.resolve()).as_posix() if target.is_file() else None


def _bar_chart(title: str, bars: list[tuple[str, float, str]], unit: str = "",
               label_w: int = 150) -> str:
    """A horizontal bar chart as inline SVG (labels escaped)."""
    if not bars:
        return f"<figure><figcaption>{title}</figcaption><p><small>—</small></p></figure>"
    if len(bars) > MAX_BARS:
        rest = bars[MAX_BARS - 1:]
        bars = [*bars[:MAX_BARS - 1], (f"其他 others ({len(rest)})",
                                       sum(b[1] for b in rest), "#888")]
    top = max(b[1] for b in bars) or 1.0
    row_h, bar_w = 20, 300
    width = label_w + bar_w + 80
    h = row_h * len(bars) + 8
    rows = []
    for i, (label, value, colour) in enumerate(bars):
        y = 4 + i * row_h
        w = max(1.0, bar_w * value / top) if value else 0.0
        shown = f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"
        rows.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                    f"{esc(label[:28])}</text><rect x=\"{label_w}\" y=\"{y + 3}\" "
                    f'width="{w:.1f}" height="{row_h - 6}" fill="{esc(colour)}"><title>'
                    f"{esc(label)}: {esc(shown)}</title></rect>"
                    f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{esc(shown)}</text>')
    return (f"<figure><figcaption>{title}</figcaption><div class=scroll><svg "
            f'role="img" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
            f'style="max-width:100%;height:auto">{"".join(rows)}</svg></div></figure>')


def _rule_titles(codes: list[str]) -> dict[str, tuple[str, str]]:
    from cnbudget.validation.runner import rule

    out: dict[str, tuple[str, str]] = {}
    for code in codes:
        try:
            spec = rule(code)
            out[code] = (str(spec.title.get("zh", "")), str(spec.title.get("en", "")))
        except KeyError:
            out[code] = ("", "")
    return out


def render_dashboard(out_dir: Path, records: list[dict[str, Any]],
                     findings: list[dict[str, str]], problems: list[str]) -> str:
    by_pkg: dict[str, Counter[str]] = defaultdict(Counter)
    severity: dict[str, Counter[str]] = defaultdict(Counter)
    known = {str(r["id"]) for r in records}
    orphans = 0
    for f in findings:
        pid, code = f.get("package_id") or "", f.get("code") or ""
        if pid not in known:
            orphans += 1
        by_pkg[pid][code] += 1
        severity[code][f.get("severity") or ""] += 1
    if orphans:
        problems = [*problems, f"findings.csv: {orphans} findings name a disclosure the "
                               "manifest does not list"]
    rule_total = Counter(f.get("code") or "" for f in findings)
    codes = sorted(rule_total, key=lambda c: (-rule_total[c], c))
    titles = _rule_titles(codes)
    status_count = Counter(str(r.get("status") or "") for r in records)

    def options(values: set[str]) -> str:
        return "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in sorted(values))

    regions = {str(r.get("region") or "") for r in records} - {""}
    departments = {str(r.get("department") or "") for r in records} - {""}
    body = [f"<h1>{bi('批量校验汇总', 'Batch summary')}</h1>"]
    body.append('<div class="cards">' + f'<div class="card"><b>{len(records)}</b>'
                f"{bi('份公开文件', 'disclosures')}</div>" + "".join(
                    f'<div class="card {s}"><b id="n-{s}">{status_count.get(s, 0)}</b>'
                    f"{bi(STATUS_ZH[s], s)}</div>" for s in STATUSES) +
                f'<div class="card"><b>{len(findings)}</b>{bi("条问题", "findings")}</div>'
                "</div>")
    if problems:
        body.append('<details open><summary class="warning">'
                    f"{bi('未能读取的记录', 'Records that could not be read')} — "
                    f"{len(problems)}</summary><ul>" +
                    "".join(f"<li>{esc(p)}</li>" for p in problems) + "</ul></details>")
    body.append(
        '<form class="filters" id="filters" onsubmit="return false">'
        f'<label>{bi("地区", "region")}<select id="f-region"><option value="">全部 all'
        f"</option>{options(regions)}</select></label>"
        f'<label>{bi("部门", "department")}<select id="f-department"><option value="">全部 '
        f"all</option>{options(departments)}</select></label>"
        f'<label>{bi("状态", "status")}<select id="f-status"><option value="">全部 all'
        f"</option>{options(set(status_count))}</select></label>"
        f'<label>{bi("规则", "rule")}<select id="f-rule"><option value="">全部 all</option>'
        f"{options(set(codes))}</select></label>"
        f'<button type="button" id="f-reset">{bi("清除", "reset")}</button>'
        f'<span id="shown" aria-live="polite"></span></form>')
    rows = []
    for r in records:
        pid = str(r["id"])
        c: dict[str, Any] = r["counts"] if isinstance(r.get("counts"), dict) else {}
        link = _report_link(out_dir, r)
        name = (f'<a href="{esc(link)}">{esc(pid)}</a>' if link else esc(pid))
        status = str(r.get("status") or "")
        rules = " ".join(sorted(by_pkg.get(pid, {})))
        secs = r.get("seconds")
        peak = r.get("peak_mb")
        rows.append(
            f'<tr class="pkg" data-id="{esc(pid)}" data-region="{esc(r.get("region") or "")}" '
            f'data-department="{esc(r.get("department") or "")}" data-status="{esc(status)}" '
            f'data-rules="{esc(rules)}"><td>{name}</td><td>{esc(r.get("region") or "")}</td>'
            f"<td>{esc(r.get('department') or '')}</td><td>{esc(r.get('fiscal_year') or '')}"
            f"<br><small>{esc(r.get('document_kind') or '')}</small></td>"
            f'<td><span class="{esc(status)}">{esc(STATUS_ZH.get(status, status))} '
            f"{esc(status)}</span><br><small>{esc(r.get('reason') or '')}</small></td>"
            f"<td class=num>{esc(c.get('error', ''))}</td>"
            f"<td class=num>{esc(c.get('warning', ''))}</td>"
            f"<td class=num>{esc(c.get('info', ''))}</td>"
            f"<td class=num>{esc(f'{secs:.1f}' if isinstance(secs, int | float) else '')}</td>"
            f"<td class=num>{esc(f'{peak:.0f}' if isinstance(peak, int | float) else '')}"
            "</td></tr>")
    body.append(f"<h2>{bi('公开文件', 'Disclosures')}</h2><div class=scroll><table "
                'id="packages"><thead><tr><th>数据包 package</th><th>地区 region</th><th>部门 '
                "department</th><th>年度 year</th><th>状态 status</th><th>错误 error</th>"
                "<th>警告 warning</th><th>提示 info</th><th>秒 s</th><th>内存 MB</th></tr>"
                f"</thead><tbody>{''.join(rows)}</tbody></table></div>")
    rule_rows = []
    for code in codes:
        sev = severity[code].most_common(1)[0][0] if severity[code] else ""
        zh, en = titles[code]
        rule_rows.append(
            f'<tr class="rule" data-rule="{esc(code)}"><td>{esc(code)}</td>'
            f'<td><span class="{esc(sev)}">{esc(sev)}</span></td><td>{esc(zh)}<br><small>'
            f'{esc(en)}</small></td><td class="num count">{rule_total[code]}</td>'
            f'<td class="num pkgs">{sum(1 for p in by_pkg.values() if p.get(code))}</td></tr>')
    body.append(f"<h2>{bi('按规则统计', 'Findings per rule')}</h2><div class=scroll><table "
                'id="rules"><thead><tr><th>规则 rule</th><th>级别 severity</th><th>说明 title'
                "</th><th>问题数 findings</th><th>文件数 disclosures</th></tr></thead><tbody>"
                f"{''.join(rule_rows)}</tbody></table></div>")
    charts = [
        _bar_chart(bi("各规则问题数", "Findings per rule"),
                   [(c, rule_total[c], SEV_COLOUR.get(severity[c].most_common(1)[0][0], "#555"))
                    for c in codes]),
        _bar_chart(bi("各状态文件数", "Disclosures per status"),
                   [(f"{STATUS_ZH.get(s, s)} {s}", status_count[s], STATUS_COLOUR.get(s, "#555"))
                    for s in [*STATUSES, *sorted(set(status_count) - set(STATUSES))]
                    if status_count.get(s)]),
        _bar_chart(bi("每份文件用时", "Seconds per document"),
                   sorted(((str(r["id"]), round(float(r["seconds"]), 2), "#3b6ea5")
                           for r in records if isinstance(r.get("seconds"), int | float)),
                          key=lambda b: -b[1]), unit=" s", label_w=200),
    ]
    body.append(f"<h2>{bi('图表', 'Charts')}</h2>{''.join(charts)}")
    data = {"counts": {pid: dict(c) for pid, c in by_pkg.items() if pid in known}}
    body.append(f'<script type="application/json" id="data">{json_for_script(data)}</script>'
                f"<script>{SCRIPT}</script>")
    return page("cnbudget 批量校验汇总 / batch summary", "".join(body))


SCRIPT = """(function(){
var data=JSON.parse(document.getElementById('data').textContent);
var ids=['region','department','status','rule'];
function val(k){return document.getElementById('f-'+k).value;}
function apply(){
 var f={};ids.forEach(function(k){f[k]=val(k);});
 var shown=0,visible=[];
 document.querySelectorAll('#packages tr.pkg').forEach(function(tr){
  var ok=(!f.region||tr.dataset.region===f.region)&&
   (!f.department||tr.dataset.department===f.department)&&
   (!f.status||tr.dataset.status===f.status)&&
   (!f.rule||tr.dataset.rules.split(' ').indexOf(f.rule)>=0);
  tr.hidden=!ok;if(ok){shown++;visible.push(tr.dataset.id);}
 });
 document.querySelectorAll('#rules tr.rule').forEach(function(tr){
  var code=tr.dataset.rule,n=0,p=0;
  visible.forEach(function(id){var c=(data.counts[id]||{})[code]||0;n+=c;if(c)p++;});
  tr.querySelector('.count').textContent=n;tr.querySelector('.pkgs').textContent=p;
  tr.hidden=(f.rule&&code!==f.rule)||n===0;
 });
 document.getElementById('shown').textContent=shown+' 份显示 / shown';
}
ids.forEach(function(k){document.getElementById('f-'+k).addEventListener('change',apply);});
document.getElementById('f-reset').addEventListener('click',function(){
 ids.forEach(function(k){document.getElementById('f-'+k).value='';});apply();});
apply();
})();"""


def write_dashboard(out_dir: Path) -> Path:
    """Write ``out_dir/summary.html`` from ``out_dir/manifest.jsonl`` and
    ``out_dir/findings.csv`` (atomically, replacing an older one); return its path."""
    out_dir = Path(out_dir)
    manifest = out_dir / "manifest.jsonl"
    if not manifest.is_file():
        raise DashboardError(f"{manifest}: no manifest here (run cnbudget batch first)")
    records, problems = read_manifest(manifest)
    try:
        findings = read_findings(out_dir / "findings.csv")
    except csv.Error as exc:
        raise DashboardError(f"{out_dir / 'findings.csv'}: malformed CSV ({exc})") from None
    html_text = render_dashboard(out_dir, records, findings, problems)
    target = out_dir / "summary.html"

    def write(tmp: Path) -> None:
        tmp.write_text(html_text, encoding="utf-8")

    write_file(target, write, overwrite=True)
    return target
