"""Validate several submissions: one report per submission into an output folder and a
summary (terminal, CSV, HTML). One broken submission never stops the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from cnbudget.validation.api import Validation, validate
from cnbudget.validation.config import Config
from cnbudget.validation.report_csv import write_findings, write_summary
from cnbudget.validation.report_html import render, render_summary
from cnbudget.validation.report_json import dumps


def expand(inputs: Iterable[Path]) -> list[Path]:
    """A folder that is not itself a package is a folder of submissions."""
    out: list[Path] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir() and not (p / "datapackage.json").is_file():
            subs = sorted(c for c in p.iterdir() if not c.name.startswith("."))
            out.extend(subs if subs else [p])
        else:
            out.append(p)
    return out


def slug(path: Path, used: set[str]) -> str:
    # keep Chinese names (报表.pdf → 报表); only characters unsafe in file names are replaced
    from cnbudget.batch.inputs import slug as unique_slug

    return unique_slug(path.stem if path.is_file() else path.name, used,
                       unsafe=r"[\\/:*?\"<>|\s]+")


def run_batch(inputs: list[Path], out: Path | None, *, config: Config | None = None,
              previous: Path | None = None, families: set[str] | None = None,
              structural_only: bool = False, docs_url: str | None = None,
              progress: Callable[[Path], None] | None = None,
              budget: Path | None = None) -> list[Validation]:
    results: list[Validation] = []
    reports: dict[str, str] = {}
    used: set[str] = set()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for path in inputs:
        try:
            v = validate(path, config=config, previous=previous, families=families,
                         structural_only=structural_only, budget=budget)
        except Exception as exc:
            v = Validation(target=str(path), error=f"internal error: {type(exc).__name__}: "
                                                  f"{exc}")
        results.append(v)
        if out is not None:
            name = slug(path, used)
            (out / f"{name}.json").write_text(dumps(v) + "\n", encoding="utf-8")
            (out / f"{name}.html").write_text(render(v, docs_url), encoding="utf-8")
            reports[v.target] = f"{name}.html"
        if progress is not None:
            progress(path)
    if out is not None:
        write_summary(out / "summary.csv", results)
        write_findings(out / "findings.csv", results)
        (out / "summary.html").write_text(render_summary(results, reports), encoding="utf-8")
    return results
