"""``cnbudget site``: a static site of packages that works from a folder (no server, no
network).

``DIR/index.html`` lists the packages (filters by region, year and department). Per package
``DIR/<name>/index.html`` shows its metadata, the validation summary (with the full report
``report.html``, crops of the cited cells included), the downloads (the package as a zip,
its CSVs, the official-layout workbook from :mod:`cnbudget.export`, and catalogue records
when :mod:`cnbudget.catalog` is installed), and every resource: the printed tables with
their printed title and unit, laid out with the columns :func:`cnbudget.export.layout.
columns_for` prints (two-list tables income left, expenditure right), the other resources
as plain tables. Each value printed from a page links to that page's image
(``pages/<n>.html``, the PNG with the value's box marked). A schema.org ``Dataset`` is
embedded as JSON-LD (from :mod:`cnbudget.catalog` when it provides one, else
:func:`dataset_jsonld`). Chinese first, English alongside; tables scroll sideways on a phone.

What the site asks of :mod:`cnbudget.catalog`, when that module exists (both optional):

- ``schema_org(folder: Path, base_url: str) -> dict``: the schema.org Dataset of a package;
- ``catalogue_files(folder: Path, base_url: str) -> dict[str, tuple[str | bytes, str, str]]``: file
  name → (content, link title, media type) of the package's catalogue records (DCAT …),
  written beside the package's page and linked under its downloads.

Without the module nothing is linked and the JSON-LD is :func:`dataset_jsonld`'s.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnbudget import standard
from cnbudget.atomic import write_folder
from cnbudget.review.html import bi, esc, json_for_script, page

PAGE_SCALE = 1.5
MAX_SITE_ROWS = 20_000
"""Rows shown per resource; the CSV download holds all."""
_SLUG_BAD = re.compile(r"[^0-9A-Za-z._\-\u4e00-\u9fff]+")
KIND_ZH = {"department_budget": "部门预算", "unit_budget": "单位预算",
           "department_final_accounts": "部门决算", "unit_final_accounts": "单位决算"}

SITE_CSS = """.pageview{overflow:auto;-webkit-overflow-scrolling:touch;max-width:100%}
.pagebox{position:relative;display:block;width:100%;min-width:640px}
.pagebox img{display:block;width:100%;height:auto}
.pagebox a.cell{position:absolute;border:1px solid transparent}
.pagebox a.cell:target{border:3px solid #d2001e;background:rgba(255,230,0,.25)}
a.v{color:inherit;text-decoration:none;border-bottom:1px dotted #3b6ea5}
a.v:hover,a.v:focus{background:#fff3b0}
table.printed th{text-align:center}
.downloads li{margin:.2rem 0}
section.res{margin-top:1.4rem}"""


class SiteError(Exception):
    """The site cannot be built; the message names the package or file and why."""


@dataclass(slots=True)
class Prov:
    source: str
    page: int
    bbox: tuple[float, float, float, float] | None


@dataclass(slots=True)
class Pkg:
    folder: Path
    slug: str
    desc: dict[str, Any]
    prov: dict[tuple[str, int, str, str], Prov] = field(default_factory=dict)
    pages: dict[tuple[str, int], str] = field(default_factory=dict)
    """(source, page) → the page's HTML, relative to the package's folder in the site."""
    base_url: str = ""
    """The URL of the package's folder in the published site (catalogue records point there)."""


def _slug(name: str, used: set[str]) -> str:
    base = _SLUG_BAD.sub("_", name).strip("._") or "package"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _read_prov(folder: Path) -> dict[tuple[str, int, str, str], Prov]:
    out: dict[tuple[str, int, str, str], Prov] = {}
    path = folder / "provenance.csv"
    if not path.is_file():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                if not r.get("page"):
                    continue
                bbox = ((float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
                        if r.get("x0") else None)
                key = (r["resource"], int(r["position"]), r.get("side") or "", r["field"])
                out.setdefault(key, Prov(r["source"], int(r["page"]), bbox))
            except (KeyError, ValueError):
                continue
    return out


def _catalog() -> Any:
    """The catalogue module when the toolkit has one (``cnbudget.catalog``), else None."""
    try:
        if importlib.util.find_spec("cnbudget.catalog") is None:
            return None
    except (ImportError, ValueError):
        return None
    return importlib.import_module("cnbudget.catalog")


def dataset_jsonld(desc: dict[str, Any], downloads: list[tuple[str, str, str]]
                   ) -> dict[str, Any]:
    """A minimal schema.org ``Dataset`` for one package (replaced by the catalogue's own
    when :mod:`cnbudget.catalog` provides ``dataset_jsonld``)."""
    pub = desc.get("publisher") or {}
    lic = (desc.get("licenses") or [{}])[0]
    out: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": desc.get("title"), "identifier": desc.get("name"),
        "description": f"{desc.get('title')}（{KIND_ZH.get(str(desc.get('document_kind')), '')}"
                       f"，{desc.get('fiscal_year')} 年度），cnbudget 数据包",
        "inLanguage": "zh-CN", "isAccessibleForFree": True,
        "temporalCoverage": str(desc.get("fiscal_year") or ""),
        "version": desc.get("version"), "dateCreated": desc.get("created"),
        "creator": {"@type": "GovernmentOrganization", "name": pub.get("department_name")},
        "spatialCoverage": {"@type": "Place", "name": pub.get("region_name"),
                            "identifier": pub.get("region_code")},
        "license": lic.get("path") or lic.get("title") or lic.get("name"),
        "distribution": [{"@type": "DataDownload", "name": title, "encodingFormat": media,
                          "contentUrl": href} for href, title, media in downloads],
    }
    return out


def _place(pub: dict[str, Any]) -> str:
    """Province and region, the province once when it is the region (重庆市, 上海市)."""
    region = str(pub.get("region_name") or pub.get("region") or "")
    province = str(pub.get("province") or "")
    return region if province in ("", region) else f"{province} {region}".strip()


def _site_base(pkg: Pkg) -> str:
    """The URL the catalogue records of a package page point at: the page's folder."""
    return pkg.base_url


def _jsonld(pkg: Pkg, target: Path, downloads: list[tuple[str, str, str]]) -> dict[str, Any]:
    desc = pkg.desc
    cat = _catalog()
    make = getattr(cat, "schema_org", None) if cat is not None else None
    if callable(make):
        data = make(pkg.folder, _site_base(pkg))
        if isinstance(data, dict):
            return data
    return dataset_jsonld(desc, downloads)


def _page_html(pkg: Pkg, source: str, page_no: int, img_name: str, size: tuple[float, float],
               cells: list[tuple[str, tuple[float, float, float, float]]],
               width_px: int) -> str:
    w, h = size
    boxes = "".join(
        f'<a class="cell" id="{esc(cid)}" href="#{esc(cid)}" style="left:{b[0] / w * 100:.3f}%;'
        f"top:{b[1] / h * 100:.3f}%;width:{(b[2] - b[0]) / w * 100:.3f}%;height:"
        f'{(b[3] - b[1]) / h * 100:.3f}%"></a>' for cid, b in cells)
    title = f"{pkg.desc.get('title')} — {source} 第 {page_no} 页"
    body = (f'<nav><a href="../index.html">← {bi("返回数据包", "back to the package")}</a></nav>'
            f"<h1>{esc(source)} {bi(f'第 {page_no} 页', f'page {page_no}')}</h1>"
            f'<p><small><a href="{esc(img_name)}">{bi("原图", "full-size image")}</a>'
            "</small></p>"
            f'<div class="pageview"><div class="pagebox" style="max-width:{width_px}px">'
            f'<img src="{esc(img_name)}" alt="{esc(source)} p.{page_no}">{boxes}</div></div>')
    return page(title, body, head=f"<style>{SITE_CSS}</style>")


def _cell_id(resource: str, position: int, side: str, fld: str) -> str:
    return f"c-{resource}-{position}-{side or 'x'}-{fld}"


def _value(pkg: Pkg, resource: str, row: dict[str, Any], fld: str, num: bool = False) -> str:
    v = row.get(fld)
    text = "" if v in (None, "") else str(v)
    try:
        pos = int(row.get("position") or 0)
    except ValueError:
        pos = 0
    side = str(row.get("side") or "")
    p = pkg.prov.get((resource, pos, side, fld))
    cls = ' class="num"' if num else ""
    if text and p is not None and (p.source, p.page) in pkg.pages:
        href = f"{pkg.pages[(p.source, p.page)]}#{_cell_id(resource, pos, side, fld)}"
        return (f'<td{cls}><a class="v" href="{esc(href)}" title="{esc(p.source)} 第 '
                f'{p.page} 页 / p.{p.page}">{esc(text)}</a></td>')
    return f"<td{cls}>{esc(text)}</td>"


def _printed_table(pkg: Pkg, resource: str, rows: list[dict[str, Any]]) -> str:
    """A table of the standard laid out with the columns the official tables print."""
    from cnbudget.export.layout import TWO_LIST, columns_for
    from cnbudget.model import Table

    cols = columns_for(resource, Table(resource, rows=rows),
                       str(pkg.desc.get("document_kind") or ""))
    if rows:  # as published: not the template's amount columns that no row of it fills
        cols = [c for c in cols if c.kind != "amount" or any(
            r.get(c.field) not in (None, "") and (c.side is None or r.get("side") == c.side)
            for r in rows)] or cols
    groups: list[tuple[str | None, int]] = []
    for c in cols:
        if groups and c.group is not None and groups[-1][0] == c.group:
            groups[-1] = (c.group, groups[-1][1] + 1)
        else:
            groups.append((c.group, 1))
    two_rows = any(g for g, _ in groups)
    head = "<thead><tr>"
    i = 0
    for g, n in groups:
        if g is None:
            head += f'<th rowspan="{2 if two_rows else 1}">{esc(cols[i].title)}</th>'
        else:
            head += f'<th colspan="{n}">{esc(g)}</th>'
        i += n
    head += "</tr>"
    if two_rows:
        head += "<tr>" + "".join(f"<th>{esc(c.title)}</th>" for c in cols
                                 if c.group is not None) + "</tr>"
    head += "</thead>"
    body = []
    if resource in TWO_LIST:
        # one printed row per printed row number (序号) when the rows carry it, as printed
        with_line = all(str(r.get("line") or "").isdigit() for r in rows)
        printed: dict[int, dict[str, dict[str, Any]]] = {}
        counters: dict[str, int] = {}
        for r in sorted(rows, key=lambda r: int(r.get("position") or 0)):
            side = str(r.get("side") or "")
            key = int(r["line"]) if with_line else counters.get(side, 0)
            counters[side] = counters.get(side, 0) + 1
            while side in printed.get(key, {}):  # two rows of one side on one number
                key += 1
            printed.setdefault(key, {})[side] = r
        for key in sorted(printed):
            both = printed[key]
            cells = []
            for c in cols:
                cell = (both.get(c.side) if c.side else next(iter(both.values()), None))
                cells.append(_value(pkg, resource, cell, c.field, c.kind == "amount") if cell
                             else "<td></td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
    else:
        for r in sorted(rows, key=lambda r: int(r.get("position") or 0)):
            body.append("<tr>" + "".join(_value(pkg, resource, r, c.field, c.kind == "amount")
                                         for c in cols) + "</tr>")
    return (f'<div class="scroll"><table class="printed">{head}<tbody>{"".join(body)}'
            "</tbody></table></div>")


def _plain_table(pkg: Pkg, resource: str, rows: list[dict[str, Any]],
                 fields: list[dict[str, Any]]) -> str:
    shown = [f for f in fields if any(r.get(f["name"]) not in (None, "") for r in rows)]
    head = "".join(f"<th>{esc(f.get('title') or f['name'])}<br><small>{esc(f['name'])}"
                   "</small></th>" for f in shown)
    body = "".join("<tr>" + "".join(_value(pkg, resource, r, f["name"],
                                           bool(f.get("x-amount"))) for f in shown) + "</tr>"
                   for r in rows)
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}'
            "</tbody></table></div>")


def _resource_section(pkg: Pkg, res: dict[str, Any]) -> str:
    from cnbudget.export.layout import EXPORTED

    name = str(res.get("name"))
    path = pkg.folder / str(res.get("path"))
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [dict(r) for r in csv.DictReader(fh)]
    total = len(rows)
    rows = rows[:MAX_SITE_ROWS]
    title = res.get("printed_title") or res.get("title") or name
    std_title = res.get("title") or ""
    unit = res.get("unit")
    meta = []
    if res.get("pages"):
        meta.append(f"第 {esc(', '.join(str(p) for p in res['pages']))} 页 / pages")
    if unit:
        meta.append(f"单位：{esc(unit)} / unit")
    if res.get("as_of"):
        meta.append(esc(res["as_of"]))
    if res.get("published_empty"):
        meta.append(bi("公开为空表", "published empty"))
    if res.get("not_published"):
        meta.append(bi("未公开", "not published"))
    parts = [f'<section class="res" id="t-{esc(name)}"><h3>{esc(title)}</h3>'
             f"<p><small>{esc(std_title)} · <code>{esc(name)}</code>"
             f"{' · ' if meta else ''}{' · '.join(meta)}</small></p>"]
    if not rows:
        parts.append(f"<p>{bi('（无数据行）', '(no rows)')}</p>")
    elif name in EXPORTED:
        try:
            parts.append(_printed_table(pkg, name, rows))
        except (ValueError, KeyError):
            parts.append(_plain_table(pkg, name, rows, _fields(res, name)))
    elif name == "text_sections":
        for r in rows:
            depth = min(6, 4 + str(r.get("section_id") or "").count("."))
            parts.append(f"<h{depth}>{esc(r.get('title') or r.get('heading') or '')}"
                         f"</h{depth}><p>{esc(r.get('text') or '')}</p>")
    else:
        parts.append(_plain_table(pkg, name, rows, _fields(res, name)))
    for note in res.get("notes") or []:
        parts.append(f"<p><small>{esc(note)}</small></p>")
    if total > len(rows):
        parts.append(f"<p><small>… {total - len(rows)} 行未显示 / more rows in the CSV"
                     "</small></p>")
    parts.append("</section>")
    return "".join(parts)


def _fields(res: dict[str, Any], name: str) -> list[dict[str, Any]]:
    schema = res.get("schema") if isinstance(res.get("schema"), dict) else None
    if schema and schema.get("fields"):
        return list(schema["fields"])
    try:
        return list(standard.table_schema(name)["fields"])
    except (KeyError, FileNotFoundError):
        return []


def _downloads(pkg: Pkg, target: Path) -> list[tuple[str, str, str]]:
    """Write the package's downloads into ``target``; return (href, title, media type).

    The package's own files and its reproducible zip go to ``target/<name>/`` — where the
    catalogue records written beside them (base URL: ``target``) say they are."""
    from cnbudget.package import load_package, zip_bytes

    out: list[tuple[str, str, str]] = []
    name = _SLUG_BAD.sub("_", str(pkg.desc.get("name") or pkg.slug)).strip("._") or "package"
    data_dir = target / name
    data_dir.mkdir()
    files = sorted(p for p in pkg.folder.iterdir() if p.is_file() and not p.name.startswith("."))
    # the package's reproducible zip (the same bytes as the catalogue's distribution)
    (data_dir / f"{name}.zip").write_bytes(zip_bytes(pkg.folder))
    out.append((f"{name}/{name}.zip", "数据包 zip / package (zip)", "application/zip"))
    for f in files:
        (data_dir / f.name).write_bytes(f.read_bytes())
        if f.suffix == ".csv":
            out.append((f"{name}/{f.name}", f.name, "text/csv"))
    try:
        from cnbudget.export.workbook import export_workbook

        export_workbook(load_package(pkg.folder), target / f"{pkg.slug}.xlsx")
        out.append((f"{pkg.slug}.xlsx", "公开表样式工作簿 / workbook (official layout)",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    except Exception as exc:  # a package the workbook cannot lay out: say so, link nothing
        (target / "xlsx-error.txt").write_text(f"{type(exc).__name__}: {exc}\n", "utf-8")
    cat = _catalog()
    records = getattr(cat, "catalogue_files", None) if cat is not None else None
    if callable(records):
        for fname, (content, title, media) in dict(records(pkg.folder, _site_base(pkg))).items():
            safe = _SLUG_BAD.sub("_", str(fname))
            data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            (target / safe).write_bytes(data)
            out.append((safe, str(title), str(media)))
    return out


def _package_page(pkg: Pkg, target: Path, sources: list[Path] | None) -> dict[str, Any]:
    """Write the package's folder of the site; return its entry for the index."""
    from cnbudget.review.page_images import PageImageError, render_pages
    from cnbudget.review.report_html import html_with_crops, match_sources
    from cnbudget.validation.api import validate
    from cnbudget.validation.report_json import report_dict

    desc = pkg.desc
    pub = desc.get("publisher") or {}
    # page images of every page a value comes from
    pdfs = match_sources(pkg.folder, sources)
    pages_dir = target / "pages"
    wanted: dict[str, set[int]] = {}
    for p in pkg.prov.values():
        if p.source in pdfs:
            wanted.setdefault(p.source, set()).add(p.page)
    notes: list[str] = []
    for i, (src, pages) in enumerate(sorted(wanted.items())):
        try:
            images = render_pages(pdfs[src], pages_dir, pages, scale=PAGE_SCALE,
                                  prefix=f"s{i}")
        except PageImageError as exc:
            notes.append(str(exc))
            continue
        cells: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = {}
        for (res, pos, side, fld), p in pkg.prov.items():
            if p.source == src and p.bbox is not None:
                cells.setdefault(p.page, []).append((_cell_id(res, pos, side, fld), p.bbox))
        for n, img in images.items():
            name = f"s{i}-{n}.html"
            (pages_dir / name).write_text(_page_html(
                pkg, src, n, img.path.name, (img.width_pt, img.height_pt), cells.get(n, []),
                img.width_px),
                encoding="utf-8")
            pkg.pages[(src, n)] = f"pages/{name}"
    recorded = [str(f.get("name")) for f in (desc.get("source") or {}).get("files") or []]
    missing = [n for n in recorded if n.lower().endswith(".pdf") and n not in pdfs]
    if missing:
        notes.append("原文 PDF 不在手边，数值不链接页面 / source PDF not at hand, values not "
                     f"linked to pages: {', '.join(missing)}")
    v = validate(pkg.folder)
    report = report_dict(v)
    (target / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
    (target / "report.html").write_text(html_with_crops(report, pkg.folder, sources),
                                        encoding="utf-8")
    downloads = _downloads(pkg, target)
    if (target / "xlsx-error.txt").is_file():  # said on the page, not only in a file
        notes.append("公开表样式工作簿未能生成 / the official-layout workbook could not be "
                     f"made: {(target / 'xlsx-error.txt').read_text('utf-8').strip()}")
    s = report["summary"]
    meta_rows = [("标题", "title", desc.get("title")), ("部门", "department",
                 pub.get("department_name")), ("部门代码", "department code",
                 pub.get("department_code")), ("地区", "region", _place(pub)),
                 ("区划代码", "region code", pub.get("region_code")),
                 ("年度", "fiscal year", desc.get("fiscal_year")),
                 ("类型", "kind", f"{KIND_ZH.get(str(desc.get('document_kind')), '')} "
                                  f"{desc.get('document_kind') or ''}"),
                 ("金额单位", "unit", desc.get("unit")),
                 ("标准版本", "standard", (desc.get("standard") or {}).get("version")),
                 ("许可", "licence", ((desc.get("licenses") or [{}])[0]).get("title"))]
    files = "".join(f"<li><code>{esc(f.get('name'))}</code> <small>sha256 "
                    f"{esc(f.get('sha256'))}</small></li>"
                    for f in (desc.get("source") or {}).get("files") or [])
    resources = [r for r in desc.get("resources") or [] if r.get("name") != "provenance"
                 and isinstance(r.get("path"), str) and (pkg.folder / r["path"]).is_file()]
    toc = "".join(f'<li><a href="#t-{esc(r["name"])}">{esc(r.get("printed_title") or r.get("title") or r["name"])}</a></li>'  # noqa: E501
                  for r in resources)
    body = [f'<nav><a href="../index.html">← {bi("全部数据包", "all packages")}</a></nav>',
            f"<h1>{esc(desc.get('title'))}</h1>", '<dl class="meta">',
            "".join(f"<dt>{bi(zh, en)}</dt><dd>{esc(v)}</dd>" for zh, en, v in meta_rows
                    if v not in (None, "")), "</dl>",
            f"<details><summary>{bi('原文文件', 'Source files')}</summary><ul>{files}</ul>"
            "</details>",
            f"<h2>{bi('校验结果', 'Validation')}</h2>",
            f'<p><span class="{esc(report["status"])}">{esc(report["status"])}</span> · '
            f'<span class="error">{s["error"]}</span> 错误 errors · <span class="warning">'
            f'{s["warning"]}</span> 警告 warnings · <span class="info">{s["info"]}</span> '
            f'提示 info · <a href="report.html">{bi("完整报告", "full report")}</a></p>']
    if s.get("top_rules"):
        body.append("<ul>" + "".join(f"<li>{esc(t['code'])} × {esc(t['count'])}</li>"
                                     for t in s["top_rules"]) + "</ul>")
    main = [d for d in downloads if d[2] != "text/csv"]
    csvs = [d for d in downloads if d[2] == "text/csv"]
    body.append(f"<h2>{bi('下载', 'Downloads')}</h2><ul class='downloads'>" + "".join(
        f'<li><a href="{esc(h)}" download>{esc(t)}</a></li>' for h, t, _ in main) +
        f"<li><details><summary>{bi('CSV 文件', 'CSV files')} ({len(csvs)})</summary><ul>" +
        "".join(f'<li><a href="{esc(h)}" download>{esc(t)}</a></li>' for h, t, _ in csvs) +
        "</ul></details></li></ul>")
    for note in notes:
        body.append(f'<p class="warning"><small>{esc(note)}</small></p>')
    body.append(f"<h2>{bi('表格', 'Tables')}</h2><p><small>"
                f"{bi('点击数值可看原文页面。', 'Click a value to see its page.')}</small></p>"
                f"<ol>{toc}</ol>")
    body.extend(_resource_section(pkg, r) for r in resources)
    head = (f"<style>{SITE_CSS}</style><script type=\"application/ld+json\">"
            f"{json_for_script(_jsonld(pkg, target, downloads))}</script>")
    (target / "index.html").write_text(page(str(desc.get("title") or pkg.slug), "".join(body),
                                            head=head), encoding="utf-8")
    return {"slug": pkg.slug, "title": desc.get("title"), "name": desc.get("name"),
            "region": pub.get("region_name"), "province": pub.get("province"),
            "department": pub.get("department_name"), "year": desc.get("fiscal_year"),
            "kind": desc.get("document_kind"), "status": report["status"],
            "counts": {k: s[k] for k in ("error", "warning", "info")},
            "tables": len(resources)}


INDEX_SCRIPT = """(function(){
var ids=['region','year','department'];
function apply(){var n=0;
 document.querySelectorAll('#packages tr.pkg').forEach(function(tr){
  var ok=ids.every(function(k){var v=document.getElementById('f-'+k).value;
   return !v||tr.dataset[k]===v;});tr.hidden=!ok;if(ok)n++;});
 document.getElementById('shown').textContent=n+' 个显示 / shown';}
ids.forEach(function(k){document.getElementById('f-'+k).addEventListener('change',apply);});
apply();})();"""


def _index(entries: list[dict[str, Any]]) -> str:
    def opts(key: str) -> str:
        vals = sorted({str(e.get(key) or "") for e in entries} - {""})
        return "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in vals)

    rows = "".join(
        f'<tr class="pkg" data-region="{esc(e.get("region") or "")}" '
        f'data-year="{esc(e.get("year") or "")}" '
        f'data-department="{esc(e.get("department") or "")}"><td><a href="'
        f'{esc(e["slug"])}/index.html">{esc(e.get("title"))}</a><br><small>'
        f"{esc(e.get('name'))}</small></td><td>{esc(_place(e))}</td>"
        f"<td>{esc(e.get('department') or '')}</td>"
        f"<td>{esc(e.get('year') or '')}</td><td>{esc(KIND_ZH.get(str(e.get('kind')), ''))}"
        f"<br><small>{esc(e.get('kind') or '')}</small></td><td><span class="
        f'"{esc(e["status"])}">{esc(e["status"])}</span><br><small>{e["counts"]["error"]} / '
        f'{e["counts"]["warning"]} / {e["counts"]["info"]}</small></td></tr>' for e in entries)
    catalog = {"@context": "https://schema.org", "@type": "DataCatalog",
               "name": "cnbudget 预决算公开数据包 / budget disclosure packages",
               "dataset": [{"@type": "Dataset", "name": e.get("title"),
                            "identifier": e.get("name"), "url": f"{e['slug']}/index.html"}
                           for e in entries]}
    body = (f"<h1>{bi('预决算公开数据包', 'Budget disclosure packages')}</h1>"
            f"<p>{len(entries)} {bi('个数据包', 'packages')}</p>"
            '<form class="filters" onsubmit="return false">'
            f'<label>{bi("地区", "region")}<select id="f-region"><option value="">全部 all'
            f'</option>{opts("region")}</select></label>'
            f'<label>{bi("年度", "year")}<select id="f-year"><option value="">全部 all'
            f'</option>{opts("year")}</select></label>'
            f'<label>{bi("部门", "department")}<select id="f-department"><option value="">全部 '
            f'all</option>{opts("department")}</select></label><span id="shown"></span></form>'
            '<div class="scroll"><table id="packages"><thead><tr><th>数据包 package</th>'
            "<th>地区 region</th><th>部门 department</th><th>年度 year</th><th>类型 kind</th>"
            "<th>校验 validation<br><small>error / warning / info</small></th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div><script>{INDEX_SCRIPT}</script>")
    head = f'<script type="application/ld+json">{json_for_script(catalog)}</script>'
    return page("cnbudget 数据包 / packages", body, head=head)


def build_site(packages: list[Path], out: Path, *, sources: list[Path] | None = None,
               overwrite: bool = False, base_url: str | None = None,
               progress: Callable[[Path], None] | None = None) -> Path:
    """Write the static site of ``packages`` into folder ``out`` (atomically; an existing
    folder is replaced only with ``overwrite``). ``sources``: the source PDFs (each package
    takes the ones whose SHA-256 it records; by default they are looked for beside it).
    ``base_url``: where the site will be published (the catalogue records and the schema.org
    JSON-LD name absolute URLs under it); by default ``out`` itself as a ``file:`` URL."""
    from cnbudget.package import PackageError, read_descriptor

    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists; pass --overwrite to replace it")
    pkgs: list[Pkg] = []
    used: set[str] = set()
    for p in packages:
        folder = Path(p).parent if Path(p).name == "datapackage.json" else Path(p)
        try:
            desc = read_descriptor(folder)
        except PackageError as exc:
            raise SiteError(str(exc)) from None
        pkgs.append(Pkg(folder, _slug(str(desc.get("name") or folder.name), used), desc,
                        _read_prov(folder)))
    if not pkgs:
        raise SiteError("no packages given")
    root = (base_url or out.resolve().as_uri()).rstrip("/") + "/"
    for pkg in pkgs:
        pkg.base_url = f"{root}{pkg.slug}/"

    def write(tmp: Path) -> None:
        entries = []
        for pkg in pkgs:
            target = tmp / pkg.slug
            target.mkdir()
            entries.append(_package_page(pkg, target, sources))
            if progress is not None:
                progress(pkg.folder)
        (tmp / "index.html").write_text(_index(entries), encoding="utf-8")

    return write_folder(out, write, overwrite=overwrite)
