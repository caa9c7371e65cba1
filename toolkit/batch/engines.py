"""Where the articles of a batch run: worker processes on this machine, or tasks on a Ray cluster.

Both engines run the same function, toolkit.batch.work.process_article, and hand each outcome
to a callback as soon as it arrives (for the progress bar); which article finishes first does
not matter, because the corpus files are written afterwards in id order.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Protocol, TypeVar

from toolkit.batch.work import ArticleOutcome, ArticleTask, BatchSettings, failed, process_article, warm_up
from toolkit.errors import SrcalignError

ENGINES: tuple[str, ...] = ("local", "ray")
OnDone = Callable[[ArticleOutcome], None]
Handle = TypeVar("Handle")  # a Future (local) or an ObjectRef (Ray)
# Tasks kept in flight per worker: enough to keep every worker busy, few enough that a huge
# manifest is not turned into futures all at once.
_IN_FLIGHT_PER_WORKER = 4
_PROBE_TIMEOUT = 5.0
_WATCH_EVERY = 0.5  # seconds between a worker's checks that its batch is alive


class Engine(Protocol):
    """Runs article tasks somewhere and reports every outcome; entered once around all runs."""

    name: str

    @property
    def workers(self) -> int: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def run(self, tasks: Sequence[ArticleTask], settings: BatchSettings, on_done: OnDone) -> None: ...


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_engine(name: str, *, workers: int | None = None, ray_address: str | None = None) -> Engine:
    """The engine called `name`; bad combinations are the user's error, reported in one line."""
    if workers is not None and workers < 1:
        raise SrcalignError(f"--workers must be at least 1, not {workers}")
    if name == "local":
        if ray_address:
            raise SrcalignError("--ray-address needs --engine ray")
        return LocalEngine(workers or default_workers())
    if name == "ray":
        return RayEngine(ray_address, workers)
    raise SrcalignError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")


