"""The HTML report of one validated package, for people.

Every finding is listed by rule, in Chinese and English, with where it is (table, row,
field, source file, page). A finding whose place is on a page of a source PDF shows a crop
of that page with the printed cells it cites boxed: the cited cell in red (its box from the
finding's location or the package's ``provenance.csv``), the other printed cells of the
same row in orange (from ``provenance.csv``). When no box of the cell is known, the whole
page is shown, smaller, and says so.

Crops are embedded as PNG data URIs, so a report is one self-contained offline file that can
be mailed, attached to a ticket or linked from the dashboard without a folder beside it.
The cost is bounded: at most :data:`MAX_CROPS` crops per report (later findings say that
their crop was left out), each at most :data:`CROP_MAX_PX` pixels wide.

``cnbudget validate --html`` renders through :func:`render_report` too (without crops when
no source PDF is at hand).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnbudget.atomic import write_file
from cnbudget.review.html import bi, esc, page

if TYPE_CHECKING:
    from cnbudget.review.page_images import CropRequest

DEFAULT_DOCS_URL = "reference/rules.html"
MAX_CROPS = 120
MAX_FINDINGS = 5000
"""Findings listed in full; the rest are counted (the JSON and CSV reports hold all)."""
CROP_MAX_PX = 1400
WHOLE_PAGE_PX = 600
"""Width of the page image shown for a finding whose cell has no box."""
CROP_SCALE = 2.0
PAD_X, PAD_Y = 24.0, 28.0
MIN_CROP_W = 220.0
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Cell:
    position: int
    side: str
    field: str
    source: str
    page: int
    bbox: Box
    printed: str


@dataclass(frozen=True, slots=True)
class Crop:
    data_uri: str
    page: int
    source: str
    whole_page: bool = False
    """No box of the cited cell is known: the image is the whole page."""


Provenance = dict[tuple[str, int], list[Cell]]


def load_provenance(package_dir: Path | None) -> Provenance:
    """The package's provenance: printed cells with a page and a box, by (resource,
    page)."""
    out: Provenance = {}
    if package_dir is None:
        return out
    path = Path(package_dir) / "provenance.csv"
    if not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                if not (r.get("page") and r.get("x0")):
                    continue
                box = (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
                out.setdefault((r["resource"], int(r["page"])), []).append(
                    Cell(int(r["position"]), r.get("side") or "", r["field"], r["source"],
                         int(r["page"]), box, r.get("printed", "")))
            except (KeyError, ValueError):
                continue  # a malformed provenance row draws no box; the finding still shows
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def match_sources(package_dir: Path | None, sources: list[Path] | None
                  ) -> dict[str, Path]:
    """Source PDFs by the file name the package records. A given file matches a recorded
    source by its SHA-256 (or by name when the package records no digest); with no files
    given, a recorded source is looked for beside the package. A file whose digest differs
    from the recorded one is not used: its boxes would mark the wrong places."""
    recorded: list[dict[str, Any]] = []
    if package_dir is not None and (Path(package_dir) / "datapackage.json").is_file():
        try:
            desc = json.loads((Path(package_dir) / "datapackage.json").read_text("utf-8"))
            recorded = [f for f in (desc.get("source") or {}).get("files") or []
                        if isinstance(f, dict) and f.get("name")]
        except (OSError, ValueError):
            recorded = []
    candidates = [Path(s) for s in sources or []]
    if not candidates and package_dir is not None:
        base = Path(package_dir)
        for f in recorded:
            name = Path(str(f["name"])).name
            candidates += [base / name, base.parent / name, base / "source" / name]
    out: dict[str, Path] = {}
    digests = {p: _sha256(p) for p in candidates
               if p.is_file() and p.suffix.lower() == ".pdf"}
    for f in recorded:
        name = str(f["name"])
        for p, digest in digests.items():
            if f.get("sha256") == digest or (not f.get("sha256") and p.name == Path(name).name):
                out[name] = p
                break
    if not recorded:  # a report without its package: the PDFs by their own names
        out.update({p.name: p for p in digests})
    return out


def _same_line(a: Box, b: Box) -> bool:
    """Whether two boxes share most of their height (cells of one printed row)."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def finding_boxes(f: dict[str, Any], prov: Provenance) -> tuple[Box | None, list[Box]]:
    """The cited cell's box and the boxes of the other printed cells of its row (the row's
    cells on the same printed line), in PDF points from the page's top left."""
    loc = f.get("location") or {}
    page_no = loc.get("page")
    bbox = loc.get("bbox")
    main: Box | None = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3])
                        ) if bbox and len(bbox) == 4 else None
    if not loc.get("resource") or page_no is None or loc.get("position") is None:
        return main, []
    side = loc.get("side") or ""
    cells = [c for c in prov.get((loc["resource"], int(page_no)), [])
             if c.position == int(loc["position"]) and c.side == side
             and (not loc.get("source") or c.source == loc["source"])]
    if main is None:
        main = next((c.bbox for c in cells if c.field == loc.get("field")), None)
    if main is None:
        return None, []
    return main, [c.bbox for c in cells if c.bbox != main and _same_line(c.bbox, main)]


