from __future__ import annotations

import pytest
from xlhelpers import REFERENCE, load_reference


@pytest.fixture()
def reference():  # a fresh copy: tests may change it
    return load_reference()


__all__ = ["REFERENCE"]
