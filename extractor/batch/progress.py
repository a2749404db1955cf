"""A progress bar on stderr for a batch run: articles done, articles/s, ETA, errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from extractor.batch.runner import BatchSummary


class ProgressBar:
    """One rich task that follows a `BatchSummary`."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, total: int) -> TaskID:
        """Show the bar for `total` articles (0: unknown)."""
        self._task = self._progress.add_task("articles", total=total or None, rate=0.0, errors=0)
        return self._task

    def update(self, summary: BatchSummary) -> None:
        """Move the bar to what `summary` says is done."""
        task = self._task if self._task is not None else self.start(0)
        rate = summary.articles / summary.seconds if summary.seconds else 0.0
        self._progress.update(task, completed=summary.done, rate=rate, errors=summary.errors)


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[ProgressBar | None]:
    """A live progress bar on stderr while the block runs, or None when not `enabled`."""
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[errors]} errors"),
        console=Console(stderr=True),
    )
    with progress:
        yield ProgressBar(progress)