def _crop_request(page_no: int, main: Box | None, row: list[Box]) -> CropRequest:
    """The region of the page around the cited cell and its row, padded, with the cells
    outlined (the cited one in red), or the whole page, smaller, when no box is known."""
    from cnbudget.review.page_images import CropRequest, Outline

    boxes = [b for b in [main, *row] if b is not None]
    if not boxes:
        return CropRequest(page_no, None, (), WHOLE_PAGE_PX, WHOLE_PAGE_PX * 2)
    x0 = min(b[0] for b in boxes) - PAD_X
    x1 = max(b[2] for b in boxes) + PAD_X
    if x1 - x0 < MIN_CROP_W:
        mid = (x0 + x1) / 2
        x0, x1 = mid - MIN_CROP_W / 2, mid + MIN_CROP_W / 2
    y0 = min(b[1] for b in boxes) - PAD_Y
    y1 = max(b[3] for b in boxes) + PAD_Y
    outlines = [Outline(b, (230, 140, 0), 2) for b in row]
    if main is not None:
        outlines.append(Outline(main, (210, 0, 30), 4, 2))
    return CropRequest(page_no, (x0, y0, x1, y1), tuple(outlines), CROP_MAX_PX)


def make_crops(findings: list[dict[str, Any]], pdfs: dict[str, Path],
               prov: Provenance,
               limit: int = MAX_CROPS) -> dict[int, Crop]:
    """Crops (PNG data URIs) by index of the finding, for findings on a page of a PDF at
    hand; at most ``limit``; identical crops are made once. Only the cropped regions are
    rendered, all of one PDF in one child process (:func:`render_crops`)."""
    from cnbudget.review.page_images import PageImageError, render_crops

    wanted: dict[int, tuple[str, int, Box | None, list[Box]]] = {}
    for i, f in enumerate(findings):
        loc = f.get("location") or {}
        src, page_no = loc.get("source"), loc.get("page")
        if not src or page_no is None or src not in pdfs:
            continue
        main, row = finding_boxes(f, prov)
        if len(wanted) >= limit:
            break
        wanted[i] = (src, int(page_no), main, row)
    out: dict[int, Crop] = {}
    for src in sorted({w[0] for w in wanted.values()}):
        keys: dict[tuple[Any, ...], int] = {}  # a distinct crop → its request's index
        requests: list[CropRequest] = []
        of_finding: dict[int, int] = {}
        for i, (s, page_no, main, row) in wanted.items():
            if s != src:
                continue
            key = (page_no, main, tuple(row))
            if key not in keys:
                keys[key] = len(requests)
                requests.append(_crop_request(page_no, main, row))
            of_finding[i] = keys[key]
        try:
            images = render_crops(pdfs[src], requests, scale=CROP_SCALE)
        except PageImageError:
            continue  # no crops for this file; the findings still list their page
        made: dict[int, Crop] = {}
        for k, png in enumerate(images):
            if png is not None:
                made[k] = Crop("data:image/png;base64," + base64.b64encode(png).decode(),
                               requests[k].page, src, whole_page=requests[k].clip is None)
        out.update({i: made[k] for i, k in of_finding.items() if k in made})
    return dict(sorted(out.items()))


def rule_link(code: str, docs_url: str | None) -> str:
    base = docs_url or DEFAULT_DOCS_URL
    return f'<a href="{esc(base)}#{esc(code.lower())}">{esc(code)}</a>'


def _rule_title(code: str) -> tuple[str, str]:
    from cnbudget.validation.runner import rule

    try:
        spec = rule(code)
    except KeyError:
        return "", ""
    return str(spec.title.get("zh", "")), str(spec.title.get("en", ""))


