"""Run one task in a fresh worker process under a time limit and an address-space limit.

A task is a module-level function (or its name ``"module:function"``) with
keyword arguments; it returns a JSON-like record. The child limits its address space
(``resource.setrlimit(RLIMIT_AS)``), optionally warms up (a function named the same way,
whose time does not count against the limit), runs the task and sends its record back. A
crash, hang or memory blow-up costs that task only: :func:`run_isolated` never raises for
it and returns an :class:`Outcome` whose ``failure`` says why (``timeout``, ``memory``: a
MemoryError or any failure at 90 % of the limit, ``died``: the child ended without a
result, ``exception``: the task raised).

Used by ``cnbudget batch`` (:mod:`cnbudget.batch.engine`) and by the corpus sweep
(``benchmarks/corpus.py``).
"""

from __future__ import annotations

import faulthandler
import importlib
import multiprocessing
import os
import re
import resource
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

Record = dict[str, Any]

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_REPO = _PACKAGE_DIR.parent


def rss_mb() -> float:
    """Peak resident set of this process, MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def locate(frames: list[tuple[str, int, str]]) -> dict[str, str]:
    """The innermost frame in cnbudget and the innermost one of a stack (file, line,
    function; innermost last)."""
    if not frames:
        return {"where": "?", "innermost": "?"}

    def show(f: tuple[str, int, str]) -> str:
        name = f[0]
        if name.startswith(str(_REPO)):
            name = str(Path(name).relative_to(_REPO))
        return f"{name}:{f[1]} in {f[2]}"

    own = [f for f in frames if f"{os.sep}cnbudget{os.sep}" in f[0]] or frames
    return {"where": show(own[-1]), "innermost": show(frames[-1])}


def where(exc: BaseException) -> dict[str, str]:
    """Where ``exc`` was raised (see :func:`locate`)."""
    return locate([(f.filename, f.lineno or 0, f.name)
                   for f in traceback.extract_tb(exc.__traceback__)])


def describe_crash(exc: BaseException, stage: str, memory_mb: int) -> dict[str, str]:
    """A failure as data: ``reason`` memory or exception, the message, the stage and where."""
    rss = rss_mb()
    memory = isinstance(exc, MemoryError) or (memory_mb > 0 and rss >= 0.9 * memory_mb)
    message = f"{type(exc).__name__}: {str(exc)[:500]}"
    if memory:
        message += f" (peak RSS {rss:.0f} MB, limit {memory_mb} MB)"
    return {"reason": "memory" if memory else "exception",
            "type": "memory" if memory else type(exc).__name__, "message": message,
            "stage": stage, **where(exc)}


def resolve(name: str | Callable[..., Any]) -> Any:
    if callable(name):
        return name
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def limit_memory(memory_mb: int) -> None:
    """Limit this process's address space to ``memory_mb`` MB (0: no limit)."""
    if memory_mb <= 0:
        return
    limit = memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


Task = str | Callable[..., Any]
"""A function, or its name as ``"module:function"``."""


def _child(conn: Connection, task: Task, kwargs: dict[str, Any], memory_mb: int,
           warm_up: Task | None, timeout: float, dump: str) -> None:
    """Worker process: limit the address space, warm up, run the task, send its record.
    Shortly before the parent stops it for the timeout, the stack is written to ``dump``
    (to say where it hung)."""
    limit_memory(memory_mb)
    try:
        fn = resolve(task)
        startup = 0.0
        if warm_up:
            start = time.perf_counter()
            resolve(warm_up)()
            startup = round(time.perf_counter() - start, 3)
    except BaseException as exc:  # out of memory before the task: a failure all the same
        conn.send(("failure", describe_crash(exc, "warm-up", memory_mb), rss_mb()))
        conn.close()
        return
    conn.send(("started", startup, None))
    with open(dump, "w") as fh:
        faulthandler.dump_traceback_later(max(0.1, timeout - min(1.0, timeout / 20)), file=fh)
        try:
            result = fn(**kwargs)
        except BaseException as exc:
            conn.send(("failure", describe_crash(exc, "task", memory_mb), rss_mb()))
        else:
            conn.send(("result", result, rss_mb()))
        faulthandler.cancel_dump_traceback_later()
    conn.close()


