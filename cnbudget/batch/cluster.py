"""The dask engine: the same per-disclosure function on dask.distributed workers.

:func:`dask_executor` yields a :class:`concurrent.futures.Executor` on a dask cluster: the
scheduler at ``address``, or a LocalCluster of ``jobs`` worker processes (one thread each)
started here. A disclosure whose worker is lost is retried (``retries``); the limits are
those of :func:`cnbudget.batch.engine.process_disclosure`, which runs the work itself in a
spawned child. Workers must see the output folder and the inputs at the same paths (a
shared file system) and must not be daemonic processes (a daemonic process may not start
the child): the LocalCluster here sets ``distributed.worker.daemon`` false; for workers
started elsewhere set ``DASK_DISTRIBUTED__WORKER__DAEMON=False``.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager


@contextmanager
def dask_executor(jobs: int, address: str | None = None, retries: int = 2
                  ) -> Iterator[Executor]:
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the extra is not installed
        raise RuntimeError("--engine dask needs dask.distributed: pip install "
                           "'cnbudget[dask]'") from None
    with dask.config.set({"distributed.worker.daemon": False}):
        if address:
            with Client(address) as client:
                yield client.get_executor(retries=retries, pure=False)
            return
        with LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                          memory_limit=0, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client.get_executor(retries=retries, pure=False)
