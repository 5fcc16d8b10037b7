"""``cnbudget convert``: a disclosure (text extraction, PDF, workbook) → a package."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from cnbudget.converters import ConversionError, Options
from cnbudget.converters import convert as convert_files
from cnbudget.package import report_dict, write_package


def convert(
    files: list[Path] = typer.Argument(..., help="The file(s) of ONE disclosure: a text "
                                       "extraction (.txt), PDF(s) or a workbook."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the package to "
                                "(it must not exist unless --overwrite)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing folder."),
    region_code: str | None = typer.Option(None, "--region-code",
                                           help="Administrative division code (6 digits) when "
                                           "the document does not name its region."),
    department_code: str | None = typer.Option(None, "--department-code",
                                               help="Department code when none is printed."),
    year: int | None = typer.Option(None, "--year", help="Fiscal year when none is printed."),
    kind: str | None = typer.Option(None, "--kind", help="Document kind: department_budget, "
                                    "unit_budget, department_final_accounts, "
                                    "unit_final_accounts."),
    url: str | None = typer.Option(None, "--url", help="Where the document was published."),
    as_json: bool = typer.Option(False, "--json", help="Print the conversion report as JSON."),
) -> None:
    """Convert one disclosure into a package of the standard (转换为标准数据包)."""
    options = Options(region_code=region_code, department_code=department_code,
                      fiscal_year=year, document_kind=kind, url=url)
    try:
        disclosure = convert_files(files, options)
        target = write_package(disclosure, output, overwrite=overwrite)
    except (ConversionError, FileExistsError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    report = report_dict(disclosure.report)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    failed = [c for c in disclosure.report.checks if not c.holds]
    typer.echo(f"wrote {target} ({disclosure.metadata['title']})")
    for name, info in report["tables"].items():
        pages = ",".join(str(p) for p in info["pages"]) or "-"
        empty = " (published empty)" if info["published_empty"] else ""
        typer.echo(f"  {name:<30} {info['rows']:>4} rows  pages {pages}{empty}")
    typer.echo(f"self-check: {len(disclosure.report.checks) - len(failed)} identities hold, "
               f"{len(failed)} fail")
    for c in failed:
        typer.echo(f"  FAIL {c.identity} {c.table}: {c.detail}")
    if disclosure.report.unplaced:
        typer.echo(f"unplaced values: {len(disclosure.report.unplaced)}")
        for u in disclosure.report.unplaced:
            typer.echo(f"  {u.place.describe()}: {u.text!r} ({u.reason})")
    for p in disclosure.report.problems:
        typer.echo(f"problem {p.code}: {p.message()}")
    for limit in report["limits"]:
        typer.echo(f"limit reached ({limit['code']}): {limit['where']}: {limit['message']}")
