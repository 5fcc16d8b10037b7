"""The arithmetic and cross-table rules run once per package (:func:`runner.deferred_run`):
the result is the one of running them twice, once for the tolerance's evidence and once
to judge under the tolerance decided from it (``run_rules(..., tolerance=...)``), on every
golden package, held to exact arithmetic or rounded alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from cnbudget.validation.context import Context
from cnbudget.validation.loading import load
from cnbudget.validation.runner import run_rules, tolerance_policy

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures" / "expected"
PACKAGES = sorted(p for p in EXPECTED.iterdir() if (p / "datapackage.json").is_file())


def _result(result: object) -> tuple[object, ...]:
    return (result.findings, result.outcomes, result.not_evaluated,  # type: ignore[attr-defined]
            result.limits, result.stats)  # type: ignore[attr-defined]


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_rules_run_once_give_the_two_pass_result(folder: Path) -> None:
    loaded = load(folder)
    try:
        d, files = loaded.disclosure, loaded.files
        once = run_rules(d, files=files)
        twice = run_rules(d, files=files, tolerance=tolerance_policy(Context(d, files=files)))
        assert _result(once) == _result(twice)
        assert once.stats["tolerance_mode"] in ("exact", "rounding")
    finally:
        loaded.cleanup()


def test_golden_packages_hold_both_tolerances() -> None:
    """The comparison above covers both policies (an exact one reruns the tree search)."""
    modes = set()
    for folder in PACKAGES:
        loaded = load(folder)
        modes.add(tolerance_policy(Context(loaded.disclosure)).mode)
        loaded.cleanup()
    assert modes == {"exact", "rounding"}
