"""Page images, the HTML report with crops, the dashboard, the annotated PDF and the site:
what they show is what the package and its findings say, and no text from a document
can become markup."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pypdfium2 as pdfium
import pytest
import yaml

from cnbudget.review.annotate import AnnotateError, annotate_pdf
from cnbudget.review.dashboard import write_dashboard
from cnbudget.review.html import json_for_script
from cnbudget.review.page_images import (
    MAX_SCALE,
    PageImageError,
    render_pages,
    system_has_cjk_font,
)
from cnbudget.review.report_html import finding_boxes, load_provenance, write_report_html
from cnbudget.review.site import build_site
from tests.review.outtree import EXAMPLE, MARKUP

RAW_MARKUP = ("<script>alert", "<img src=x", "</script><!--")
OutTree = tuple[Path, list[dict[str, Any]]]


def assert_no_raw_markup(html: str) -> None:
    for bad in RAW_MARKUP:
        assert bad not in html, bad
    # the only scripts are the page's own: JSON data (which parses whole, so no text
    # closed it early) or the inline filter code (which no document text reaches)
    for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S):
        if "json" in m.group(1):
            json.loads(m.group(2))
        else:
            assert "alert(" not in m.group(2)


def test_page_images_render_in_a_child_process_with_system_fonts(tmp_path: Path) -> None:
    from cnbudget.converters.pdf import fonts

    fonts.install()  # as after a conversion in this process
    images = render_pages(EXAMPLE, tmp_path / "sys", [2, 999])
    assert set(images) == {2}  # a page past the end is left out
    img = images[2]
    assert img.path.is_file() and img.width_px > 1000 and img.height_px > img.width_px
    assert abs(img.scale - 2.0) < 0.01
    boxed = render_pages(EXAMPLE, tmp_path / "box", [2], scale=99)[2]
    assert boxed.scale <= MAX_SCALE + 0.01


def test_page_images_without_cjk_fonts_render_boxes(tmp_path: Path, monkeypatch: Any) -> None:
    from PIL import Image, ImageChops

    sys_img = render_pages(EXAMPLE, tmp_path / "a", [2])[2]
    monkeypatch.setenv("CNBUDGET_PAGE_FONTS", "box")
    box_img = render_pages(EXAMPLE, tmp_path / "b", [2])[2]
    with Image.open(sys_img.path) as a, Image.open(box_img.path) as b:
        dark_a = sum(a.convert("L").histogram()[:128])
        dark_b = sum(b.convert("L").histogram()[:128])
        if system_has_cjk_font():
            # glyphs vs filled boxes: the box rendering is much darker
            assert ImageChops.difference(a.convert("L"), b.convert("L")).getbbox()
            assert dark_b > 2 * dark_a
        assert dark_b > 0


def test_page_images_bad_pdf_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing here")
    with pytest.raises(PageImageError, match=r"broken\.pdf"):
        render_pages(bad, tmp_path / "x", [1])
    with pytest.raises(PageImageError, match="no such file"):
        render_pages(tmp_path / "missing.pdf", tmp_path / "x", [1])


def test_json_for_script_cannot_close_the_script() -> None:
    text = json_for_script({"a": "</script><!-- ]]> & \u2028"})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- ]]> & \u2028"}


def test_report_crops_every_finding_with_a_box(out_tree: OutTree) -> None:
    out, _ = out_tree
    pid = "130324-201-2023-budget"
    report = json.loads((out / "reports" / f"{pid}.json").read_text("utf-8"))
    html = (out / "reports" / f"{pid}.html").read_text("utf-8")
    prov = load_provenance(out / "packages" / pid)
    boxed = [f for f in report["findings"] if finding_boxes(f, prov)[0] is not None]
    assert boxed, "the reference's findings name cells on pages"
    crops = re.findall(r'<img class="crop" src="data:image/png;base64,', html)
    assert len(crops) == len(boxed)
    on_page = [f for f in report["findings"] if f["location"].get("page") is not None]
    whole = re.findall(r'<img class="crop whole" src="data:image/png;base64,', html)
    assert len(crops) + len(whole) == len(on_page)
    for f in report["findings"]:
        assert f["code"] in html
    # the row of a cited cell: its other printed cells share the cited cell's line
    for f in boxed:
        main, row = finding_boxes(f, prov)
        assert main is not None
        for b in row:
            assert min(b[3], main[3]) > max(b[1], main[1])


def test_report_escapes_document_text(out_tree: OutTree) -> None:
    out, _ = out_tree
    html = (out / "reports" / "markup-2023-budget.html").read_text("utf-8")
    # the finding quoting markup has a page but no box: its whole page is shown
    assert html.count('<img class="crop whole"') == 1
    assert_no_raw_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_report_without_source_has_no_crops(out_tree: OutTree, tmp_path: Path) -> None:
    out, _ = out_tree
    pid = "130324-201-2023-budget"
    target = tmp_path / "r.html"
    write_report_html(out / "reports" / f"{pid}.json", out / "packages" / pid, target, None)
    html = target.read_text("utf-8")
    assert "data:image/png" not in html and "CNB-" in html


def test_dashboard_counts_match_the_findings(out_tree: OutTree) -> None:
    out, records = out_tree
    html = (out / "summary.html").read_text("utf-8")
    with (out / "findings.csv").open(encoding="utf-8", newline="") as fh:
        findings = list(csv.DictReader(fh))
    for r in records:
        assert f'data-id="{r["id"]}"' in html
    for code, n in Counter(f["code"] for f in findings).items():
        m = re.search(rf'data-rule="{code}">.*?class="num count">(\d+)<', html)
        assert m and int(m.group(1)) == n, code
    for status, n in Counter(r["status"] for r in records).items():
        assert f'id="n-{status}">{n}<' in html
    assert_no_raw_markup(html)
    assert "reports/130324-201-2023-budget.html" in html


def test_dashboard_reports_unreadable_manifest_lines(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"id": "a", "status": "ok"}\nnot json\n{}\n',
                                             encoding="utf-8")
    html = write_dashboard(tmp_path).read_text("utf-8")
    assert "manifest.jsonl line 2: not JSON" in html
    assert "manifest.jsonl line 3: not a disclosure record" in html
    assert 'data-id="a"' in html


def test_annotate_marks_every_boxed_finding(out_tree: OutTree, tmp_path: Path) -> None:
    out, _ = out_tree
    pid = "130324-201-2023-budget"
    pkg = out / "packages" / pid
    report_path = out / "reports" / f"{pid}.json"
    report = json.loads(report_path.read_text("utf-8"))
    target = tmp_path / "annotated.pdf"
    annotate_pdf(pkg, target, sources=[EXAMPLE], report=report_path)
    prov = load_provenance(pkg)
    doc = pdfium.PdfDocument(str(target))
    src = pdfium.PdfDocument(str(EXAMPLE))
    index_pages = len(doc) - len(src)
    assert index_pages >= 1
    expected: Counter[int] = Counter()
    for f in report["findings"]:
        main, row = finding_boxes(f, prov)
        page = f["location"].get("page")
        if page is not None:
            expected[page + index_pages] += 1 + (len(row) if main is not None else 0)
    import pypdfium2.raw as raw

    for n in range(index_pages, len(doc)):
        assert raw.FPDFPage_GetAnnotCount(doc[n].raw) == expected.get(n + 1, 0), n
    index_text = doc[0].get_textpage().get_text_range()
    for f in report["findings"]:
        assert f["code"] in index_text
    with pytest.raises(FileExistsError):
        annotate_pdf(pkg, target, sources=[EXAMPLE], report=report_path)
    with pytest.raises(AnnotateError, match=r"lulong-2023-budget\.pdf not found"):
        annotate_pdf(pkg, tmp_path / "other.pdf", sources=[tmp_path / "none.pdf"],
                     report=report_path)
    assert not (tmp_path / "other.pdf").exists()


def test_annotate_cli(out_tree: OutTree, tmp_path: Path) -> None:
    out, _ = out_tree
    pkg = out / "packages" / "130324-201-2023-budget"
    run = [sys.executable, "-c", "from cnbudget.cli.main import main; main()", "annotate",
           str(pkg), "-o", str(tmp_path / "a.pdf"), "--source", str(EXAMPLE)]
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    again = subprocess.run(run, capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "--overwrite" in again.stderr


def _resources(pkg: Path) -> list[dict[str, Any]]:
    desc = json.loads((pkg / "datapackage.json").read_text("utf-8"))
    return [r for r in desc["resources"] if r["name"] != "provenance"]


def test_site_shows_every_table_and_links_values_to_pages(site: Path,
                                                          out_tree: OutTree) -> None:
    out, _ = out_tree
    pkg = out / "packages" / "130324-201-2023-budget"
    page = (site / "130324-201-2023-budget" / "index.html").read_text("utf-8")
    for r in _resources(pkg):
        assert f'id="t-{r["name"]}"' in page, r["name"]
        if r.get("printed_title"):
            assert r["printed_title"] in page
    links = re.findall(r'<a class="v" href="(pages/[^"#]+)#([^"]+)"', page)
    assert len(links) > 200
    for href, anchor in links[:400]:
        target = (site / "130324-201-2023-budget" / href).read_text("utf-8")
        assert f'id="{anchor}"' in target
        assert (site / "130324-201-2023-budget" / href).with_suffix(".png").is_file()
    # every amount of the 收支总表 as printed is on the page
    with (pkg / "budget_summary.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["amount"]:
                assert f">{row['amount']}</a>" in page
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert m
    ld = json.loads(m.group(1))
    assert ld["@type"] == "Dataset" and ld["identifier"] == "130324-201-2023-budget"
    # the catalogue's own schema.org record: every distribution is a file of the site
    assert ld["variableMeasured"] and ld["isBasedOn"]
    urls = [d["contentUrl"] for d in ld["distribution"]]
    assert any(u.endswith("/130324-201-2023-budget.zip") for u in urls)
    for u in urls:
        assert u.startswith("file://") and Path(unquote(urlparse(u).path)).is_file(), u
    # and the catalogue records are published beside the page, linked under downloads
    for name in ("dcat.ttl", "dcat.jsonld", "datacite.json", "CITATION.cff"):
        assert (site / "130324-201-2023-budget" / name).is_file()
        assert f'href="{name}"' in page


def test_site_downloads_are_the_package(site: Path, out_tree: OutTree) -> None:
    """Every download the page links is there and is what it says: the package's
    reproducible zip (reading back as the package), each of its CSVs byte for byte, the
    official-layout workbook (one sheet per printed table), the catalogue records."""
    import io
    import zipfile

    import openpyxl
    from rdflib import Graph

    from cnbudget.package import zip_bytes

    out, _ = out_tree
    pkg = out / "packages" / "130324-201-2023-budget"
    folder = site / "130324-201-2023-budget"
    page = (folder / "index.html").read_text("utf-8")
    block = page[page.index("<ul class='downloads'>"):]
    block = block[:block.index("</ul></details></li></ul>")]
    hrefs = [unquote(h) for h in re.findall(r'<a href="([^"]+)" download>', block)]
    assert all((folder / h).is_file() for h in hrefs), hrefs
    zips = [h for h in hrefs if h.endswith(".zip")]
    assert len(zips) == 1 and (folder / zips[0]).read_bytes() == zip_bytes(pkg)
    with zipfile.ZipFile(io.BytesIO((folder / zips[0]).read_bytes())) as zf:
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == \
            sorted(p.name for p in pkg.iterdir() if p.is_file())
    csvs = {Path(h).name: h for h in hrefs if h.endswith(".csv")}
    assert set(csvs) == {p.name for p in pkg.glob("*.csv")}
    for name, h in csvs.items():
        assert (folder / h).read_bytes() == (pkg / name).read_bytes(), name
    books = [h for h in hrefs if h.endswith(".xlsx")]
    assert len(books) == 1
    wb = openpyxl.load_workbook(folder / books[0], read_only=True)
    assert len(wb.sheetnames) >= 9, wb.sheetnames
    wb.close()
    for name in ("dcat.ttl", "dcat.jsonld", "schema.jsonld", "datacite.json", "CITATION.cff",
                 "gbt21063.json"):
        assert name in hrefs, name
    assert len(Graph().parse(folder / "dcat.ttl")) > 50
    assert not (folder / "xlsx-error.txt").exists()


def test_site_escapes_document_text(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert_no_raw_markup(page.read_text("utf-8"))
    page = (site / "130324-201-2023-budget-2" / "index.html").read_text("utf-8")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    # shown, escaped, wherever it was put: title, department, table title and note, item
    # name, the narrative section's heading and text (outtree.inject_markup)
    assert page.count(escaped) >= 7, page.count(escaped)
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert m
    ld = json.loads(m.group(1))
    assert MARKUP in ld["name"] and MARKUP in ld["description"]  # the source's title
    assert "</script><!--" in ld["spatialCoverage"]["name"]  # the region, whole
    # the catalogue records published beside the page carry the text as data
    cff = yaml.safe_load((site / "130324-201-2023-budget-2" / "CITATION.cff").read_text("utf-8"))
    assert MARKUP in cff["title"]


def test_site_never_overwrites_unasked(site: Path, tmp_path: Path) -> None:
    with pytest.raises(FileExistsError):
        build_site([EXAMPLE.parent], site)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from cnbudget.cli.main import main; main()",
                           *args], capture_output=True, text=True, check=False)


def test_validate_html_of_a_pdf_shows_crops(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    done = _cli("validate", str(EXAMPLE), "--html", str(target))
    assert done.returncode in (0, 1), done.stderr
    html = target.read_text("utf-8")
    assert html.count('<img class="crop" src="data:image/png;base64,') >= 1


def test_site_cli_refuses_bad_input(tmp_path: Path) -> None:
    done = _cli("site", str(tmp_path / "nothing"), "-o", str(tmp_path / "site"))
    assert done.returncode == 2 and "no datapackage.json" in done.stderr
    assert not (tmp_path / "site").exists()


def test_annotate_on_rotated_pages_marks_the_cell(tmp_path: Path) -> None:
    """Provenance is in display space (rotation, crop box applied); the annotation's
    rectangle, mapped back by PDFium, is the cell's box."""
    import ctypes

    import pypdfium2.raw as raw

    from cnbudget.converters import convert
    from cnbudget.package import write_package
    from tests.review.outtree import CORPUS

    src = CORPUS / "sd-yantai-dashuju-2026-budget.pdf"
    if not src.is_file():
        pytest.skip("corpus absent")
    pkg = write_package(convert([src]), tmp_path / "yt")
    doc = pdfium.PdfDocument(str(src))
    rotated = {i + 1 for i in range(len(doc)) if doc[i].get_rotation()}
    assert rotated
    with (pkg / "provenance.csv").open(encoding="utf-8", newline="") as fh:
        cell = next(r for r in csv.DictReader(fh) if r["x0"] and r["page"]
                    and int(r["page"]) in rotated and r["printed"][:1].isdigit())
    box = [float(cell[k]) for k in ("x0", "top", "x1", "bottom")]
    finding = {"code": "CNB-ARI-001", "severity": "error", "message": {"zh": "测", "en": "t"},
               "location": {"resource": cell["resource"], "position": int(cell["position"]),
                            "side": cell["side"] or None, "field": cell["field"],
                            "source": src.name, "page": int(cell["page"]), "bbox": box}}
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"findings": [finding]}), encoding="utf-8")
    out = annotate_pdf(pkg, tmp_path / "a.pdf", sources=[src], report=report)
    ann = pdfium.PdfDocument(str(out))
    offset = len(ann) - len(doc)
    page = ann[int(cell["page"]) - 1 + offset]
    n = raw.FPDFPage_GetAnnotCount(page.raw)
    assert n >= 1
    w, h = raw.FPDF_GetPageWidthF(page.raw), raw.FPDF_GetPageHeightF(page.raw)
    found = []
    for i in range(n):
        a = raw.FPDFPage_GetAnnot(page.raw, i)
        rect = raw.FS_RECTF()
        raw.FPDFAnnot_GetRect(a, rect)
        raw.FPDFPage_CloseAnnot(a)
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pts = []
        for x, y in ((rect.left, rect.top), (rect.right, rect.bottom)):
            raw.FPDF_PageToDevice(page.raw, 0, 0, round(w * 64), round(h * 64), 0, x, y,
                                  dx, dy)
            pts.append((dx.value / 64, dy.value / 64))
        found.append((min(p[0] for p in pts), min(p[1] for p in pts),
                      max(p[0] for p in pts), max(p[1] for p in pts)))
    assert any(all(abs(a - b) <= 1.6 for a, b in zip(f, box, strict=True)) for f in found), \
        (found, box)


