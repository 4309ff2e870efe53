"""Where tasks run: in this process, in local worker processes, or on a dask cluster.

Every executor has the same shape: ``run(tasks)`` yields ``(task, rows, seconds)`` in completion
order, and ``abort()`` drops what has not finished (used on Ctrl-C). A task that raises does not
stop the others: its ``rows`` are a SweepTaskError naming it, and the runner reports every failure
once the rest have finished. Workers pin BLAS to one thread; results travel back to the calling
process, which alone writes the store.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import logging
import multiprocessing
import os
import re
import signal
import socket
import sys
import threading
from typing import Any, Callable, Iterable, Iterator, Protocol

from .tasks import Task, run_task
from .threads import init_worker

#: how long ProcessExecutor.abort() waits for each worker process, and then the pool's manager thread, to end
STOP_WAIT_S = 5.0


class SweepTaskError(RuntimeError):
    """A task function raised; names the task so it can be rerun by hand.

    failed, saved, total: raised by the runner after the sweep, how many tasks failed and how many
    of ``total`` are stored (the first failure is the one named).
    """

    def __init__(self, task: Task, error: BaseException, failed: int = 1, saved: int | None = None,
                 total: int | None = None):
        self.task, self.error, self.failed, self.saved, self.total = task, error, failed, saved, total
        detail = " ".join(f"{type(error).__name__}: {error}".split())
        message = f"task {task.function} failed for config={task.config} seed={task.seed}: {detail}"
        if failed > 1:
            message = f"{failed} tasks failed; the first: {message}"
        if total is not None:
            message += f" ({saved} of {total} tasks are saved and will be reused)"
        super().__init__(message)


Finished = tuple[Task, "list[dict[str, Any]] | SweepTaskError", float]


class Executor(Protocol):
    name: str

    def run(self, tasks: list[Task]) -> Iterator[Finished]: ...

    def abort(self) -> None: ...


def _finished(completed: Iterable[Any], task_of: Callable[[Any], Task]) -> Iterator[Finished]:
    """(task, rows, seconds) for each future as it completes; a failed task's rows are its error."""
    for future in completed:
        task = task_of(future)
        try:
            _, rows, seconds = future.result()
        except Exception as error:
            yield task, SweepTaskError(task, error), 0.0
        else:
            yield task, rows, seconds


class SerialExecutor:
    """Run tasks one after another in this process (BLAS threads untouched)."""

    name = "serial"

    def run(self, tasks: list[Task]) -> Iterator[Finished]:
        for task in tasks:
            try:
                _, rows, seconds = run_task(task)
            except Exception as error:
                yield task, SweepTaskError(task, error), 0.0
            else:
                yield task, rows, seconds

    def abort(self) -> None:
        """Nothing runs in the background."""


