"""``cnbudget site``: a static site of packages (works from a folder)."""

from __future__ import annotations

from pathlib import Path

import typer


def site(
    packages: list[Path] = typer.Argument(..., help="Package folders (or datapackage.json "
                                          "files)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write (it must not "
                                "exist unless --overwrite)."),
    source: list[Path] | None = typer.Option(None, "--source", help="Source PDFs of the "
                                             "packages (repeatable; matched by SHA-256). "
                                             "Default: looked for beside each package."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing folder."),
) -> None:
    """Build a static site of packages: tables as published, values linked to their page
    images, validation, downloads (生成静态网站)."""
    from cnbudget.review.site import SiteError, build_site

    try:
        target = build_site(packages, output, sources=source or None, overwrite=overwrite)
    except (SiteError, FileExistsError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {target}/index.html")