@dataclass(slots=True)
class Outcome:
    """What became of one isolated task."""

    result: Record | None = None
    failure: dict[str, str] | None = None
    """reason (timeout, memory, died, exception), type, message, stage, where, innermost"""
    seconds: float = 0.0
    """Wall-clock seconds of the task, from the end of the warm-up."""
    wall: float = 0.0
    """Wall-clock seconds of the whole child, spawn and warm-up included."""
    warm_up: float = 0.0
    peak_mb: float | None = None
    """Peak RSS of the child (its ``ru_maxrss``; VmHWM when it was stopped)."""


def _vm_hwm(pid: int | None) -> float | None:
    """Peak resident set (VmHWM) of a live process, MB."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+)\s+kB", text, re.M)
    return round(int(m.group(1)) / 1024, 1) if m else None


def _hung_at(dump: Path) -> dict[str, str]:
    """The innermost frame in cnbudget of the stack faulthandler wrote (most recent call
    first)."""
    try:
        text = dump.read_text(errors="replace")
    except OSError:
        text = ""
    frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', text)
    return locate([(f, int(n), name) for f, n, name in reversed(frames)])


def run_isolated(task: Task, kwargs: dict[str, Any], *, timeout: float, memory_mb: int,
                 warm_up: Task | None = None) -> Outcome:
    """Run ``task(**kwargs)`` in a spawned child with the limits; never raises for what
    happens in the child. The timeout counts from the end of the warm-up."""
    ctx = multiprocessing.get_context("spawn")
    out = Outcome()
    receiver, sender = ctx.Pipe(duplex=False)
    fd, dump_name = tempfile.mkstemp(prefix="cnbudget-stack-", suffix=".txt")
    os.close(fd)
    dump = Path(dump_name)
    proc = ctx.Process(target=_child, daemon=True, args=(
        sender, task, kwargs, memory_mb, warm_up, timeout, dump_name))
    start = time.monotonic()
    started: float | None = None
    eof = timed_out = False
    hwm: float | None = None
    try:
        proc.start()
        sender.close()
        while not eof:
            # the warm-up has its own bound: the same timeout again
            budget = timeout - (time.monotonic() - (started or start))
            if budget <= 0:
                timed_out = True
                break
            if not receiver.poll(min(budget, 1.0)):
                if not proc.is_alive() and not receiver.poll(0):
                    break
                continue
            try:
                kind, payload, peak = receiver.recv()
            except (EOFError, OSError):
                eof = True
                break
            if kind == "started":
                started = time.monotonic()
                out.warm_up = float(payload)
            elif kind == "result":
                out.result, out.peak_mb, eof = payload, peak, True
            elif kind == "failure":
                out.failure, out.peak_mb, eof = payload, peak, True
        if timed_out:
            hwm = _vm_hwm(proc.pid)
        proc.join(5 if not timed_out else 0)
        if proc.is_alive():
            proc.kill()
            proc.join()
    finally:
        if proc.is_alive():
            proc.kill()
            proc.join()
        receiver.close()
    now = time.monotonic()
    out.wall = round(now - start, 3)
    out.seconds = round(now - (started or start), 3)
    if timed_out and out.result is None and out.failure is None:
        out.peak_mb = hwm
        out.failure = {"reason": "timeout", "type": "timeout",
                       "message": f"no result after {timeout:g} s (peak RSS {hwm} MB when "
                                  "stopped)", "stage": "?", **_hung_at(dump)}
    elif out.result is None and out.failure is None:
        code = proc.exitcode
        how = f"exit code {code}"
        if code is not None and code < 0:
            how = f"signal {signal.Signals(-code).name}"
        out.failure = {"reason": "died", "type": "died",
                       "message": f"the worker ended without a result ({how})", "stage": "?",
                       "where": "?", "innermost": "?"}
    dump.unlink(missing_ok=True)
    return out


# --- a reusable worker: several tasks in one spawned process, each under the limits --------

def _hwm_reset() -> bool:
    """Reset this process's peak RSS (VmHWM) so that the next task's peak is its own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _own_hwm() -> float:
    peak = _vm_hwm(os.getpid())
    return peak if peak is not None else rss_mb()


