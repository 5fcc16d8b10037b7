"""Everything the standard and the CLI define is documented in the built site.

Like datasette's ``tests/test_docs.py``: the lists come from the registry (the standard via
``cnbudget.standard``, the CLI via its typer app), the assertions from the built HTML, so a
new table, field, codelist, rule or command without a page fails here.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from cnbudget import standard

LANGS = ("", "en/")


def read(site: Path, rel: str) -> str:
    path = site / rel
    assert path.is_file(), f"{rel} is missing from the built site"
    return html.unescape(path.read_text(encoding="utf-8"))


def ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


@pytest.mark.parametrize("name", standard.table_names())
def test_every_table_and_field_is_documented(site: Path, name: str) -> None:
    schema = standard.table_schema(name)
    for prefix in LANGS:
        page = read(site, f"{prefix}reference/tables/{name}.html")
        assert schema["title"] in page
        for alias in schema.get("x-title-aliases", []):
            assert alias in page, f"{prefix}{name}: title alias {alias!r} missing"
        anchors = ids(page)
        for field in schema["fields"]:
            assert f"field-{field['name']}" in anchors, f"{prefix}{name}.{field['name']} missing"
            assert field["title"] in page
            for alias in field.get("x-aliases", []):
                assert alias in page, f"{prefix}{name}.{field['name']}: alias {alias!r} missing"
            if field.get("x-codelist"):
                assert f"../codelists/{field['x-codelist']}.html" in page
    index = read(site, "reference/tables/index.html")
    assert f'href="{name}.html"' in index


@pytest.mark.parametrize("name", [c["name"] for c in standard.codelist_registry()])
def test_every_codelist_and_code_is_documented(site: Path, name: str) -> None:
    cl = standard.codelist(name)
    for prefix in LANGS:
        page = read(site, f"{prefix}reference/codelists/{name}.html")
        assert cl.title in page
        assert ("open" if cl.status == "open" else "closed") in page
        missing = [c for c in cl.codes() if f"<code>{c}</code>" not in page]
        assert not missing, f"{prefix}{name}: codes missing: {missing[:10]}"
    assert f'href="{name}.html"' in read(site, "reference/codelists/index.html")


def test_every_conversion_problem_is_documented(site: Path) -> None:
    problems = standard.conversion_problems()
    assert problems, "the catalogue of conversion problems is empty"
    for prefix in LANGS:
        lang = "en" if prefix else "zh"
        page = read(site, f"{prefix}reference/conversion.html")
        anchors = ids(page)
        for code, problem in problems.items():
            assert code.lower() in anchors, f"{prefix}conversion: no anchor #{code.lower()}"
            assert str(problem["title"][lang]) in page, f"{prefix}conversion: {code} title"


def test_every_rule_is_documented(site: Path) -> None:
    rules = standard.rules()
    assert rules, "the rule catalogue is empty"
    for prefix in LANGS:
        lang = "en" if prefix else "zh"
        page = read(site, f"{prefix}reference/rules.html")
        anchors = ids(page)
        for rule in rules:
            code = str(rule["code"])
            assert code.lower() in anchors, f"{prefix}rules: no anchor #{code.lower()}"
            assert code in page
            title = rule.get("title", {})
            assert str(title.get(lang, "")) in page, f"{prefix}rules: {code} title missing"
            # the severity policy: each rule's basis and reason are shown
            reason = str(rule["severity_basis"]["reason"][lang])
            assert reason in page, f"{prefix}rules: {code} severity basis missing"
        assert "severity-policy" in anchors
        for basis in standard.severity_policy()["bases"].values():
            assert str(basis["title"][lang]) in page
        for family in standard.rule_families():
            assert f"family-{family}" in anchors


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out: list[tuple[tuple[str, ...], Any]] = []
    if hasattr(cmd, "list_commands"):
        ctx = cmd.context_class(cmd, info_name="cnbudget")
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                out.append(((*path, name), sub))
                out += _commands(sub, (*path, name))
    return out


def test_every_cli_command_and_option_is_documented(site: Path) -> None:
    import typer.main

    from cnbudget.cli.main import app

    root = typer.main.get_command(app)
    page = read(site, "reference/cli.html")
    anchors = ids(page)
    commands = _commands(root)
    assert commands
    for path, cmd in commands:
        anchor = "cnbudget-" + "-".join(path)
        assert anchor in anchors, f"cnbudget {' '.join(path)} is not documented"
        for param in cmd.params:
            if getattr(param, "param_type_name", "") == "option" and not param.hidden:
                for opt in param.opts:
                    assert f"<code>{opt}</code>" in page, f"{' '.join(path)} {opt} missing"


def test_every_profile_property_is_documented(site: Path) -> None:
    def walk(node: dict[str, Any], root: dict[str, Any], prefix: str) -> list[str]:
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        out = []
        for name, sub in (node.get("properties") or {}).items():
            out.append(prefix + name)
            out += walk(sub, root, prefix + name + ".")
            items = sub.get("items")
            if isinstance(items, dict):
                out += walk(items, root, prefix + name + "[].")
        return out

    profile = standard.profile()
    for prefix in LANGS:
        page = read(site, f"{prefix}reference/profile.html")
        for path in walk(profile, profile, ""):
            assert f">{path}</code>" in page, f"{prefix}profile: {path} missing"


def test_placeholders_are_rendered_and_changelog_included(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert "{{ cnbudget." not in page.read_text(encoding="utf-8"), page
    changelog = read(site, "changelog.html")
    assert standard.version() in changelog
    assert standard.version() in read(site, "index.html")


def test_site_uses_relative_links_only(site: Path) -> None:
    """The folder works from any web server (and any sub-path): no root-absolute links.

    404.html is the exception: a server shows it at any path, so MkDocs links it from "/".
    """
    for page in site.rglob("*.html"):
        if page.name == "404.html" and page.parent == site:
            continue
        text = page.read_text(encoding="utf-8")
        bad = re.findall(r'(?:href|src)="(/[^"]*)"', text)
        assert not bad, f"{page.relative_to(site)}: absolute links {bad[:5]}"


def test_ids_are_valid_css_selectors(site: Path) -> None:
    """The theme's scrollspy runs querySelector('#id') on headings: no id may start with a
    digit (a changelog heading such as ``[0.1.0] - 2026-11-28`` once broke it)."""
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # the theme's own page, not scrolled
            continue
        bad = [i for i in ids(page.read_text(encoding="utf-8")) if re.match(r"[0-9]|-[0-9]", i)]
        assert not bad, f"{page.relative_to(site)}: ids {bad[:5]}"


KIND_TITLED = [n for n in standard.table_names() if standard.table_schema(n).get("x-kind-titles")]


@pytest.mark.parametrize("name", KIND_TITLED)
def test_every_title_by_document_kind_is_documented(site: Path, name: str) -> None:
    """决算 (and any other kind's) printed titles are on the table's page, per kind."""
    by_kind = standard.table_schema(name)["x-kind-titles"]
    for prefix in LANGS:
        page = read(site, f"{prefix}reference/tables/{name}.html")
        assert "kind-titles" in ids(page), f"{prefix}{name}: no #kind-titles section"
        for kind, title in by_kind.items():
            assert kind in page and title in page, f"{prefix}{name}: {kind} {title!r} missing"


def test_final_accounts_are_documented_like_budgets(site: Path) -> None:
    """The nine 决算 tables have kind titles, and the 决算 page names them and the wording
    of the kind (决算年度, 决算数) the renderer and the export print."""
    nine = [n for n in standard.standard()["required_resources"]
            if standard.table_family(n) in ("two_list", "classified", "item_table")]
    assert set(nine) <= set(KIND_TITLED)
    page = read(site, "standard/final-accounts.html")
    for n in nine:
        assert standard.printed_title(n, "department_final_accounts") in page, n
        assert f"{n}.html" in page, n
    for kind in ("department_final_accounts", "unit_final_accounts"):
        assert kind in page
        for word in standard.kind_wording(kind).values():
            assert word in page, word
    assert "x-kind-titles" in page and "document_kind_wording" in page
