"""Where a distributed batch writes: one JSONL file (as the local runner), or shards.

`make_target` checks the outputs before anything runs (refusing to overwrite
without `force`), and `Target.open` opens them once the model is known: for a
file, it resumes exactly as `run_batch` does (partial last line dropped, ids
of OUT taken, CSV rewritten from OUT); for shards, the manifest says which
partitions are finished.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from extractor.batch.collect import FileSink, Sink
from extractor.batch.partitions import Partition
from extractor.batch.resume import IdLedger, drop_partial_line, iter_records
from extractor.batch.runner import BatchSummary, _check_outputs, _done_ids
from extractor.batch.shards import ShardCounts, ShardFolder, is_shard_folder
from extractor.batch.writer import DealsCsv, LineWriter, errors_path
from extractor.errors import BatchError

Finished = tuple[list[str], list[str], int]
"""A finished partition: its record lines, its error lines, the files it skipped."""


class Target:
    """The outputs of one run: its ledger of ids, its sink, its CSV, the files not to read."""

    def __init__(self, csv_path: Path | None) -> None:
        self.csv_path = csv_path
        self.csv_out: DealsCsv | None = None
        self.ledger = IdLedger()
        self.exclude: list[Path] = [csv_path] if csv_path is not None else []
        self.folder: Path | None = None

    @property
    def sink(self) -> Sink:
        """Where records and errors go."""
        raise NotImplementedError

    def open(self, stack: ExitStack, *, resume: bool, model: str, version: str) -> BatchSummary:
        """Open the outputs on `stack`; the summary the run keeps."""
        raise NotImplementedError

    def finished(self, partition: Partition) -> Finished | None:
        """What an earlier run wrote for `partition`, when it need not run again."""
        return None

    def written(self, partition: Partition, counts: ShardCounts) -> None:
        """Every outcome of `partition` has been applied."""

    def close(self, partitions: int | None) -> None:
        """The run ends: after `partitions` partitions, or (None) before the end."""

    def _open_csv(self, stack: ExitStack) -> None:
        if self.csv_path is not None:
            self.csv_out = stack.enter_context(DealsCsv(self.csv_path))


def make_target(
    out: str | Path,
    deals_csv: str | Path | None,
    *,
    resume: bool,
    force: bool,
    shards: dict[str, Any],
) -> Target:
    """The target of `out` (a folder when it ends with a slash or is one), outputs checked.

    Args:
        out: the JSONL file, or the folder of shards.
        deals_csv: the deals CSV, if any.
        resume: finish what the outputs hold.
        force: overwrite them.
        shards: the `ShardFolder` settings (engine, partition size, inputs, manifest_every).

    Raises:
        BatchError: outputs that exist, without `resume` or `force`.
    """
    csv_path = Path(deals_csv) if deals_csv is not None else None
    if not is_shard_folder(out):
        _check_outputs(Path(out), csv_path, resume=resume, force=force)
        return FileTarget(Path(out), csv_path)
    folder = ShardFolder(Path(out), **shards)
    folder.check(resume=resume, force=force)
    if csv_path is not None and csv_path.exists() and not (resume or force):
        raise BatchError(f"{csv_path} exists: --resume finishes it, --force overwrites it")
    return ShardTarget(folder, csv_path)


class FileTarget(Target):
    """One JSONL file and its errors file, resumed as the local runner resumes them."""

    def __init__(self, out: Path, csv_path: Path | None) -> None:
        super().__init__(csv_path)
        self.out = out
        self.exclude += [out, errors_path(out)]
        self._sink: FileSink | None = None

    @property
    def sink(self) -> Sink:
        """The JSONL file and its errors file."""
        assert self._sink is not None, "open the target first"
        return self._sink

    def open(self, stack: ExitStack, *, resume: bool, model: str, version: str) -> BatchSummary:
        """Open the files; to resume, take the ids of OUT and rewrite the CSV from it."""
        summary = BatchSummary(out=self.out, errors_file=errors_path(self.out))
        resuming = resume and self.out.exists()
        if resuming:
            drop_partial_line(self.out)
            self.ledger.done = _done_ids(self.out, model)
        self._open_csv(stack)
        if resuming and self.csv_out is not None:
            for record in iter_records(self.out):
                self.csv_out.write(record)
        records = stack.enter_context(LineWriter(self.out, append=resuming))
        errors = stack.enter_context(LineWriter(summary.errors_file, append=False))
        self._sink = FileSink(records, errors)
        return summary


class ShardTarget(Target):
    """A folder of shards and its manifest."""

    def __init__(self, shards: ShardFolder, csv_path: Path | None) -> None:
        super().__init__(csv_path)
        self.shards = shards
        self.folder = shards.folder

    @property
    def sink(self) -> Sink:
        """The folder keeps a partition's lines until it is written as a shard."""
        return self.shards

    def open(self, stack: ExitStack, *, resume: bool, model: str, version: str) -> BatchSummary:
        """Open the folder and, to resume, its manifest."""
        self.shards.open(resume=resume, model=model, version=version)
        self._open_csv(stack)
        return BatchSummary(out=self.shards.folder, errors_file=self.shards.manifest)

    def finished(self, partition: Partition) -> Finished | None:
        """The lines of the shard of `partition`, when the manifest lists it whole."""
        entry = self.shards.finished(partition)
        if entry is None:
            return None
        records, errors = self.shards.read(entry)
        return records, errors, entry.skipped

    def written(self, partition: Partition, counts: ShardCounts) -> None:
        """Write the partition's shard."""
        self.shards.write(partition, counts)

    def close(self, partitions: int | None) -> None:
        """Save the manifest (complete when the run went to the end)."""
        self.shards.save(complete=partitions is not None, partitions=partitions)