def _serve(conn: Connection, memory_mb: int) -> None:
    """A reusable worker: limit the address space once, then run the tasks it is sent (one
    at a time, each with its own stack dump before its timeout) until told to stop."""
    limit_memory(memory_mb)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task, kwargs, timeout, dump = message
        _hwm_reset()
        conn.send(("started", 0.0, None))
        with open(dump, "w") as fh:
            faulthandler.dump_traceback_later(max(0.1, timeout - min(1.0, timeout / 20)),
                                              file=fh)
            try:
                result = resolve(task)(**kwargs)
            except BaseException as exc:
                conn.send(("failure", describe_crash(exc, "task", memory_mb), _own_hwm()))
            else:
                conn.send(("result", result, _own_hwm()))
            faulthandler.cancel_dump_traceback_later()


class Worker:
    """A spawned worker process that runs tasks one after the other under the limits, so
    that a batch does not pay the interpreter's start and the imports for every task. A
    task that times out, runs out of memory, dies or raises ends the process (the next task
    gets a fresh one), and so does every ``max_tasks``-th task; each task's peak memory is
    its own (VmHWM reset before it)."""

    def __init__(self, memory_mb: int, max_tasks: int = 20) -> None:
        self.memory_mb = memory_mb
        self.max_tasks = max(1, max_tasks)
        self._proc: Any = None
        self._conn: Connection | None = None
        self._done = 0

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        ours, theirs = ctx.Pipe(duplex=True)
        self._proc = ctx.Process(target=_serve, args=(theirs, self.memory_mb), daemon=True)
        self._proc.start()
        theirs.close()
        self._conn, self._done = ours, 0

    def close(self) -> None:
        """Stop the process (politely, then by force)."""
        if self._proc is None:
            return
        try:
            if self._conn is not None:
                self._conn.send(None)
        except OSError:
            pass
        self._proc.join(2)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def run(self, task: Task, kwargs: dict[str, Any], *, timeout: float) -> Outcome:
        if self._proc is None or not self._proc.is_alive():
            self.close()
            self._start()
        assert self._conn is not None and self._proc is not None
        conn, proc = self._conn, self._proc
        fd, dump_name = tempfile.mkstemp(prefix="cnbudget-stack-", suffix=".txt")
        os.close(fd)
        dump = Path(dump_name)
        out = Outcome()
        start = time.monotonic()
        started: float | None = None
        timed_out = False
        hwm: float | None = None
        try:
            conn.send((task, kwargs, timeout, dump_name))
            while True:
                budget = timeout - (time.monotonic() - (started or start))
                if started is None:
                    budget += timeout  # spawning and the first imports have a bound too
                if budget <= 0:
                    timed_out = True
                    hwm = _vm_hwm(proc.pid)
                    break
                if not conn.poll(min(budget, 1.0)):
                    if not proc.is_alive() and not conn.poll(0):
                        break
                    continue
                try:
                    kind, payload, peak = conn.recv()
                except (EOFError, OSError):
                    break
                if kind == "started":
                    started = time.monotonic()
                elif kind == "result":
                    out.result, out.peak_mb = payload, peak
                    break
                else:
                    out.failure, out.peak_mb = payload, peak
                    break
        except OSError:
            pass
        now = time.monotonic()
        out.wall = round(now - start, 3)
        out.seconds = round(now - (started or start), 3)
        if out.result is None:
            exitcode = None
            if timed_out or proc.is_alive():
                proc.kill()
            proc.join()
            exitcode = proc.exitcode
            self.close()
            if timed_out:
                out.peak_mb = hwm
                out.failure = {"reason": "timeout", "type": "timeout",
                               "message": f"no result after {timeout:g} s (peak RSS {hwm} MB "
                                          "when stopped)", "stage": "?", **_hung_at(dump)}
            elif out.failure is None:
                how = f"exit code {exitcode}"
                if exitcode is not None and exitcode < 0:
                    how = f"signal {signal.Signals(-exitcode).name}"
                out.failure = {"reason": "died", "type": "died",
                               "message": f"the worker ended without a result ({how})",
                               "stage": "?", "where": "?", "innermost": "?"}
        else:
            self._done += 1
            if self._done >= self.max_tasks:
                self.close()
        dump.unlink(missing_ok=True)
        return out
