"""The environment the benchmarks run their child processes in.

A user's ``cnbudget`` runs with its bytecode cached (``__pycache__``, written by pip or by
the first run). This environment may set ``PYTHONDONTWRITEBYTECODE=1``, under which every
process compiles every module it imports from source again: that doubles the CPU of a
short process and measures nothing a user waits for. The children therefore run with the
variable unset and ``PYTHONPYCACHEPREFIX`` pointing at a cache folder of the benchmarks'
own (under the system temporary folder, so the source tree stays clean), and
:func:`warm_up` runs each command once, untimed, before it is timed, so the cache is
written before the first timed run.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYCACHE = Path(tempfile.gettempdir()) / "cnbudget-bench-pycache"


def child_env() -> dict[str, str]:
    """``os.environ`` with the repository on ``PYTHONPATH`` and bytecode cached."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    return env


def warm_up(cmd: list[str]) -> None:
    """Run ``cmd`` once, untimed, whatever its exit code: the bytecode cache (and the
    toolkit's own cache of the parsed standard) is written before the timed runs."""
    subprocess.run(cmd, capture_output=True, cwd=REPO, env=child_env())


NOTE = ("child processes run with bytecode cached (PYTHONDONTWRITEBYTECODE unset, "
        f"PYTHONPYCACHEPREFIX={os.environ.get('PYTHONPYCACHEPREFIX', PYCACHE)}) after an "
        "untimed warm-up run")
