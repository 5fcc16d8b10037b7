"""The terminal report: findings grouped by rule, counts per severity."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from cnbudget.validation.findings import Finding
from cnbudget.validation.runner import rule

if TYPE_CHECKING:
    from cnbudget.validation.api import Validation

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SAMPLES = 5


def print_report(v: Validation, console: Console, verbose: bool = False) -> None:
    pkg = v.package or {}
    console.print(f"[bold]{v.target}[/bold]  {pkg.get('name') or ''}  "
                  f"{pkg.get('publisher') or ''} {pkg.get('fiscal_year') or ''}")
    if v.result is None:
        console.print(f"[bold red]could not run:[/bold red] {v.error}")
        return
    groups: dict[str, list[Finding]] = {}
    for f in v.result.findings:
        groups.setdefault(f.code, []).append(f)
    for code, findings in groups.items():
        spec = rule(code)
        sev = findings[0].severity.value
        console.print(f"[{STYLE[sev]}]{sev.upper():7}[/] {code} {spec.title['zh']} / "
                      f"{spec.title['en']}  ×{len(findings)}")
        shown = findings if verbose else findings[:SAMPLES]
        for f in shown:
            console.print(f"    {f.location.describe()}", markup=False)
            console.print(f"      {f.message_zh}", markup=False)
        if len(findings) > len(shown):
            console.print(f"    … {len(findings) - len(shown)} more")
    for n in v.result.not_evaluated:
        console.print(f"[dim]NOT RUN {n.code} {n.resource or ''}: {n.reason}[/dim]",
                      markup=True, highlight=False)
    counts = v.result.counts()
    console.print(f"[bold]{v.status.upper()}[/bold]: {counts['error']} error(s), "
                  f"{counts['warning']} warning(s), {counts['info']} info, "
                  f"{len(v.result.not_evaluated)} not evaluated, "
                  f"{len(v.result.silenced)} silenced")


def print_summary(validations: Iterable[Validation], console: Console) -> None:
    from cnbudget.validation.report_csv import summary_row

    table = Table(title="cnbudget validate — summary")
    for col in ("submission", "publisher", "year", "status", "error", "warning", "info",
                "top rules"):
        table.add_column(col)
    for v in validations:
        r = summary_row(v)
        status = r["status"] if not r["problem"] else f"error: {r['problem'][:60]}"
        table.add_row(r["input"], r["publisher"], r["fiscal_year"], status, r["error"],
                      r["warning"], r["info"], r["top_rules"])
    console.print(table)