def default_workers() -> int:
    """Cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class ProcessExecutor:
    """A pool of local worker processes, one BLAS thread each (the default executor)."""

    name = "process"

    def __init__(self, workers: int | None = None, start_method: str | None = None):
        if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
            raise ValueError(f"workers: expected a positive integer, got {workers!r}")
        self.workers = int(workers) if workers is not None else default_workers()
        default_method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        self.context = multiprocessing.get_context(start_method or default_method)
        self._pool: futures.ProcessPoolExecutor | None = None

    def run(self, tasks: list[Task]) -> Iterator[Finished]:
        if not tasks:
            return
        self._pool = futures.ProcessPoolExecutor(
            max_workers=min(self.workers, len(tasks)), mp_context=self.context, initializer=init_worker
        )
        try:
            submitted = {self._pool.submit(run_task, task, True): task for task in tasks}
            yield from _finished(futures.as_completed(submitted), submitted.__getitem__)
        finally:
            self.abort()

    def abort(self) -> None:
        """Cancel queued tasks, stop the workers (running tasks are not waited for), release the pool.

        The pool's manager thread is joined too, once the workers are gone: left running, it closes its
        wake-up pipe while the interpreter's exit handler (concurrent.futures' ``_python_exit``) may be
        writing to it, and Python 3.11 prints "Exception ignored in: <module 'threading'>" and a
        traceback from ``wakeup()`` after the one line of a Ctrl-C (that method checks the pipe and writes
        without a lock there; CPython PR 125492 added one).
        """
        pool, self._pool = self._pool, None
        if pool is None:
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
        manager = getattr(pool, "_executor_manager_thread", None)          # and its thread
        pool.shutdown(wait=False, cancel_futures=True)
        for process in workers:
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(timeout=STOP_WAIT_S)
        if manager is not None:
            manager.join(timeout=STOP_WAIT_S)


_ADDRESS = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(?P<port>\d{1,5})$")
SCHEMES = ("tcp", "tls", "ws", "wss")
CONNECT_SECONDS = 10.0


def scheduler_endpoint(address: str) -> tuple[str, int]:
    """(host, port) of a scheduler address ``[tcp|tls|ws|wss://]host:port``, port in 1..65535."""
    match = _ADDRESS.match(address) if isinstance(address, str) else None
    if match is None or (match["scheme"] or "tcp") not in SCHEMES:
        raise ValueError(f"scheduler: expected an address such as tcp://host:8786, got {address!r}")
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(f"scheduler: port must be in 1..65535, got {port} in {address!r}")
    return match["host"].strip("[]"), port


def check_reachable(address: str, timeout: float) -> None:
    """Open (and close) a TCP connection to the scheduler, or raise one ValueError line."""
    host, port = scheduler_endpoint(address)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        raise ValueError(f"scheduler {address}: cannot connect within {timeout:g} s "
                         f"({error.strerror or error})") from None


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Start child processes with Ctrl-C ignored (it is the parent's to handle); main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class DaskExecutor:
    """Tasks on ``dask.distributed``: an existing scheduler, or a local cluster of N workers.

    scheduler: address such as "tcp://127.0.0.1:8786", checked at once; connecting gives up after
    ``timeout`` seconds. workers: start a LocalCluster of that many single-threaded worker
    processes on loopback instead; its workers ignore Ctrl-C and its logs below ERROR are
    silenced, so that a stop or a normal shutdown prints nothing of dask's. Needs the
    ``distributed`` extra.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 timeout: float = CONNECT_SECONDS):
        if (scheduler is None) == (workers is None):
            raise ValueError("dask executor: give exactly one of scheduler (address) or workers (count)")
        if scheduler is not None:
            scheduler_endpoint(scheduler)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < 1e6:
            raise ValueError(f"timeout: expected seconds in (0, 1e6), got {timeout!r}")
        self.timeout = float(timeout)
        if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
            raise ValueError(f"workers: expected a positive integer, got {workers!r}")
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ValueError(
                "the dask executor needs the distributed extra: pip install 'rnnbounds[distributed]' "
                "(or run local processes: --executor process --workers N)"
            ) from None
        self.scheduler, self.workers = scheduler, workers
        self._client: Any = None
        self._cluster: Any = None
        self._futures: list[Any] = []

    def _connect(self) -> Any:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            check_reachable(self.scheduler, self.timeout)
            try:
                return Client(self.scheduler, timeout=self.timeout)
            except (OSError, TimeoutError) as error:
                raise ValueError(f"scheduler {self.scheduler}: cannot connect within {self.timeout:g} s "
                                 f"({' '.join(str(error).split())[:200]})") from None
        with _sigint_ignored():
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                # ":0": the scheduler's HTTP server on a free port; with None it tries 8787 and warns on
                # stderr when another cluster (a second sweep) holds that port
                host="127.0.0.1", dashboard_address=":0", silence_logs=logging.ERROR,
            )
        return Client(self._cluster)

    def check(self) -> None:
        """Fail now (one ValueError line) if the scheduler cannot be reached; no-op for a local cluster."""
        if self.scheduler is not None:
            check_reachable(self.scheduler, self.timeout)

    def run(self, tasks: list[Task]) -> Iterator[Finished]:
        from distributed import as_completed

        if not tasks:
            return
        self._client = self._connect()
        try:
            submitted = {}
            for task in tasks:
                future = self._client.submit(run_task, task, True, key=f"rnnbounds-task-{task.key}", pure=False)
                submitted[future.key] = task
                self._futures.append(future)
            yield from _finished(as_completed(self._futures), lambda future: submitted[future.key])
        finally:
            self.abort()

    def abort(self) -> None:
        """Cancel what is queued, close the client and any local cluster."""
        client, cluster, pending = self._client, self._cluster, self._futures
        self._client, self._cluster, self._futures = None, None, []
        with _quiet_dask():
            if client is not None:
                try:
                    client.cancel(pending)
                except Exception:  # the connection may already be gone
                    pass
                finally:
                    client.close(timeout=self.timeout)
            if cluster is not None:
                cluster.close(timeout=self.timeout)


@contextlib.contextmanager
def _quiet_dask() -> Iterator[None]:
    """Silence dask's shutdown warnings ("still alive, killing", closed comms) in this process."""
    loggers = [logging.getLogger(name) for name in ("distributed", "distributed.nanny", "distributed.worker")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def make_executor(
    kind: str | None = None, workers: int | None = None, scheduler: str | None = None,
    timeout: float = CONNECT_SECONDS,
) -> Executor:
    """Pick an executor the way the CLI does (``--executor``, ``--workers``, ``--scheduler``).

    --scheduler ADDRESS           -> dask on that scheduler;
    --workers N (no --executor)   -> a local dask cluster of N single-threaded workers;
    --executor process [--workers N] -> local processes (the default; N defaults to the cores);
    --executor serial             -> this process, one task after another.
    """
    if kind is None:
        kind = "dask" if scheduler is not None or workers is not None else "process"
    if kind not in ("serial", "process", "dask"):
        raise ValueError(f"executor: expected serial, process or dask, got {kind!r}")
    if scheduler is not None and kind != "dask":
        raise ValueError(f"scheduler: only the dask executor takes a scheduler address, not {kind!r}")
    if kind == "serial":
        if workers not in (None, 1):
            raise ValueError("workers: the serial executor runs one task at a time")
        return SerialExecutor()
    if kind == "process":
        return ProcessExecutor(workers)
    if scheduler is not None:
        if workers is not None:
            raise ValueError("workers: give either --scheduler or --workers, not both")
        return DaskExecutor(scheduler=scheduler, timeout=timeout)
    return DaskExecutor(workers=workers or default_workers(), timeout=timeout)
