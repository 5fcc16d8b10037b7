"""The ``cnbudget`` command: a thin shell over the library, one module per command."""

from __future__ import annotations

import typer

from cnbudget import __version__, standard
from cnbudget.cli import catalog as catalog_cmd  # imports rdflib only when run
from cnbudget.cli import convert as convert_cmd
from cnbudget.cli import export as export_cmd
from cnbudget.cli import render as render_cmd
from cnbudget.cli import template as template_cmd
from cnbudget.cli import validate as validate_cmd

app = typer.Typer(
    name="cnbudget",
    help="Open data standard and toolkit for Chinese government budget disclosures "
         "(预决算公开): convert, validate, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnbudget {__version__} (standard {standard.version()})")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the toolkit and standard versions and exit."),
) -> None:
    """cnbudget: 预决算公开数据标准工具."""


app.command("convert")(convert_cmd.convert)
app.command("export")(export_cmd.export)
app.command("template")(template_cmd.template)
app.command("validate")(validate_cmd.validate)
app.command("render")(render_cmd.render)
app.command("catalog")(catalog_cmd.catalog)


def _register_review_commands() -> None:
    # cli/annotate.py and cli/site.py import only typer; cnbudget.review loads when run
    from cnbudget.cli import annotate as annotate_cmd
    from cnbudget.cli import site as site_cmd

    app.command("annotate")(annotate_cmd.annotate)
    app.command("site")(site_cmd.site)


_register_review_commands()


def main() -> None:
    app()
