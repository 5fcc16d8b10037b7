"""Fixture: a writable copy of the reference package."""

from __future__ import annotations

from pathlib import Path

import pytest
from validation_support import Pkg, copy_reference


@pytest.fixture
def pkg(tmp_path: Path) -> Pkg:
    return copy_reference(tmp_path)
