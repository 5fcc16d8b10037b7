"""``cnbudget batch``: convert and validate many disclosures into one output folder,
resumably, in limited worker processes (locally or on a dask cluster)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import typer


def batch(
    inputs: list[Path] = typer.Argument(..., help="Files and folders (walked recursively): "
                                        "PDFs, workbooks, text extractions, package folders, "
                                        "zips."),
    out: Path = typer.Option(..., "-o", "--out", help="Output folder (re-running into it "
                             "redoes only what changed)."),
    jobs: int = typer.Option(2, "--jobs", "-j", help="Disclosures at a time."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes here) or "
                               "dask (dask.distributed)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Address of a dask "
                                         "scheduler (with --engine dask); default: a "
                                         "LocalCluster of --jobs workers."),
    timeout: float = typer.Option(300.0, "--timeout", help="Seconds per disclosure."),
    memory: int = typer.Option(2000, "--memory", help="Address-space limit of a worker, MB."),
    tasks_per_worker: int = typer.Option(20, "--tasks-per-worker", help="Disclosures a "
                                         "worker process runs before a fresh one is spawned "
                                         "(1: one process per disclosure)."),
    config: Path | None = typer.Option(None, "--config", help="Review configuration (YAML) "
                                       "of the validator."),
    previous: Path | None = typer.Option(None, "--previous", help="Another output folder "
                                         "whose results are reused where the key is the "
                                         "same."),
    mapping: Path | None = typer.Option(None, "--mapping", help="YAML/JSON file: disclosure "
                                        "id → list of files (overrides the grouping)."),
) -> None:
    """Review many disclosures at once (批量转换与校验).

    Exit code 0: every disclosure ok; 1: one is invalid, refused or failed; 2: could not
    run (a bad option or mapping file)."""
    from cnbudget.batch.engine import Settings, run_batch
    from cnbudget.batch.inputs import MappingError

    if engine not in ("local", "dask"):
        typer.echo(f"error: --engine must be local or dask, not {engine!r}", err=True)
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        typer.echo("error: --scheduler needs --engine dask", err=True)
        raise typer.Exit(2)
    if config is not None:
        from cnbudget.validation.api import known_codes
        from cnbudget.validation.config import Config, ConfigError

        try:
            Config.load(config, known_codes())
        except ConfigError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    if previous is not None and not (previous / "manifest.jsonl").is_file():
        typer.echo(f"error: {previous}: no manifest.jsonl (not a batch output folder)",
                   err=True)
        raise typer.Exit(2)
    settings = Settings(timeout=timeout, memory_mb=memory, tasks_per_worker=tasks_per_worker,
                        config=config.resolve() if config else None)
    executor_cm: Any = nullcontext(None)
    if engine == "dask":
        from cnbudget.batch.cluster import dask_executor

        executor_cm = dask_executor(jobs, scheduler)
    try:
        with _reporter() as progress, executor_cm as executor:
            result = run_batch(inputs, out, settings=settings, executor=executor, jobs=jobs,
                               previous=previous, mapping=mapping, progress=progress)
    except MappingError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    counts: dict[str, int] = {}
    for r in result.records.values():
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    typer.echo(f"{len(result.records)} disclosures: ran {len(result.ran)}, reused "
               f"{len(result.reused)}; "
               + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    typer.echo(f"wrote {out}/manifest.jsonl, summary.csv, findings.csv, dataset/")
    raise typer.Exit(result.exit_code)


@contextmanager
def _reporter() -> Iterator[Any]:
    """A rich progress bar (counts, ETA) on a terminal, plain lines otherwise."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                      console=console) as bar:
            task: list[Any] = []

            def show(phase: str, message: str, rec: dict[str, Any] | None) -> None:
                if phase == "start":
                    if task:
                        bar.remove_task(task.pop())
                    task.append(bar.add_task("disclosures", total=int(message)))
                elif phase == "done" and rec is not None:
                    if task:
                        bar.advance(task[0])
                    bar.console.print(_line(rec))
                elif message:
                    bar.console.print(message)

            yield show
        return
    count = [0, 0]

    def plain(phase: str, message: str, rec: dict[str, Any] | None) -> None:
        if phase == "start":
            count[:] = [0, int(message)]
        elif phase == "done" and rec is not None:
            count[0] += 1
            print(f"[{count[0]}/{count[1]}] {_line(rec)}", file=sys.stderr, flush=True)
        elif message:
            print(message, file=sys.stderr, flush=True)

    yield plain


def _line(rec: dict[str, Any]) -> str:
    c = rec.get("counts") or {}
    why = f" ({str(rec['reason'])[:120]})" if rec.get("reason") else ""
    return (f"{rec['id']}: {rec['status']}{why}, {c.get('error', 0)} errors, "
            f"{rec.get('seconds', 0):.1f} s, {rec.get('peak_mb')} MB")