def test_site_tables_show_the_columns_the_document_prints(tmp_path: Path) -> None:
    """The Guangzhou 信访局's 一般公共预算支出表 prints 合计/基本支出/项目支出 and no
    人员经费/公用经费: the site's table has the printed columns only, while the official
    workbook layout (the template) keeps them."""
    from cnbudget.export.layout import columns_for
    from cnbudget.model import Table

    golden = Path(__file__).parents[1] / "fixtures/expected/gd-guangzhou-xinfang-2026-budget"
    with (golden / "general_budget_expenditure.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(not r["personnel"] and not r["public_expenses"] for r in rows)
    template = {c.title for c in columns_for("general_budget_expenditure",
                                             Table("general_budget_expenditure", rows=rows),
                                             "department_budget")}
    assert {"人员经费", "公用经费"} <= template
    build_site([golden], tmp_path / "site")
    html = next((tmp_path / "site").glob("*/index.html")).read_text(encoding="utf-8")
    table = html[html.index("<h3>一般公共预算支出情况表（按功能分类科目）"):]
    table = table[table.index('<table class="printed">'):]
    table = table[:table.index("</table>")]
    head = table[:table.index("</thead>")]
    assert "基本支出" in head and "项目支出" in head
    assert "人员经费" not in head and "公用经费" not in head
    assert "2570.71" in table
