"""``cnbudget template``: a blank workbook template generated from the standard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from cnbudget.export import write_template


def template(
    output: Path = typer.Option(..., "-o", "--output", help="The .xlsx file to write."),
    year: int = typer.Option(date.today().year, "--year", help="Fiscal year."),
    kind: str = typer.Option("department_budget", "--kind", help="department_budget, "
                             "unit_budget, department_final_accounts or unit_final_accounts."),
    unit: str = typer.Option("万元", "--unit", help="万元 or 元 (stated above each table)."),
    decimals: int = typer.Option(2, "--decimals", min=0, max=6,
                                 help="Decimals of the amount cells' number format."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
) -> None:
    """Write a blank workbook template to fill in and convert (生成填报模板)."""
    try:
        target = write_template(output, year, kind, unit, decimals, overwrite=overwrite)
    except (ValueError, FileExistsError, IsADirectoryError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}")
