"""How a batch shows its progress: a bar with rate and ETA on a terminal, a line now and then otherwise."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from toolkit.batch.work import ArticleOutcome

# Without a terminal (CI logs, a pipe), one line per this many seconds, plus the last one.
_PLAIN_EVERY = 5.0


class BatchProgress(Protocol):
    """What the batch reports while it runs."""

    def start(self, total: int, resumed: int) -> None: ...

    def advance(self, outcome: ArticleOutcome) -> None: ...


class SilentProgress:
    """For library use: report nothing."""

    def start(self, total: int, resumed: int) -> None:
        return None

    def advance(self, outcome: ArticleOutcome) -> None:
        return None


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="progress.data.speed")


class _BarProgress:
    def __init__(self, console: Console, progress: Progress) -> None:
        self._console = console
        self._progress = progress
        self._task = progress.add_task("aligning", total=None)

    def start(self, total: int, resumed: int) -> None:
        if resumed:
            self._console.print(f"srcalign: {resumed} article(s) already done by an earlier run; resuming")
        self._progress.update(self._task, total=total)

    def advance(self, outcome: ArticleOutcome) -> None:
        if not outcome.ok:
            self._console.print(f"srcalign: failed: {outcome.id}: {outcome.reason}", markup=False, highlight=False)
        self._progress.advance(self._task)


class _PlainProgress:
    def __init__(self, console: Console) -> None:
        self._console = console
        self._total = 0
        self._done = 0
        self._started = time.perf_counter()
        self._last = self._started

    def start(self, total: int, resumed: int) -> None:
        self._total, self._started = total, time.perf_counter()
        self._last = self._started
        already = f"; {resumed} already done by an earlier run" if resumed else ""
        self._say(f"srcalign: {total} article(s) to align{already}")

    def advance(self, outcome: ArticleOutcome) -> None:
        self._done += 1
        if not outcome.ok:
            self._say(f"srcalign: failed: {outcome.id}: {outcome.reason}")
        now = time.perf_counter()
        if now - self._last >= _PLAIN_EVERY or self._done == self._total:
            self._last = now
            rate = self._done / max(now - self._started, 1e-9)
            left = (self._total - self._done) / rate if rate else 0.0
            self._say(f"srcalign: {self._done}/{self._total} articles, {rate:.1f} articles/s, about {left:.0f} s left")

    def _say(self, line: str) -> None:
        self._console.print(line, markup=False, highlight=False, soft_wrap=True)


@contextmanager
def console_progress() -> Iterator[BatchProgress]:
    """Progress on stderr: rich's bar (done/total, rate, ETA) on a terminal, plain lines elsewhere."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield _PlainProgress(console)
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        yield _BarProgress(console, progress)
