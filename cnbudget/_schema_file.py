"""Where the standard (schema/) lives and its version, with nothing but ``os`` and
``json``: ``cnbudget --version`` reads it without importing :mod:`cnbudget.standard`
(which uses this module to find the folder)."""

from __future__ import annotations

import json
import os

_HERE = os.path.dirname(os.path.realpath(__file__))


def schema_folder() -> str:
    """The folder holding the standard: ``cnbudget/_schema`` in an installed wheel, the
    ``schema/`` folder at the repository root in a source checkout."""
    for candidate in (os.path.join(_HERE, "_schema"),
                      os.path.join(os.path.dirname(_HERE), "schema")):
        if os.path.isfile(os.path.join(candidate, "standard.json")):
            return candidate
    raise FileNotFoundError(
        "the standard's schema/ folder was not found next to the cnbudget package"
    )


def standard_version() -> str:
    """``version`` of schema/standard.json."""
    with open(os.path.join(schema_folder(), "standard.json"), encoding="utf-8") as fh:
        return str(json.load(fh)["version"])
