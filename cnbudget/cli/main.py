"""The ``cnbudget`` command: a thin shell over the library, one module per command.

Startup is kept short: ``cnbudget --version`` imports neither typer nor a command, and a
command imports only its own module (:data:`COMMANDS`); ``app`` (all commands, for
``--help``, the docs and the tests) is built on first use.
"""

from __future__ import annotations

import importlib
import sys

_TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `--version` is quick
if _TYPE_CHECKING:
    from typing import Any

    import typer

COMMANDS = {
    "convert": "cnbudget.cli.convert:convert",
    "export": "cnbudget.cli.export:export",
    "template": "cnbudget.cli.template:template",
    "validate": "cnbudget.cli.validate:validate",
    "render": "cnbudget.cli.render:render",
    "batch": "cnbudget.cli.batch:batch",
    "catalog": "cnbudget.cli.catalog:catalog",
    "annotate": "cnbudget.cli.annotate:annotate",  # cnbudget.review loads when run
    "site": "cnbudget.cli.site:site",
}
"""Command name → its function (module:function), in the order of ``--help``."""


def version_line() -> str:
    from cnbudget import __version__
    from cnbudget._schema_file import standard_version  # not cnbudget.standard: quick

    return f"cnbudget {__version__} (standard {standard_version()})"


def build(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with the command ``only``."""
    import typer

    app = typer.Typer(
        name="cnbudget",
        help="Open data standard and toolkit for Chinese government budget disclosures "
             "(预决算公开): convert, validate, export, batch.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    def _version(value: bool) -> None:
        if value:
            typer.echo(version_line())
            raise typer.Exit()

    @app.callback()
    def _main(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                     help="Show the toolkit and standard versions and exit."),
    ) -> None:
        """cnbudget: 预决算公开数据标准工具."""

    for name, target in COMMANDS.items():
        if only is None or name == only:
            module, _, function = target.partition(":")
            app.command(name)(getattr(importlib.import_module(module), function))
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        app = build()
        globals()["app"] = app
        return app
    raise AttributeError(name)


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        sys.stdout.write(version_line() + "\n")
        return
    command = next((a for a in args if not a.startswith("-")), None)
    build(command if command in COMMANDS and "--help" not in args[:1] else None)()
