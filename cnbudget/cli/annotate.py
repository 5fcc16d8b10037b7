"""``cnbudget annotate``: the source PDF with every finding of a package marked."""

from __future__ import annotations

from pathlib import Path

import typer


def annotate(
    package: Path = typer.Argument(..., help="Package folder (or its datapackage.json)."),
    output: Path = typer.Option(..., "-o", "--output", help="PDF file to write (it must not "
                                "exist unless --overwrite)."),
    source: list[Path] | None = typer.Option(None, "--source", help="The source PDF the "
                                             "package was converted from (repeatable; its "
                                             "SHA-256 must match). Default: looked for beside "
                                             "the package by name."),
    report: Path | None = typer.Option(None, "--report", help="A validation report (JSON) "
                                       "to mark instead of validating the package now."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
) -> None:
    """Mark every finding on the source PDF, with an index in front (标注原文 PDF)."""
    from cnbudget.review.annotate import AnnotateError, annotate_pdf

    try:
        target = annotate_pdf(package, output, sources=source or None, report=report,
                              overwrite=overwrite)
    except (AnnotateError, FileExistsError, IsADirectoryError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}")
