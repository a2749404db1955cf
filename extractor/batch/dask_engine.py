"""`run_batch_dask`: the batch of `run_batch`, its partitions run on a Dask cluster.

The client walks the inputs and cuts them into partitions (`plan_partitions`);
Dask's distributed scheduler runs `process_partition` on the workers, each of
which keeps its spaCy pipeline for its whole life; the client writes the
results in input order as they come, with a bounded number of partitions in
flight. The output is the local runner's, byte for byte: the same records,
errors file and deals CSV, and `--resume` works across engines. With a folder
as output (`-o DIR/`), records go to one shard per partition plus a manifest
(`extractor.batch.shards`).

A worker lost mid-run is Dask's business: its partitions run again elsewhere,
and since only the client writes, once per partition result, nothing is
written twice.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.collect import Collector
from extractor.batch.partitions import Partition, plan_partitions
from extractor.batch.runner import BatchSummary, ProgressCallback
from extractor.batch.shards import ShardCounts
from extractor.batch.targets import Target, make_target
from extractor.batch.worker import (
    PartitionResult,
    WorkSettings,
    describe_pipeline,
    process_partition,
)
from extractor.chunks import CHUNK_CHARS
from extractor.errors import BatchError, ConfigError, ExtractorError
from extractor.readers import MAX_BYTES
from extractor.version import __version__

log = logging.getLogger("extractor")

PARTITION_SIZE = 500
"""Articles per partition (per shard): big enough that scheduling costs little."""

INSTALL_HINT = "pip install 'deal-extractor[dask]'"


def run_batch_dask(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    deals_csv: str | Path | None = None,
    model: str | None = None,
    scheduler: str | None = None,
    client: Any = None,
    n_workers: int | None = None,
    partition_size: int | None = None,
    batch_size: int = 32,
    resume: bool = False,
    force: bool = False,
    max_bytes: int = MAX_BYTES,
    chunk_chars: int = CHUNK_CHARS,
    on_progress: ProgressCallback | None = None,
    manifest_every: float = 5.0,
) -> BatchSummary:
    """Extract every article under `inputs` on a Dask cluster, like `run_batch`.

    Args:
        inputs: files and folders (walked recursively), in order; workers read
            them at the same absolute paths (a shared file system on a cluster).
        out: the JSONL output (errors in `OUT.errors.jsonl`), or a folder for
            shards when it ends with a slash or is a folder.
        deals_csv: also write one CSV row per deal there.
        model: the spaCy model every worker loads (default: the best installed).
        scheduler: the address of a running Dask scheduler ("tcp://host:8786").
        client: a `distributed.Client` to use (then `scheduler` is ignored).
        n_workers: without `scheduler` or `client`, the workers of the local
            cluster started for the run (default: one per core).
        partition_size: articles per partition (default `PARTITION_SIZE`).
        batch_size: articles per `nlp.pipe` batch on a worker.
        resume: keep what the output holds and finish the rest.
        force: overwrite existing outputs.
        max_bytes: size cap of a file (of a line, in JSONL).
        chunk_chars: articles longer than this are processed in chunks.
        on_progress: called with the running summary after each article.
        manifest_every: with shards, the seconds between two manifest updates.

    Raises:
        BatchError: the outputs exist (without `resume` or `force`), cannot be
            resumed, or the cluster cannot be reached or failed.
        ConfigError: Dask is not installed, or the workers cannot load the model.
    """
    partition_size = PARTITION_SIZE if partition_size is None else partition_size
    if partition_size < 1:
        raise ConfigError(f"partition_size must be a positive number, not {partition_size}")
    started = time.perf_counter()
    inputs = list(inputs)
    settings = WorkSettings(model, chunk_chars, batch_size, max_bytes)
    target = make_target(
        out,
        deals_csv,
        resume=resume,
        force=force,
        shards={
            "engine": "dask",
            "partition_size": partition_size,
            "inputs": [str(i) for i in inputs],
            "manifest_every": manifest_every,
        },
    )
    with ExitStack() as stack:
        dask_client = stack.enter_context(_connect(client, scheduler, n_workers))
        name, version = _probe(dask_client, settings)
        summary = target.open(stack, resume=resume, model=name, version=version)
        collector = Collector(
            summary=summary,
            ledger=target.ledger,
            sink=target.sink,
            csv_out=target.csv_out,
            on_progress=on_progress,
            started=started,
        )
        plan = plan_partitions(
            inputs,
            size=partition_size,
            max_bytes=max_bytes,
            exclude=target.exclude,
            exclude_folder=target.folder,
            done=target.ledger.done,
        )
        _Stream(dask_client, settings, target, collector, (name, version)).stream(plan)
    summary.seconds = time.perf_counter() - started
    if not summary.done:
        log.warning("no articles (.txt, .md, .html, .jsonl) in %s", ", ".join(map(str, inputs)))
    return summary


def warm_workers(client: Any, settings: WorkSettings) -> set[tuple[str, str]]:
    """Load the pipeline on every worker now; the (model, version) pairs they report.

    With no worker yet, one task waits for the first.
    """
    workers = list(client.nthreads()) or [None]
    futures = [
        client.submit(
            describe_pipeline,
            settings,
            key=f"load-pipeline-{uuid.uuid4().hex[:8]}",
            workers=None if w is None else [w],
            allow_other_workers=True,
            pure=False,
        )
        for w in workers
    ]
    return {(str(m), str(v)) for m, v in client.gather(futures)}


MALLOC_TRIM_KEY = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
"""Dask starts workers with glibc told to give memory back past 64 KiB; spaCy, which
allocates and frees many small arrays, then runs about 20% slower. Unset (None) for
the local cluster; set it so on a cluster's workers too (see the README)."""