def _where(loc: dict[str, Any]) -> str:
    parts = [esc(loc.get("resource") or loc.get("label") or "")]
    if loc.get("position") is not None:
        parts.append(f"#{esc(loc['position'])}" + (f" ({esc(loc['side'])})"
                                                   if loc.get("side") else ""))
    if loc.get("label") and loc.get("resource"):
        parts.append(esc(loc["label"]))
    if loc.get("field"):
        parts.append(f"<code>{esc(loc['field'])}</code>")
    place = esc(loc.get("source") or "")
    if loc.get("page") is not None:
        place += f" 第 {esc(loc['page'])} 页 / p.{esc(loc['page'])}"
    if loc.get("line") is not None:
        place += f" l.{esc(loc['line'])}"
    if loc.get("cell"):
        place += f" {esc(loc.get('sheet') or '')}!{esc(loc['cell'])}"
    return " · ".join(p for p in parts if p) + (f"<br><small>{place}</small>" if place else "")


def _finding(i: int, f: dict[str, Any], crop: Crop | None, cropped_out: bool) -> str:
    msg = f.get("message") or {}
    sev = str(f.get("severity") or "")
    vals = "".join(
        f"<li>{label}: <code>{esc(f[key])}</code></li>"
        for key, label in (("expected", bi("应为", "expected")), ("actual", bi("实为", "actual")),
                           ("difference", bi("差额", "difference")),
                           ("tolerance", bi("容差", "tolerance")))
        if f.get(key) not in (None, ""))
    img = ""
    if crop is not None:
        what = ("整页（单元格位置不详）/ the whole page (no box of the cell)" if crop.whole_page
                else "引用的单元格 / the cited cells")
        img = (f'<img class="crop{" whole" if crop.whole_page else ""}" src="{crop.data_uri}" '
               f'alt="{esc(crop.source)} p.{crop.page}: {what}">')
        if crop.whole_page:
            img = f"<p><small>{what}</small></p>{img}"
    elif cropped_out:
        img = ("<p><small>页面截图已省略（数量上限）/ crop left out (limit of "
               f"{MAX_CROPS} per report)</small></p>")
    return (f'<div class="finding" id="f{i}"><div><span class="{esc(sev)}">{esc(sev)}</span> '
            f"{_where(f.get('location') or {})}</div><div>{esc(msg.get('zh'))}</div>"
            f'<div class="en">{esc(msg.get("en"))}</div>'
            f"{f'<ul>{vals}</ul>' if vals else ''}{img}</div>")


def render_report(report: dict[str, Any], docs_url: str | None = None,
                  crops: dict[int, Crop] | None = None) -> str:
    """The HTML of one validation report (the JSON of ``cnbudget validate --json``)."""
    crops = crops or {}
    pkg = report.get("package") or {}
    name = pkg.get("name") or report.get("input") or ""
    title = f"cnbudget 校验报告 / validation report — {name}"
    status = str(report.get("status") or "")
    parts = [f"<h1>{esc(title)}</h1>", '<dl class="meta">']
    for zh, en, value in (("标题", "title", pkg.get("title")),
                          ("部门", "publisher", pkg.get("publisher")),
                          ("地区", "region", pkg.get("region")),
                          ("年度", "fiscal year", pkg.get("fiscal_year")),
                          ("类型", "kind", pkg.get("document_kind")),
                          ("输入", "input", report.get("input"))):
        if value not in (None, ""):
            parts.append(f"<dt>{bi(zh, en)}</dt><dd>{esc(value)}</dd>")
    parts.append(f'<dt>{bi("结论", "status")}</dt><dd><span class="{esc(status)}">'
                 f"{esc(status)}</span></dd></dl>")
    if report.get("error"):
        parts.append(f'<p class="error">{bi("无法校验", "could not run")}: '
                     f"{esc(report['error'])}</p>")
    s = report.get("summary") or {}
    parts.append('<div class="cards">' + "".join(
        f'<div class="card {cls}"><b>{esc(s.get(key, 0))}</b>{bi(zh, en)}</div>'
        for key, cls, zh, en in (("error", "error", "错误", "errors"),
                                 ("warning", "warning", "警告", "warnings"),
                                 ("info", "info", "提示", "info"),
                                 ("not_evaluated", "", "未评估", "not evaluated"),
                                 ("rules_run", "", "已运行规则", "rules run"))) + "</div>")
    findings = list(report.get("findings") or [])
    shown = findings[:MAX_FINDINGS]
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(shown):
        groups.setdefault(str(f.get("code")), []).append(i)
    with_page = sum(1 for f in shown if (f.get("location") or {}).get("page") is not None)
    parts.append(f"<h2>{bi('按规则列出的问题', 'Findings by rule')}</h2>")
    if not findings:
        parts.append(f"<p>{bi('没有问题。', 'No findings.')}</p>")
    counts = Counter(str(f.get("code")) for f in findings)
    if findings:
        parts.append('<div class="scroll"><table><tr><th>规则 / rule</th><th>级别 / severity'
                     "</th><th>说明 / title</th><th>数量 / count</th></tr>" + "".join(
                         f"<tr><td><a href=\"#rule-{esc(code)}\">{esc(code)}</a></td><td>"
                         f"{esc(shown[idx[0]].get('severity'))}</td><td>"
                         f"{esc(_rule_title(code)[0])}<br><small>{esc(_rule_title(code)[1])}"
                         f"</small></td><td class=num>{counts[code]}</td></tr>"
                         for code, idx in groups.items()) + "</table></div>")
    for code, idx in groups.items():
        zh, en = _rule_title(code)
        first = shown[idx[0]]
        sev, default = str(first.get("severity")), str(first.get("default_severity") or "")
        note = sev if not default or sev == default else f"{sev} (default {default})"
        items = "".join(_finding(i, shown[i], crops.get(i),
                                 (shown[i].get("location") or {}).get("page") is not None
                                 and i not in crops and len(crops) >= MAX_CROPS)
                        for i in idx)
        parts.append(f'<details open id="rule-{esc(code)}"><summary><span class="{esc(sev)}">'
                     f"{esc(note)}</span> {rule_link(code, docs_url)} {esc(zh)} / {esc(en)} — "
                     f"{len(idx)}</summary>{items}</details>")
    if len(findings) > len(shown):
        parts.append(f"<p>… {len(findings) - len(shown)} 条未列出 / more findings in the JSON "
                     "and CSV reports</p>")
    if findings:
        parts.append(f"<p><small>{with_page} 条问题标有页码，{len(crops)} 条附页面截图 / "
                     f"{with_page} findings name a page, {len(crops)} show a crop of it"
                     "</small></p>")
    ne = report.get("not_evaluated") or []
    if ne:
        items = "".join(f"<li>{rule_link(str(n.get('code')), docs_url)} "
                        f"{esc(n.get('resource') or '')}: {esc(n.get('reason'))}</li>"
                        for n in ne)
        parts.append(f"<details><summary>{bi('未能评估', 'Not evaluated')} — {len(ne)}"
                     f"</summary><ul>{items}</ul></details>")
    if report.get("silenced"):
        parts.append(f"<p>{bi('已关闭', 'Silenced')}: " + ", ".join(
            rule_link(str(c), docs_url) for c in report["silenced"]) + "</p>")
    parts.append(_provenance(report.get("provenance") or {}))
    return page(title, "".join(parts))


