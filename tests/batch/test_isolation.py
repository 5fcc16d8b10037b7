"""A task in a limited worker: its result, or why it has none (never raising)."""

from __future__ import annotations

from cnbudget.batch.isolation import run_isolated


def test_result_comes_back() -> None:
    out = run_isolated("tests.batch.tasks:echo", {"value": 21}, timeout=60, memory_mb=0)
    assert out.failure is None
    assert out.result == {"value": 42}
    assert out.peak_mb is not None and out.peak_mb > 0


def test_a_hang_is_stopped_at_the_timeout() -> None:
    out = run_isolated("tests.batch.tasks:sleep", {"seconds": 60}, timeout=2, memory_mb=0)
    assert out.result is None
    assert out.failure is not None and out.failure["reason"] == "timeout"
    assert 1.5 <= out.seconds < 30


def test_a_memory_blow_up_is_stopped_by_the_address_space_limit() -> None:
    out = run_isolated("tests.batch.tasks:blow_up", {"mb": 4000}, timeout=60, memory_mb=600)
    assert out.result is None
    assert out.failure is not None and out.failure["reason"] == "memory"


def test_a_worker_that_dies_and_one_that_raises() -> None:
    died = run_isolated("tests.batch.tasks:die", {}, timeout=60, memory_mb=0)
    assert died.failure is not None and died.failure["reason"] == "died"
    assert "exit code 3" in died.failure["message"]
    raised = run_isolated("tests.batch.tasks:fail", {}, timeout=60, memory_mb=0)
    assert raised.failure is not None and raised.failure["reason"] == "exception"
    assert "ValueError: bad figure" in raised.failure["message"]


def test_a_reused_worker_runs_tasks_in_turn_and_a_failure_gets_a_fresh_one() -> None:
    from cnbudget.batch.isolation import Worker

    worker = Worker(memory_mb=600, max_tasks=5)
    try:
        first = worker.run("tests.batch.tasks:echo", {"value": 1}, timeout=60)
        pid = worker._proc.pid
        second = worker.run("tests.batch.tasks:echo", {"value": 2}, timeout=60)
        assert (first.result, second.result) == ({"value": 2}, {"value": 4})
        assert worker._proc.pid == pid  # the same process: no new start, no new imports
        blown = worker.run("tests.batch.tasks:blow_up", {"mb": 4000}, timeout=60)
        assert blown.failure is not None and blown.failure["reason"] == "memory"
        hung = worker.run("tests.batch.tasks:sleep", {"seconds": 60}, timeout=2)
        assert hung.failure is not None and hung.failure["reason"] == "timeout"
        after = worker.run("tests.batch.tasks:echo", {"value": 3}, timeout=60)
        assert after.result == {"value": 6}
        assert worker._proc.pid != pid
    finally:
        worker.close()