class LocalEngine:
    """Worker processes on this machine; each loads the termbase once and then takes article after article.

    Workers start with forkserver (spawn where there is none), never plain fork: a fork copies
    the parent's threads and locks (the progress bar runs a thread), which can deadlock.
    """

    name = "local"

    def __init__(self, workers: int) -> None:
        self._workers = workers

    @property
    def workers(self) -> int:
        return self._workers

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, tasks: Sequence[ArticleTask], settings: BatchSettings, on_done: OnDone) -> None:
        if not tasks:
            return
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        workers = min(self._workers, len(tasks))
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings, os.getpid()))

        def submit(task: ArticleTask) -> Future[ArticleOutcome]:
            try:
                return pool.submit(process_article, task, settings)
            except BrokenProcessPool:
                lost: Future[ArticleOutcome] = Future()
                lost.set_result(failed(task, "not run: a worker process died earlier in this batch; rerun to resume"))
                return lost

        def outcome_of(future: Future[ArticleOutcome], task: ArticleTask) -> ArticleOutcome:
            try:
                return future.result()
            except BrokenProcessPool:
                return failed(task, "the worker process died (killed, or out of memory); rerun to resume")

        try:
            run_windowed(
                tasks,
                workers * _IN_FLIGHT_PER_WORKER,
                submit,
                lambda futures: wait(futures, return_when=FIRST_COMPLETED)[0],
                outcome_of,
                on_done,
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def _start_worker(settings: BatchSettings, batch_pid: int) -> None:
    """Set a worker up: the termbase loaded, Ctrl-C left to the batch, and an end when the batch is gone.

    Ctrl-C reaches the whole process group, so only the batch acts on it (it cancels what has
    not started). A batch killed outright (SIGKILL) cannot tell its workers, and a pool worker
    would wait for work forever: each worker checks that the batch is still alive.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(batch_pid,), name="srcalign-batch-watch", daemon=True).start()
    warm_up(settings)


def _end_with(batch_pid: int) -> None:
    while True:
        time.sleep(_WATCH_EVERY)
        try:
            os.kill(batch_pid, 0)
        except ProcessLookupError:
            os._exit(1)  # the batch is gone; a half-built folder stays a staging leftover, cleared by the rerun
        except PermissionError:
            pass  # alive, under another user (pid reuse); keep going


def run_windowed(
    tasks: Sequence[ArticleTask],
    window: int,
    submit: Callable[[ArticleTask], Handle],
    wait_some: Callable[[list[Handle]], Iterable[Handle]],
    outcome_of: Callable[[Handle, ArticleTask], ArticleOutcome],
    on_done: OnDone,
) -> None:
    """Keep at most `window` tasks in flight and report each outcome as it arrives (both engines)."""
    queue: Iterator[ArticleTask] = iter(tasks)
    pending: dict[Handle, ArticleTask] = {}
    while True:
        for task in queue:
            pending[submit(task)] = task
            if len(pending) >= window:
                break
        if not pending:
            return
        for handle in wait_some(list(pending)):
            on_done(outcome_of(handle, pending.pop(handle)))


class RayEngine:
    """The same function as tasks on a running Ray cluster (one CPU each).

    The nodes need srcalign installed and must see the articles, sources and DIR at the same
    paths (a shared filesystem). `workers` bounds the tasks in flight (default: the cluster's CPUs).
    """

    name = "ray"

    def __init__(self, address: str | None, workers: int | None) -> None:
        self.address = address
        self._workers = workers
        self._ray: Any = None
        self._connected_here = False

    @property
    def workers(self) -> int:
        """Tasks in flight: as given, else the cluster's CPUs (known once connected)."""
        return self._workers or 0

    def __enter__(self) -> RayEngine:
        try:
            import ray
        except ImportError:
            raise SrcalignError("the ray engine needs the ray package: pip install 'srcalign[ray]'") from None
        self._ray = ray
        if not ray.is_initialized():  # else a program (or test) that already connected: use its connection
            self._connect(ray)
        self._workers = self._workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        return self

    def _connect(self, ray: Any) -> None:
        address = self.address or os.environ.get("RAY_ADDRESS") or "auto"
        probe_ray_address(address)
        try:
            ray.init(address=address, logging_level=logging.ERROR, log_to_driver=False)
        except Exception as exc:  # ray raises ConnectionError, RuntimeError, ValueError, … with long texts
            hint = " (start one with `ray start --head`, or give --ray-address HOST:PORT)" if address == "auto" else ""
            raise SrcalignError(f"cannot connect to a Ray cluster at {address}{hint}: {_first_line(exc)}") from None
        self._connected_here = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._connected_here:
            self._ray.shutdown()
            self._connected_here = False

    def run(self, tasks: Sequence[ArticleTask], settings: BatchSettings, on_done: OnDone) -> None:
        if not tasks:
            return
        ray = self._ray
        remote = ray.remote(num_cpus=1)(process_article)
        shared = ray.put(settings)

        def outcome_of(ref: Any, task: ArticleTask) -> ArticleOutcome:
            try:
                return ray.get(ref)
            except ray.exceptions.RayError as exc:  # the task's worker died or its node was lost
                return failed(task, f"the Ray task failed: {_first_line(exc)}")

        # On Ctrl-C the driver disconnects (__exit__); Ray cancels the tasks it owned.
        run_windowed(
            tasks,
            self.workers * _IN_FLIGHT_PER_WORKER,
            lambda task: remote.remote(task, shared),
            lambda refs: ray.wait(refs, num_returns=1)[0],
            outcome_of,
            on_done,
        )


def probe_ray_address(address: str) -> None:
    """Fail fast, in one line, when nothing listens at HOST:PORT (ray.init would retry for minutes)."""
    if address in ("auto", "local"):
        return
    host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=_PROBE_TIMEOUT):
            pass
    except OSError as exc:
        raise SrcalignError(f"no Ray cluster answers at {address} ({exc.strerror or exc})") from None


def _host_port(address: str) -> tuple[str, int]:
    plain = address.split("://", 1)[-1].rstrip("/")
    default = 10001 if address.startswith("ray://") else 6379
    if plain.startswith("["):  # [::1]:6379
        host, _, rest = plain[1:].partition("]")
        port_text = rest.lstrip(":")
    else:
        host, _, port_text = plain.rpartition(":") if ":" in plain else (plain, "", "")
    try:
        port = int(port_text) if port_text else default
    except ValueError:
        raise SrcalignError(f"--ray-address {address!r}: expected HOST:PORT") from None
    if not host or not 0 < port < 65536:
        raise SrcalignError(f"--ray-address {address!r}: expected HOST:PORT")
    return host, port


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
