"""The code examples of the guides (docs/guides/*.md, docs/en/guides/*.md) run as written.

Each guide is one test. Its fenced blocks run in page order in a temporary folder holding a
copy of the reference package (``130324-201-2023-budget/``), of its text extraction
(``lulong-2023-budget.txt``) and of its PDF (``lulong-2023-budget.pdf``), and a folder
``packages/`` with the reference package and the golden packages of tests/fixtures/expected
(for the guides that compare several):

- every ```` ```python ```` block is executed; the blocks of one page share one namespace;
- in every ```` ```console ```` block, each ``$ cnbudget …``, ``$ frictionless …``,
  ``$ cp …`` and ``$ mkdir …`` line is run as a subprocess and must exit 0 (other lines,
  e.g. ``pip install``, are shown to the reader only); ``*`` and ``?`` in an argument are
  expanded as the shell would;
- a block preceded by ``<!-- docs-test: file NAME -->`` (e.g. a YAML configuration) is
  written to NAME, for the blocks after it to use;
- a block preceded by ``<!-- docs-test: skip REASON -->`` is not run (REASON says why);
- a block preceded by ``<!-- docs-test: exit 0,1 -->`` may exit with those codes (e.g.
  ``cnbudget validate`` exits 1 when it finds an ERROR; 2, "could not run", still fails).

The examples of the command-line reference (``EXAMPLES`` in docs/hooks/docgen/cli.py) run
too, from a folder laid out like the repository root; every command must have one.

A ``cnbudget`` subcommand that the CLI does not have yet makes the test xfail, naming it.
"""

from __future__ import annotations

import glob
import importlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
REFERENCE = REPO / "datapackages" / "130324-201-2023-budget"
GOLDENS = REPO / "tests" / "fixtures" / "expected"
SOURCES = [REPO / "examples" / "lulong-2023-budget.txt", REPO / "examples" / "lulong-2023-budget.pdf"]

_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
_SKIP = re.compile(r"<!--\s*docs-test:\s*skip\b(.*?)-->\s*$")
_EXIT = re.compile(r"<!--\s*docs-test:\s*exit\s+([0-9,\s]+?)\s*-->\s*$")
_FILE = re.compile(r"<!--\s*docs-test:\s*file\s+(\S+)\s*-->\s*$")
RUN_COMMANDS = {"cnbudget", "frictionless", "cp", "mkdir"}


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int
    skip: str | None
    exits: frozenset[int] = frozenset({0})
    file: str | None = None


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = _SKIP.search(before)
        exits = _EXIT.search(before)
        file = _FILE.search(before)
        line = text.count("\n", 0, m.start()) + 1
        out.append(Block(
            m.group(1), m.group(2), line,
            skip.group(1).strip() or "skipped" if skip else None,
            frozenset(int(x) for x in re.split(r"[,\s]+", exits.group(1)) if x)
            if exits else frozenset({0}),
            file.group(1) if file else None,
        ))
    return out


def cli_commands() -> set[str]:
    import typer.main

    from cnbudget.cli.main import app

    root: Any = typer.main.get_command(app)  # a click Group: duck-typed, see docgen/cli.py
    ctx = root.context_class(root, info_name="cnbudget")
    return set(root.list_commands(ctx))


def cnbudget_argv() -> list[str]:
    exe = shutil.which("cnbudget")
    if exe:
        return [exe]
    return [sys.executable, "-c",
            "import sys; from cnbudget.cli.main import main; sys.argv[0] = 'cnbudget'; main()"]


def expand(argv: list[str], workdir: Path) -> list[str]:
    """Shell-style wildcard expansion, relative to workdir (a pattern matching nothing
    stays as written, as in sh)."""
    out: list[str] = []
    for arg in argv:
        if any(ch in arg for ch in "*?["):
            found = sorted(glob.glob(arg, root_dir=workdir))
            if found:
                out += [f + "/" if arg.endswith("/") and not f.endswith("/") else f
                        for f in found]
                continue
        out.append(arg)
    return out