def _provenance(d: dict[str, Any]) -> str:
    if not d:
        return ""
    files = "".join(f"<li><code>{esc(i.get('path'))}</code> <small>sha256 "
                    f"{esc(i.get('sha256'))}</small></li>" for i in d.get("inputs") or [])
    tk, std = d.get("toolkit") or {}, d.get("standard") or {}
    cl = d.get("codelists") or {}
    return (f"<details><summary>{bi('来源', 'Provenance')}</summary><ul>"
            f"<li>toolkit cnbudget {esc(tk.get('version'))}, standard "
            f"{esc(std.get('version'))}, codelists sha256 {esc(str(cl.get('sha256', ''))[:16])}"
            f"…</li><li>created {esc(d.get('created'))}</li>"
            f"<li>config {esc(d.get('config'))}</li>{files}</ul></details>")


def write_report_html(report_json: Path, package_dir: Path | None, out_html: Path,
                      sources: list[Path] | None = None, *, docs_url: str | None = None
                      ) -> None:
    """Write the HTML report of ``report_json`` (a validation report) to ``out_html``
    (atomically; replaced when it exists). With the package folder and its source PDFs
    (given, or found beside the package by name and SHA-256), findings show crops of their
    pages with the cited cells boxed."""
    try:
        report = json.loads(Path(report_json).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{report_json}: not a readable validation report ({exc})") from None
    if not isinstance(report, dict):
        raise ValueError(f"{report_json}: not a validation report (not a JSON object)")
    html_text = html_with_crops(report, package_dir, sources, docs_url=docs_url)

    def write(tmp: Path) -> None:
        tmp.write_text(html_text, encoding="utf-8")

    write_file(Path(out_html), write, overwrite=True)


def html_with_crops(report: dict[str, Any], package_dir: Path | None,
                    sources: list[Path] | None, *, docs_url: str | None = None) -> str:
    findings = list(report.get("findings") or [])[:MAX_FINDINGS]
    pdfs = match_sources(package_dir, sources)
    crops = make_crops(findings, pdfs, load_provenance(package_dir)) if pdfs else {}
    return render_report(report, docs_url, crops)
