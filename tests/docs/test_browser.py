"""The built site in a real browser: Debian's headless Chromium driven by Playwright.

The site is served by Python's http.server on 127.0.0.1 (random port). Checked: pages load
without console errors or failed requests; search finds pages for a Chinese and an English
query; every table page shows its field table. Screenshots of the home page, a table page,
the rules page, the CLI reference, the guides and a search result are written to
``$DOCS_SCREENSHOTS`` (default: the test's temporary folder).

Skipped when /usr/bin/chromium or the ``playwright`` package is absent (CI installs both:
``apt-get install chromium fonts-noto-cjk`` and ``pip install -e .[docs]``). Playwright's own
browser download is never used.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cnbudget import standard

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = [
    "index.html",
    "reference/tables/index.html",
    "reference/tables/income_summary.html",
    "en/reference/tables/income_summary.html",
    "reference/codelists/function_classification.html",
    "reference/rules.html",
    "en/reference/rules.html",
    "reference/profile.html",
    "reference/cli.html",
    "guides/publish.html",
    "guides/excel-template.html",
    "guides/validate-batch.html",
    "en/guides/publish.html",
    "en/guides/validate-batch.html",
    "standard/overview.html",
    "changelog.html",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium (CI installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -e .[docs]")
    profile = tmp_path_factory.mktemp("chromium-profile")  # empty --user-data-dir
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900}, locale="zh-CN",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = os.environ.get("DOCS_SCREENSHOTS")
    path = Path(out) if out else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _open(browser: Any, url: str) -> tuple[Any, list[str]]:
    """A new page at url; the list collects console errors, page errors and failed requests."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return page, problems


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors(browser: Any, base_url: str, path: str) -> None:
    page, problems = _open(browser, base_url + path)
    try:
        assert page.locator("h1").first.is_visible()
        page.wait_for_timeout(300)
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def _search(browser: Any, base_url: str, query: str) -> tuple[Any, list[str]]:
    page, problems = _open(browser, base_url + "index.html")
    page.locator('a[data-bs-target="#mkdocs_search_modal"]').click()
    box = page.locator("#mkdocs-search-query")
    box.wait_for(state="visible")
    box.press_sequentially(query, delay=20)
    results = page.locator("#mkdocs-search-results article a")
    # The worker builds its index after the page loads and only then listens to the box:
    # repeat the keyup until it answers.
    for _ in range(60):
        if results.count():
            break
        box.dispatch_event("keyup")
        page.wait_for_timeout(500)
    results.first.wait_for(state="visible", timeout=5_000)
    hrefs = [str(a.get_attribute("href")) for a in results.all()]
    assert not problems, "\n".join(problems)
    return page, hrefs


def test_search_chinese(browser: Any, base_url: str, shots: Path) -> None:
    page, hrefs = _search(browser, base_url, "收入总表")
    try:
        assert any("reference/tables/income_summary.html" in h for h in hrefs), hrefs
        page.screenshot(path=str(shots / "search-zh.png"))
    finally:
        page.close()


def test_search_english(browser: Any, base_url: str) -> None:
    page, hrefs = _search(browser, base_url, "carryover")
    try:
        assert any("/tables/" in h for h in hrefs), hrefs
    finally:
        page.close()


def test_search_rule_code(browser: Any, base_url: str) -> None:
    code = str(standard.rules()[0]["code"])
    page, hrefs = _search(browser, base_url, code.lower())
    try:
        assert any("rules.html" in h for h in hrefs), hrefs
    finally:
        page.close()


@pytest.mark.parametrize("name", standard.table_names())
def test_table_page_shows_fields(browser: Any, base_url: str, name: str) -> None:
    page, problems = _open(browser, f"{base_url}reference/tables/{name}.html")
    try:
        for field in standard.table_schema(name)["fields"]:
            cell = page.locator(f'table code[id="field-{field["name"]}"]')
            assert cell.count() == 1, f"{name}: field {field['name']} not shown"
        first = standard.table_schema(name)["fields"][0]["name"]
        assert page.locator(f'code[id="field-{first}"]').is_visible()
        assert not problems, "\n".join(problems)
    finally:
        page.close()


def test_screenshots(browser: Any, base_url: str, shots: Path) -> None:
    for path, name in [("index.html", "home"),
                       ("reference/tables/income_summary.html", "table-income_summary"),
                       ("reference/rules.html", "rules"),
                       ("reference/cli.html#cnbudget-render", "cli-render"),
                       ("guides/publish.html", "guide-publish"),
                       ("guides/excel-template.html#program", "guide-excel-template"),
                       ("guides/validate-batch.html#read", "guide-validate-batch"),
                       ("en/guides/publish.html", "en-guide-publish"),
                       ("en/guides/validate-batch.html#read", "en-guide-validate-batch")]:
        page, problems = _open(browser, base_url + path)
        try:
            page.screenshot(path=str(shots / f"{name}.png"))
            assert (shots / f"{name}.png").stat().st_size > 10_000
            assert not problems, "\n".join(problems)
        finally:
            page.close()
