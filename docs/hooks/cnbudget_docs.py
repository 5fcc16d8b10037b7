"""MkDocs hook: generate the reference pages from the standard and the CLI at build time.

Registered in ``mkdocs.yml`` under ``hooks:``. It adds virtual pages (nothing is written
into ``docs/``):

- ``reference/profile.md``, ``reference/tables/…``, ``reference/codelists/…``,
  ``reference/rules.md``, ``reference/conversion.md`` and their English twins under
  ``en/``, from ``schema/`` read through :mod:`cnbudget.standard`;
- ``reference/cli.md`` from the ``cnbudget`` typer app;
- ``changelog.md`` from ``CHANGELOG.md`` at the repository root.

Hand-written pages may use ``{{ cnbudget.version }}``-style placeholders for facts of the
standard (see :data:`PLACEHOLDERS`), so no version number or identifier is copied by hand.

A missing rule catalogue, CLI or changelog is logged as a warning: the page still
renders (with a notice) so a plain ``mkdocs build`` works while they are being written,
and ``mkdocs build --strict`` fails.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
# Document the standard and the toolkit of this checkout, not some other installed copy.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from docgen import cli, codelists, conversion, profile, rules, tables  # noqa: E402
from docgen.md import LANGS, anchor  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from cnbudget import standard  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cnbudget_docs")

CHANGELOG = REPO / "CHANGELOG.md"

PLACEHOLDERS: dict[str, Callable[[], str]] = {
    "name": lambda: str(standard.standard()["name"]),
    "title": lambda: str(standard.standard()["title"]),
    "version": standard.version,
    "profile": standard.profile_id,
    "licence": lambda: str(standard.standard().get("licence", "")),
    "extension_prefix": lambda: str(standard.standard().get("extension_prefix", "x_")),
    "required_count": lambda: str(len(standard.standard()["required_resources"])),
    "optional_count": lambda: str(len(standard.standard()["optional_resources"])),
}
_PLACEHOLDER = re.compile(r"\{\{\s*cnbudget\.(\w+)\s*\}\}")


def generated_pages() -> dict[str, str]:
    """src_uri → Markdown of every generated page."""
    pages: dict[str, str] = {}
    pages.update(profile.pages())
    pages.update(tables.pages())
    pages.update(codelists.pages())
    pages.update(conversion.pages())
    try:
        pages.update(rules.pages())
    except rules.CatalogueMissing as exc:
        log.warning("rule catalogue unavailable, rules page is a placeholder: %s", exc)
        for lang in LANGS:
            pages[rules.page_path(lang)] = rules.missing_page(lang, str(exc))
    try:
        pages[cli.PAGE] = cli.cli_page()
    except cli.CliUnavailable as exc:
        log.warning("cnbudget CLI unavailable, CLI page is a placeholder: %s", exc)
        pages[cli.PAGE] = cli.missing_page(str(exc))
    pages["changelog.md"] = changelog_page()
    return pages


def changelog_page() -> str:
    if not CHANGELOG.is_file():
        log.warning("CHANGELOG.md not found at the repository root")
        return "# 变更日志 / Changelog\n\n(CHANGELOG.md is missing.)\n"
    text = CHANGELOG.read_text(encoding="utf-8")
    head = "本页即仓库根目录的 <code>CHANGELOG.md</code>。/ This page is the repository's " \
           "<code>CHANGELOG.md</code>.\n\n"
    text = _HEADING.sub(_heading_id, text)
    if text.startswith("# "):
        first, _, rest = text.partition("\n")
        return f"{first} / 变更日志\n\n{head}{rest}"
    return f"# 变更日志 / Changelog\n\n{head}{text}"


_HEADING = re.compile(r"^(#{2,6})[ \t]+(\[?[0-9].*?)[ \t]*$", re.M)


def _heading_id(match: re.Match[str]) -> str:
    """``## [0.1.0] - 2026-11-28`` gets ``{#v0-1-0-2026-11-28}``: an id that starts with a
    digit is not a valid CSS selector, and the theme's scrollspy would fail on it."""
    hashes, text = match.group(1), match.group(2)
    if "{#" in text:
        return match.group(0)
    return f"{hashes} {text} {{#v{anchor(text)}}}"


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    for uri, content in sorted(generated_pages().items()):
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"{uri} is generated; remove the hand-written docs/{uri}")
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in PLACEHOLDERS:
            raise PluginError(f"{page.file.src_uri}: unknown placeholder {match.group(0)}")
        return PLACEHOLDERS[key]()

    return _PLACEHOLDER.sub(replace, markdown)
