"""Tasks for the isolation tests (importable in a spawned child)."""

from __future__ import annotations

import os
import time
from typing import Any


def echo(value: int) -> dict[str, Any]:
    return {"value": value * 2}


def sleep(seconds: float) -> dict[str, Any]:
    time.sleep(seconds)
    return {}


def blow_up(mb: int) -> dict[str, Any]:
    chunks = [bytearray(2**20) for _ in range(mb)]
    return {"n": len(chunks)}


def die() -> dict[str, Any]:
    os._exit(3)


def fail() -> dict[str, Any]:
    raise ValueError("bad figure")
