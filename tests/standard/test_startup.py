"""Startup: ``cnbudget --version`` reads the versions without the CLI framework, the
standard's loader or any command (what it prints is the library's own versions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cnbudget import __version__, standard

REPO = Path(__file__).resolve().parents[2]


def test_version_imports_neither_typer_nor_the_standard_loader() -> None:
    code = ("import sys; sys.argv = ['cnbudget', '--version']; "
            "from cnbudget.cli.main import main; main(); "
            "heavy = sorted(m for m in ('typer', 'click', 'pydantic', 'cnbudget.standard', "
            "'cnbudget.converters', 'csv', 'dataclasses', 'pathlib') if m in sys.modules); "
            "print(heavy)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=REPO, check=True)
    line, heavy = done.stdout.splitlines()
    assert line == f"cnbudget {__version__} (standard {standard.version()})"
    assert heavy == "[]"


def test_the_standard_is_found_where_the_loader_finds_it() -> None:
    from cnbudget._schema_file import schema_folder, standard_version

    assert Path(schema_folder()) == standard.schema_dir()
    assert standard_version() == standard.version()
