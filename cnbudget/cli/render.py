"""``cnbudget render``: a package → a disclosure PDF laid out like the Hebei print."""

from __future__ import annotations

from pathlib import Path

import typer

from cnbudget.package import PackageError, load_package


def render(
    package: Path = typer.Argument(..., help="Package folder (or its datapackage.json)."),
    output: Path = typer.Option(..., "-o", "--output", help="PDF file to write (it must not "
                                "exist unless --overwrite)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
) -> None:
    """Render a package as a disclosure PDF (生成公开文本 PDF)."""
    try:
        from cnbudget.render import render_pdf
    except ImportError as exc:  # reportlab is an optional extra
        typer.echo(f"error: rendering needs the 'render' extra (pip install "
                   f"'cnbudget[render]'): {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        target = render_pdf(load_package(package), output, overwrite=overwrite)
    except (PackageError, FileExistsError, IsADirectoryError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}")
