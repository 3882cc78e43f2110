"""Converting many documents at once: on this machine's cores (`--jobs N`) or on a Dask cluster (`--dask`).

Either way the workers only read and convert; results come back to the one process that runs the batch, which
alone writes the lake and its catalogue, one result at a time as it arrives (none is held longer: the batch's
memory does not grow with its size)."""
from __future__ import annotations

import os
import queue
import threading
from typing import Iterator, Optional

from baocao.lake.tasks import DocResult, Task, failed_result
from baocao.lake.worker import CoreBudget, Limits, WorkerProcess

_FINISHED = object()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_local(tasks: list[Task], jobs: int, limits: Limits, stop: threading.Event) -> Iterator[DocResult]:
    """Results in the order they finish. Closing the iterator (or `stop`) kills the workers at once."""
    if not tasks:
        return
    budget = CoreBudget(jobs)
    todo: "queue.SimpleQueue[Task]" = queue.SimpleQueue()
    for task in tasks:
        todo.put(task)
    done: "queue.Queue" = queue.Queue(maxsize=2 * jobs)  # a slow writer holds the workers back, not the memory
    keepers = [WorkerProcess(budget) for _ in range(min(jobs, len(tasks)))]

    def work(keeper: WorkerProcess) -> None:
        try:
            while not stop.is_set():
                try:
                    task = todo.get_nowait()
                except queue.Empty:
                    break
                result = keeper.run(task, limits, stop)
                if result is None:
                    break
                _put(done, result, stop)
        finally:
            keeper.close()
            _put(done, _FINISHED, stop)

    threads = [threading.Thread(target=work, args=(k,), daemon=True, name=f"baocao-worker-{n}")
               for n, k in enumerate(keepers)]
    for thread in threads:
        thread.start()
    finished = 0
    try:
        while finished < len(threads):
            try:
                item = done.get(timeout=0.5)  # a timeout keeps Ctrl-C prompt
            except queue.Empty:
                continue
            if item is _FINISHED:
                finished += 1
            else:
                yield item
    finally:
        stop.set()
        for keeper in keepers:
            keeper.kill()
        for thread in threads:
            thread.join(timeout=10)


def _put(q: queue.Queue, item: object, stop: threading.Event) -> None:
    while True:
        try:
            q.put(item, timeout=0.5)
            return
        except queue.Full:
            if stop.is_set() and item is not _FINISHED:
                return


# ---------------------------------------------------------------------- Dask


_local = threading.local()
_budgets: dict = {}


def convert_on_dask_worker(task: Task, limits: Limits) -> DocResult:
    """A Dask task: the same bounded worker process as a local batch, one per Dask worker thread."""
    keeper = getattr(_local, "keeper", None)
    if keeper is None:
        try:
            from distributed import get_worker

            threads = get_worker().state.nthreads
        except (ImportError, ValueError, AttributeError):
            threads = 1
        budget = _budgets.setdefault("budget", CoreBudget(threads))
        keeper = _local.keeper = WorkerProcess(budget)
    result = keeper.run(task, limits, threading.Event())
    return result


def run_dask(tasks: list[Task], scheduler: str, limits: Limits, stop: threading.Event,
             local_workers: Optional[int] = None) -> Iterator[DocResult]:
    """Results from a Dask cluster (`local`: a LocalCluster on this machine). A task whose worker is lost is run
    again elsewhere by the scheduler; one that kills every worker it lands on fails with the reason."""
    import logging

    quiet = logging.getLogger("baocao").getEffectiveLevel() > logging.DEBUG
    if quiet:  # Dask's own lines (scheduler, nannies) only with -v, here and in the cluster's processes
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    from distributed import Client, LocalCluster, as_completed

    if quiet:
        logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=local_workers or default_jobs(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        window = max(2, 2 * sum(client.nthreads().values()))
        pending = iter(tasks)
        owner = {}

        def submit(task: Task):
            future = client.submit(convert_on_dask_worker, task, limits, pure=False)
            owner[future.key] = task
            return future

        running = as_completed([submit(t) for _, t in zip(range(window), pending)])
        for future in running:
            task = owner.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker after the scheduler's retries, a cancelled future …
                result = failed_result(task, f"worker lost: {type(exc).__name__}: {exc}")
            future.release()
            if result is None:
                result = failed_result(task, "worker stopped")
            yield result
            if stop.is_set():
                break
            for task in pending:
                running.add(submit(task))
                break
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