def local_cluster(n_workers: int | None = None) -> Any:
    """A `LocalCluster` of one single-threaded worker process per core (or `n_workers`)."""
    import dask
    from distributed import LocalCluster

    count = n_workers or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0)
    with dask.config.set({MALLOC_TRIM_KEY: None}):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count or os.cpu_count() or 1,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",  # any free port: never a clash with another cluster
        )


@contextmanager
def _connect(client: Any, scheduler: str | None, n_workers: int | None) -> Iterator[Any]:
    """The client to use: the one given, one of `scheduler`, or one of a new local cluster."""
    if client is not None:
        yield client
        return
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError(
            f"the Dask engine needs dask's distributed scheduler: {INSTALL_HINT}"
        ) from exc
    with ExitStack() as stack:
        if scheduler is not None:
            try:
                made = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as exc:
                raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        else:
            cluster = stack.enter_context(local_cluster(n_workers))
            made = Client(cluster)  # type: ignore[no-untyped-call]
        yield stack.enter_context(made)


def _probe(client: Any, settings: WorkSettings) -> tuple[str, str]:
    """Load the pipeline on every worker; the one (model, version) they all run.

    Raises:
        ConfigError: a worker cannot load the model.
        BatchError: a worker cannot run the extractor at all, or the workers
            differ in model or version from each other or from the client.
    """
    try:
        found = warm_workers(client, settings)
    except ExtractorError:
        raise
    except Exception as exc:
        raise BatchError(
            f"the Dask workers cannot run the extractor ({type(exc).__name__}: {exc}); "
            "install deal-extractor and the spaCy model on every worker"
        ) from exc
    if len(found) > 1:
        listed = "; ".join(f"model {m}, extractor {v}" for m, v in sorted(found))
        raise BatchError(f"the workers do not run the same model and extractor: {listed}")
    name, version = found.pop()
    if version != __version__:
        raise BatchError(f"the workers run extractor {version}, this client {__version__}")
    return name, version


@dataclass(frozen=True)
class _Replay:
    """A partition an earlier run finished: its shard's lines, nothing to submit."""

    records: list[str]
    errors: list[str]
    skipped: int


@dataclass
class _Stream:
    """Partitions submitted in order, a bounded number in flight, results written in order."""

    client: Any
    settings: WorkSettings
    target: Target
    collector: Collector
    made_by: tuple[str, str]
    _scattered: Any = field(default=None, init=False)

    def stream(self, plan: Iterable[Partition]) -> None:
        """Submit, wait and write until every partition is written."""
        token = uuid.uuid4().hex[:8]
        queue: deque[tuple[Partition, Any]] = deque()
        count, finished = 0, False
        try:
            for partition in plan:
                count += 1
                queue.append((partition, self._start(partition, token)))
                while len(queue) > self._limit():
                    self._write(*queue.popleft())
            while queue:
                self._write(*queue.popleft())
            finished = True
        finally:
            pending = [f for _, f in queue if not isinstance(f, _Replay)]
            if pending:
                self.client.cancel(pending)
            self.target.close(count if finished else None)

    def _start(self, partition: Partition, token: str) -> Any:
        """The finished shard of `partition`, or the future of its result."""
        replay = self.target.finished(partition)
        if replay is not None:
            return _Replay(*replay)
        return self.client.submit(
            process_partition,
            partition,
            self.settings,
            self._done_ids(),
            key=f"extract-partition-{token}-{partition.index:06d}",
        )

    def _done_ids(self) -> Any:
        """The ids already in the output, sent to every worker once (when there are any)."""
        if not self.target.ledger.done:
            return frozenset()
        if self._scattered is None:
            done = frozenset(self.target.ledger.done)
            self._scattered = self.client.scatter([done], broadcast=True, hash=False)[0]
        return self._scattered

    def _limit(self) -> int:
        threads: dict[str, int] = self.client.nthreads()
        return max(4, 2 * sum(threads.values()))

    def _write(self, partition: Partition, pending: Any) -> None:
        if isinstance(pending, _Replay):
            self.collector.replay(pending.records, pending.errors, pending.skipped)
            return
        try:
            result: PartitionResult = pending.result()
        except Exception as exc:
            raise BatchError(
                f"partition {partition.index} failed on the Dask workers: {exc}; "
                "what is written is whole, --resume finishes the run"
            ) from exc
        finally:
            pending.release()
        if (result.model, result.version) != self.made_by:
            raise BatchError(
                f"partition {partition.index} ran model {result.model} and extractor "
                f"{result.version}, not {self.made_by[0]} and {self.made_by[1]}: "
                "give every worker the same versions"
            )
        summary = self.collector.summary
        before = (summary.deals, summary.skipped, summary.warnings)
        self.collector.apply(result.outcomes)
        counts = ShardCounts(
            summary.deals - before[0], summary.skipped - before[1], summary.warnings - before[2]
        )
        self.target.written(partition, counts)
