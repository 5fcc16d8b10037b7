"""``cnbudget validate``: check packages (or documents, converted first) against the rule
catalogue. Exit code 0: no ERROR; 1: ERROR found; 2: could not run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from cnbudget.validation.api import ALL_FAMILIES, Validation, known_codes
from cnbudget.validation.api import validate as run_one
from cnbudget.validation.batch import expand, run_batch
from cnbudget.validation.config import Config, ConfigError
from cnbudget.validation.report_csv import write_findings, write_summary
from cnbudget.validation.report_html import render, render_summary
from cnbudget.validation.report_json import report_dict
from cnbudget.validation.report_text import print_report, print_summary


def validate(
    inputs: list[Path] = typer.Argument(..., help="Package folders, datapackage.json files, "
                                        "zips of packages, documents (PDF, .txt, .xlsx) to "
                                        "convert first, or folders of submissions."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON report (a list for "
                                 "several inputs) instead of the terminal report."),
    html: Path | None = typer.Option(None, "--html", help="Write an HTML report (the summary "
                                     "for several inputs)."),
    csv_path: Path | None = typer.Option(None, "--csv", help="Write all findings as CSV."),
    out: Path | None = typer.Option(None, "--out", help="Folder for one report per submission "
                                    "(JSON + HTML) and the summary (CSV + HTML)."),
    config: Path | None = typer.Option(None, "--config", help="YAML file changing severities "
                                       "or silencing rules for a review campaign."),
    previous: Path | None = typer.Option(None, "--previous", help="Last year's package: check "
                                         "the stated year-on-year changes."),
    budget: Path | None = typer.Option(None, "--budget", help="For a final-accounts package: "
                                       "the same department's budget package of that year; "
                                       "check the stated budget figures and report execution "
                                       "per function class."),
    structural_only: bool = typer.Option(False, "--structural-only", help="Only the structure "
                                         "family (profile, Table Schemas, codelists)."),
    family: list[str] | None = typer.Option(None, "--family", help="Run only these rule "
                                            "families (repeatable)."),
    docs_url: str | None = typer.Option(None, "--docs-url", help="Base URL of the rule "
                                        "documentation linked from HTML reports (default "
                                        "reference/rules.html)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show every finding."),
) -> None:
    """Validate disclosures against the standard (校验数据包)."""
    console = Console(stderr=as_json)
    try:
        cfg = Config.load(config, known_codes()) if config else None
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    families = set(family) if family else None
    if families and not families <= set(ALL_FAMILIES):
        typer.echo(f"error: unknown families {sorted(families - set(ALL_FAMILIES))}; known: "
                   f"{', '.join(ALL_FAMILIES)}", err=True)
        raise typer.Exit(2)
    docs = docs_url or (cfg.docs_url if cfg else None)
    paths = expand(inputs)
    if len(paths) == 1 and out is None:
        results = [run_one(paths[0], config=cfg, previous=previous, families=families,
                           structural_only=structural_only, budget=budget)]
    else:
        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("validating", total=len(paths))
            results = run_batch(paths, out, config=cfg, previous=previous, families=families,
                                structural_only=structural_only, docs_url=docs,
                                progress=lambda _p: bar.advance(task), budget=budget)
    _emit(results, console, as_json=as_json, html=html, csv_path=csv_path, docs_url=docs,
          verbose=verbose)
    raise typer.Exit(max(v.exit_code for v in results))


def _emit(results: list[Validation], console: Console, *, as_json: bool, html: Path | None,
          csv_path: Path | None, docs_url: str | None, verbose: bool) -> None:
    single = len(results) == 1
    if as_json:
        data = report_dict(results[0]) if single else [report_dict(v) for v in results]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for v in results:
            print_report(v, console, verbose=verbose or single)
        if not single:
            print_summary(results, console)
    for target in (html, csv_path):
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
    if html is not None:
        html.write_text(_single_html(results[0], docs_url) if single
                        else render_summary(results), encoding="utf-8")
    if csv_path is not None:
        if single:
            write_findings(csv_path, results)
        else:
            write_findings(csv_path, results)
            write_summary(csv_path.with_name(csv_path.stem + "-summary.csv"), results)


def _single_html(v: Validation, docs_url: str | None) -> str:
    """The report of one input, with crops of the cited cells when its PDF is at hand (the
    input itself, or the package's recorded sources beside it)."""
    from cnbudget.review.report_html import html_with_crops

    target = Path(v.target)
    if v.result is None:
        return render(v, docs_url)
    if target.is_dir() or target.name == "datapackage.json":
        package = target if target.is_dir() else target.parent
        return html_with_crops(report_dict(v), package, None, docs_url=docs_url)
    if target.suffix.lower() == ".pdf":
        return html_with_crops(report_dict(v), None, [target], docs_url=docs_url)
    return render(v, docs_url)
