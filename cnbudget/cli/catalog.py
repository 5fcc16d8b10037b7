"""``cnbudget catalog``: catalogue records (DCAT-AP, schema.org, DataCite, CITATION.cff,
GB/T 21063.3) of packages. The library (rdflib) is imported only when the command runs."""

from __future__ import annotations

from pathlib import Path

import typer


def catalog(
    packages: list[Path] = typer.Argument(..., help="Package folders (or their "
                                          "datapackage.json)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the records in."),
    base_url: str | None = typer.Option(
        None, "--base-url", help="URL the output folder is published at (each package at "
        "BASE/<name>/, its files copied there); default: the output folder as a file: URL."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
    doi_prefix: str | None = typer.Option(
        None, "--doi-prefix", help="Your DataCite prefix (10.NNNN): the DataCite record names "
        "the DOI to mint, PREFIX/cnbudget.<name>, and CITATION.cff cites it."),
) -> None:
    """Write catalogue records of packages (编目：DCAT-AP、schema.org、DataCite、CFF、
    GB/T 21063.3)."""
    try:
        from cnbudget.catalog import dcat, write_catalog
    except ImportError as exc:
        typer.echo(f"error: cnbudget catalog needs rdflib ({exc}): "
                   "pip install 'cnbudget[catalog]'", err=True)
        raise typer.Exit(2) from None
    from cnbudget.package import PackageError

    try:
        recs = write_catalog(packages, output, base_url=base_url, overwrite=overwrite,
                             doi_prefix=doi_prefix)
    except (PackageError, FileExistsError, IsADirectoryError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    series = dcat.series_groups(recs)
    typer.echo(f"wrote {output}: {len(recs)} datasets, {len(series)} series")
    for r in recs:
        typer.echo(f"  {r.id}  {len(r.files) - 1} resources  zip {r.zip.size} bytes  "
                   f"sha256 {r.zip.sha256[:12]}…")
