"""``cnbudget export``: a package → a workbook laid out like the official tables, or CSVs."""

from __future__ import annotations

from pathlib import Path

import typer

from cnbudget.export import ExportError, export_csv, export_workbook
from cnbudget.package import PackageError, load_package


def export(
    package: Path = typer.Argument(..., help="Package folder (or its datapackage.json)."),
    fmt: str = typer.Option("xlsx", "--format", "-f", help="xlsx (one sheet per table, laid "
                            "out like the official tables) or csv (a folder, or a .zip when "
                            "OUT ends in .zip)."),
    output: Path = typer.Option(..., "-o", "--output", help="File or folder to write."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
) -> None:
    """Export a package as a workbook or as plain CSV files (导出为工作簿或CSV)."""
    if fmt not in ("xlsx", "csv"):
        typer.echo(f"error: --format must be xlsx or csv, not {fmt!r}", err=True)
        raise typer.Exit(2)
    try:
        disclosure = load_package(package)
        if fmt == "xlsx":
            target = export_workbook(disclosure, output, overwrite=overwrite)
        else:
            target = export_csv(disclosure, output, overwrite=overwrite)
    except (PackageError, ExportError, FileExistsError, IsADirectoryError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}")
