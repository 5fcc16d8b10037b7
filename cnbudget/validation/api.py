"""Validate one input (package folder, datapackage.json, zip, or a document converted
first) and describe the outcome as data; every report carries its provenance."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cnbudget import standard
from cnbudget.model import Disclosure
from cnbudget.validation.config import Config
from cnbudget.validation.findings import Result
from cnbudget.validation.loading import MAX_ROWS, InputError, load
from cnbudget.validation.runner import catalogue, run_rules

REPORT_VERSION = "0.1.0"
ALL_FAMILIES = ("structure", "codes", "metadata", "arithmetic", "cross_table", "text",
                "performance", "residue", "yoy", "final_accounts", "reviewer")


def now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


@cache
def codelists_digest() -> str:
    """A digest of every codelist's rows, so a report names the exact lists it used."""
    h = hashlib.sha256()
    for meta in standard.codelist_registry():
        cl = standard.codelist(meta["name"])
        h.update(json.dumps([cl.name, cl.status, [list(r.items()) for r in cl.rows]],
                            ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()


@dataclass(slots=True)
class Validation:
    """The outcome of validating one input."""

    target: str
    result: Result | None = None
    error: str | None = None
    package: dict[str, Any] | None = None
    inputs: list[dict[str, str]] = field(default_factory=list)
    previous_inputs: list[dict[str, str]] = field(default_factory=list)
    created: str = field(default_factory=now)
    config: Config | None = None
    families: list[str] | None = None

    @property
    def status(self) -> str:
        if self.result is None:
            return "error"
        return "invalid" if self.result.has_error else "valid"

    @property
    def exit_code(self) -> int:
        return {"error": 2, "invalid": 1, "valid": 0}[self.status]

    def to_dict(self) -> dict[str, Any]:
        from cnbudget.validation.report_json import report_dict

        return report_dict(self)


def package_summary(disclosure: Disclosure) -> dict[str, Any]:
    meta = disclosure.metadata
    pub = meta.get("publisher") if isinstance(meta.get("publisher"), dict) else {}
    year = meta.get("fiscal_year")
    return {"name": meta.get("name"), "title": meta.get("title"),
            "fiscal_year": year if isinstance(year, int) else None,
            "document_kind": meta.get("document_kind"),
            "publisher": (pub or {}).get("department_name"),
            "region": (pub or {}).get("region_name")}


def validate(path: Path, *, config: Config | None = None, previous: Path | None = None,
             families: set[str] | None = None, structural_only: bool = False,
             max_rows: int = MAX_ROWS, budget: Path | None = None) -> Validation:
    """Validate one input; never raises for bad input (the Validation says it could not
    run)."""
    if structural_only:
        families = {"structure"}
    out = Validation(target=str(path), config=config,
                     families=sorted(families) if families is not None else None)
    prev: Disclosure | None = None
    try:
        loaded = load(Path(path), max_rows)
    except InputError as exc:
        out.error = str(exc)
        return out
    try:
        out.inputs = loaded.inputs
        out.package = package_summary(loaded.disclosure)
        if previous is not None:
            try:
                prev_loaded = load(Path(previous), max_rows)
            except InputError as exc:
                out.error = f"previous year's package: {exc}"
                return out
            prev = prev_loaded.disclosure
            out.previous_inputs = prev_loaded.inputs
            prev_loaded.cleanup()
        plan: Disclosure | None = None
        if budget is not None:
            try:
                budget_loaded = load(Path(budget), max_rows)
            except InputError as exc:
                out.error = f"budget package (--budget): {exc}"
                return out
            plan = budget_loaded.disclosure
            out.previous_inputs = [*out.previous_inputs, *budget_loaded.inputs]
            budget_loaded.cleanup()
        out.result = run_rules(loaded.disclosure, families=families, config=config,
                               previous=prev, files=loaded.files, budget=plan)
    finally:
        loaded.cleanup()
    return out


def known_codes() -> set[str]:
    return {r.code for r in catalogue()}
