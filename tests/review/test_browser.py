"""The report, the dashboard and the site in a real browser (Debian's /usr/bin/chromium
driven by Playwright), opened from files as a reviewer opens them: no console errors,
images load, the filters change what is shown, every table of the site is shown, a value's
link opens its page image, nothing overflows a phone's 390 px. Screenshots go to
``$REVIEW_SCREENSHOTS`` (default /tmp/cnbudget-review-shots).

Skipped when /usr/bin/chromium or playwright is absent; Playwright's own browser download
is never used."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = Path(os.environ.get("REVIEW_SCREENSHOTS", "/tmp/cnbudget-review-shots"))
OutTree = tuple[Path, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, path: Path | str, width: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    url = path if isinstance(path, str) else path.as_uri()
    page.goto(url, wait_until="load")
    return page, problems


def _fits(page: Any, width: int) -> None:
    """Nothing but the scrolling table wrappers is wider than the viewport."""
    body_w = page.evaluate("document.documentElement.scrollWidth")
    assert body_w <= width + 1, f"page is {body_w}px wide at {width}px"


def _images_loaded(page: Any) -> int:
    sizes = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
    assert all(done and w > 0 for done, w in sizes), sizes
    return len(sizes)


@pytest.mark.parametrize("form", WIDTHS)
def test_report_in_browser(browser: Any, out_tree: OutTree, form: str) -> None:
    out, _ = out_tree
    width = WIDTHS[form]
    for pid in ("130324-201-2023-budget", "markup-2023-budget"):
        page, problems = _open(browser, out / "reports" / f"{pid}.html", width)
        try:
            assert _images_loaded(page) >= 1
            _fits(page, width)
            page.screenshot(path=str(SHOTS / f"report-{pid}-{form}.png"), full_page=True)
            assert not problems, problems
        finally:
            page.close()


@pytest.mark.parametrize("form", WIDTHS)
def test_dashboard_filters(browser: Any, out_tree: OutTree, form: str) -> None:
    out, records = out_tree
    width = WIDTHS[form]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, problems = _open(browser, out / "summary.html", width)
    try:
        rows = page.locator("#packages tr.pkg:visible")
        assert rows.count() == len(records)
        for status in {r["status"] for r in records}:
            page.select_option("#f-status", status)
            assert rows.count() == sum(1 for r in records if r["status"] == status)
        page.click("#f-reset")
        assert rows.count() == len(records)
        with (out / "findings.csv").open(encoding="utf-8") as fh:
            findings = list(csv.DictReader(fh))
        code = findings[0]["code"]
        page.select_option("#f-rule", code)
        with_code = {f["package_id"] for f in findings if f["code"] == code}
        assert rows.count() == len(with_code)
        assert page.locator("#rules tr.rule:visible").count() == 1
        shown = page.locator(f'#rules tr.rule[data-rule="{code}"] .count').inner_text()
        assert int(shown) == sum(1 for f in findings if f["code"] == code)
        page.click("#f-reset")
        region = next(r["region"] for r in records if r.get("region"))
        page.select_option("#f-region", region)
        assert rows.count() == sum(1 for r in records if r.get("region") == region)
        page.click("#f-reset")
        assert page.locator("svg").count() == 3
        _fits(page, width)
        page.screenshot(path=str(SHOTS / f"dashboard-{form}.png"), full_page=True)
        link = page.locator("#packages a").first
        link.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(".html") and "/reports/" in page.url
        assert not problems, problems
    finally:
        page.close()


@pytest.mark.parametrize("form", WIDTHS)
def test_site_in_browser(browser: Any, site: Path, out_tree: OutTree, form: str) -> None:
    out, _ = out_tree
    width = WIDTHS[form]
    page, problems = _open(browser, site / "index.html", width)
    try:
        rows = page.locator("#packages tr.pkg:visible")
        total = rows.count()
        assert total == 3
        page.select_option("#f-year", "2023")
        assert rows.count() == 2
        page.select_option("#f-year", "")
        assert rows.count() == total
        # the region and department filters, against the packages' descriptors (the site
        # fixture's three packages)
        _, records = out_tree
        pubs = [json.loads((out / r["package"] / "datapackage.json").read_text("utf-8"))
                ["publisher"] for r in records if r.get("package")][:3]
        for key, field in (("region", "region_name"), ("department", "department_name")):
            for value in {p[field] for p in pubs}:
                page.select_option(f"#f-{key}", value)
                assert rows.count() == sum(1 for p in pubs if p[field] == value), (key, value)
            page.select_option(f"#f-{key}", "")
        assert rows.count() == total
        _fits(page, width)
        page.screenshot(path=str(SHOTS / f"site-index-{form}.png"), full_page=True)
        page.locator("#packages a").first.click()
        page.wait_for_load_state("load")
        desc = json.loads((out / "packages" / "130324-201-2023-budget" / "datapackage.json")
                          .read_text("utf-8"))
        for r in desc["resources"]:
            if r["name"] != "provenance":
                assert page.locator(f'section#t-{r["name"]}').is_visible(), r["name"]
        _fits(page, width)
        page.screenshot(path=str(SHOTS / f"site-package-{form}.png"))
        value = page.locator('#t-budget_summary a.v:text-is("686.71")').first
        value.click()
        page.wait_for_load_state("load")
        assert "/pages/" in page.url and "#c-budget_summary-" in page.url
        assert _images_loaded(page) == 1
        target = page.locator(".pagebox a.cell:target")
        assert target.count() == 1
        box = target.bounding_box()
        assert box and box["width"] > 5 and box["height"] > 5
        _fits(page, width)
        page.screenshot(path=str(SHOTS / f"site-page-{form}.png"))
        assert not problems, problems
    finally:
        page.close()


# Ten corpus packages of ten layout families (their golden packages, checked against the
# pages: tests/fixtures/CHECKED.md), with their source PDFs from ../shared/corpus.
CORPUS_SITE = ["cq-qixiang-2026-budget", "fj-quanzhou-jiance-zhongxin-2026-unit-budget",
               "gd-guangzhou-xinfang-2026-budget", "gd-shenzhen-xinfang-2026-budget",
               "js-suzhou-shenji-2026-budget", "sh-putuo-fuliyuan-2024-unit-budget",
               "sh-yuwai-nongchang-2026-unit-budget", "zj-hangzhou-qixiang-2026-budget",
               "cn-guojia-xinfangju-2026-budget", "sn-xian-xinfang-2026-budget"]
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    from cnbudget.review.site import build_site

    packages = [REPO / "datapackages" / "130324-201-2023-budget",
                *(REPO / "tests" / "fixtures" / "expected" / n for n in CORPUS_SITE)]
    sources = [CORPUS / f"{n}.pdf" for n in CORPUS_SITE]
    if not all(s.is_file() for s in sources):
        pytest.skip(f"{CORPUS} is absent")
    target = tmp_path_factory.mktemp("corpus-site") / "site"
    build_site(packages, target, sources=[*sources, REPO / "examples" / "lulong-2023-budget.pdf"])
    return target, packages


@pytest.mark.parametrize("form", WIDTHS)
def test_site_of_corpus_packages_in_browser(browser: Any, corpus_site: tuple[Path, list[Path]],
                                            form: str) -> None:
    """The reference and ten corpus packages: every table of every package shown, each
    page's values linked to a page image that loads, no console error, nothing wider than
    the screen."""
    site, packages = corpus_site
    width = WIDTHS[form]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, problems = _open(browser, site / "index.html", width)
    try:
        assert page.locator("#packages tr.pkg:visible").count() == len(packages)
        _fits(page, width)
    finally:
        page.close()
    for pkg in packages:
        desc = json.loads((pkg / "datapackage.json").read_text("utf-8"))
        folder = next(p for p in site.iterdir() if p.is_dir()
                      and p.name.startswith(desc["name"]))
        page, problems = _open(browser, folder / "index.html", width)
        try:
            for r in desc["resources"]:
                if r["name"] == "provenance":
                    continue
                section = page.locator(f'section#t-{r["name"]}')
                assert section.count() == 1, (desc["name"], r["name"])
                assert section.is_visible(), (desc["name"], r["name"])
                with (pkg / r["path"]).open(encoding="utf-8", newline="") as fh:
                    has_rows = any(True for _ in csv.DictReader(fh))
                if has_rows and r["name"] != "text_sections":  # its rows, in a table
                    assert section.locator("table tbody tr").count() > 0, \
                        (desc["name"], r["name"])
            _fits(page, width)
            page.screenshot(path=str(SHOTS / f"corpus-{desc['name']}-{form}.png"))
            shown = page.locator("section.res:has(table.printed)").first  # a table as printed
            if shown.count():
                shown.screenshot(path=str(SHOTS / f"corpus-{desc['name']}-table-{form}.png"))
            values = page.locator("a.v")
            if not any(f.get("media_type") == "application/pdf"
                       for f in desc["source"]["files"]):
                # the reference package is converted from its text extraction: no page image
                # (its PDF-converted twin is test_site_in_browser's); the page says so
                assert values.count() == 0
                assert not problems, (desc["name"], problems)
                continue  # (the finally closes the page)
            assert values.count() > 20, desc["name"]
            values.nth(values.count() // 2).click()
            page.wait_for_load_state("load")
            assert "/pages/" in page.url
            assert _images_loaded(page) == 1
            assert page.locator(".pagebox a.cell:target").count() == 1
            page.screenshot(path=str(SHOTS / f"corpus-{desc['name']}-page-{form}.png"))
            assert not problems, (desc["name"], problems)
        finally:
            page.close()
