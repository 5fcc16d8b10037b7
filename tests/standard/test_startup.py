"""Startup: ``cnbudget --version`` reads the versions without the CLI framework, the
standard's loader or any command (what it prints is the library's own versions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cnbudget import __version__, standard

REPO = Path(__file__).resolve().parents[2]


def _run(code: str) -> list[str]:
    """The lines a fresh interpreter prints running ``code`` against this checkout."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO, check=True)
    return done.stdout.splitlines()


def test_version_imports_neither_typer_nor_the_standard_loader() -> None:
    code = ("import sys; sys.argv = ['cnbudget', '--version']; "
            "from cnbudget.cli.main import main; main(); "
            "heavy = sorted(m for m in ('typer', 'click', 'pydantic', 'cnbudget.standard', "
            "'cnbudget.converters', 'csv', 'dataclasses', 'pathlib') if m in sys.modules); "
            "print(heavy)")
    line, heavy = _run(code)
    assert line == f"cnbudget {__version__} (standard {standard.version()})"
    assert heavy == "[]"


def test_the_standard_is_found_where_the_loader_finds_it() -> None:
    from cnbudget._schema_file import schema_folder, standard_version

    assert Path(schema_folder()) == standard.schema_dir()
    assert standard_version() == standard.version()


def test_converting_imports_neither_pydantic_nor_the_validators_libraries() -> None:
    """A conversion needs the CLI framework and the converter, not pydantic (typer 0.29
    builds a pydantic adapter per option: pinned below it), frictionless, pandas or
    openpyxl (a PDF or text input)."""
    code = ("import sys; sys.argv = ['cnbudget', 'convert', '--help']; "
            "from cnbudget.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pydantic', 'frictionless', 'pandas', 'openpyxl', "
            "'numpy') if m in sys.modules))")
    assert _run(code)[-1] == "[]"