def run_lines(lines: list[str], exits: frozenset[int], where: str, workdir: Path,
              commands: set[str]) -> None:
    """Run each ``$ command`` line of a console example in workdir."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])}
    for raw in lines:
        if not raw.startswith("$ "):
            continue
        argv = expand(shlex.split(raw[2:], comments=True), workdir)
        if not argv or argv[0] not in RUN_COMMANDS:
            continue
        here = f"{where}: {raw[2:]}"
        if argv[0] == "cnbudget":
            sub = next((a for a in argv[1:] if not a.startswith("-")), None)
            if sub is not None and sub not in commands:
                pytest.xfail(f"cnbudget {sub} is not implemented yet ({here})")
            argv = [*cnbudget_argv(), *argv[1:]]
        elif argv[0] == "frictionless":
            exe = shutil.which("frictionless")
            if exe is None:
                continue
            argv = [exe, *argv[1:]]
        proc = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode in exits, (
            f"{here} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def run_console(block: Block, page: Path, workdir: Path, commands: set[str]) -> None:
    run_lines(block.code.splitlines(), block.exits, f"{page.relative_to(DOCS)}:{block.line}",
              workdir, commands)


PAGES = sorted([*DOCS.glob("guides/*.md"), *DOCS.glob("en/guides/*.md")])
PAGE_IDS = [str(p.relative_to(DOCS).with_suffix("")).replace("/guides/", "/").replace(
    "guides/", "") for p in PAGES]


def test_guides_have_examples() -> None:
    runnable = [b for p in PAGES for b in blocks(p) if b.skip is None and
                b.lang in ("python", "console")]
    assert len([b for b in runnable if b.lang == "python"]) >= 5


def test_skips_are_few_and_explained() -> None:
    """Every example runs except the setup steps that only make sense outside the test."""
    skipped = [(p.relative_to(DOCS), b.line, b.skip) for p in PAGES for b in blocks(p)
               if b.skip is not None]
    assert all(reason != "skipped" for *_, reason in skipped), skipped
    # the setup steps, and the batch guide's cluster runs (SSH, SLURM, Kubernetes: CI runs
    # only a LocalCluster, in tests/batch)
    assert len(skipped) <= 6, skipped


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_guide_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REFERENCE, tmp_path / REFERENCE.name)
    shutil.copytree(REFERENCE, tmp_path / "packages" / REFERENCE.name)
    for golden in sorted(p for p in GOLDENS.iterdir() if p.is_dir()):
        shutil.copytree(golden, tmp_path / "packages" / golden.name)
    for source in SOURCES:
        shutil.copy(source, tmp_path / source.name)
    monkeypatch.chdir(tmp_path)
    commands = cli_commands()
    namespace: dict[str, object] = {"__name__": f"guide_{page.stem.replace('-', '_')}"}
    ran = 0
    for block in blocks(page):
        if block.skip is not None:
            continue
        if block.file is not None:
            (tmp_path / block.file).write_text(block.code, encoding="utf-8")
            continue
        if block.lang == "python":
            code = compile(block.code, f"{page.relative_to(REPO)}:{block.line}", "exec")
            exec(code, namespace)
            ran += 1
        elif block.lang == "console":
            run_console(block, page, tmp_path, commands)
            ran += 1
    if ran == 0:
        pytest.skip(f"{page.name} has no runnable example")


def cli_examples() -> dict[str, list[str]]:
    """``EXAMPLES`` of docs/hooks/docgen/cli.py (the hook's own package, not installed)."""
    sys.path.insert(0, str(DOCS / "hooks"))
    try:
        module = importlib.import_module("docgen.cli")
    finally:
        sys.path.remove(str(DOCS / "hooks"))
    examples: dict[str, list[str]] = module.EXAMPLES
    return examples


def test_every_command_has_an_example() -> None:
    missing = sorted(cli_commands() - set(cli_examples()))
    assert not missing, f"add examples for these commands to docs/hooks/docgen/cli.py: {missing}"


@pytest.mark.parametrize("command", sorted(cli_examples()))
def test_cli_reference_examples_run(command: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples of reference/cli.md, from a folder laid out like the repository root."""
    shutil.copytree(REFERENCE, tmp_path / "datapackages" / REFERENCE.name)
    for source in SOURCES:
        (tmp_path / "examples").mkdir(exist_ok=True)
        shutil.copy(source, tmp_path / "examples" / source.name)
    monkeypatch.chdir(tmp_path)
    lines = [f"$ {e}" for e in cli_examples()[command]]
    run_lines(lines, frozenset({0}), f"reference/cli.md ({command})", tmp_path, cli_commands())
