"""Output for big runs: a folder of JSONL shards, one per partition, and a manifest.

`-o DIR/` writes `DIR/part-00000.jsonl` (the records of partition 0, in input
order), `DIR/part-00000.errors.jsonl` when that partition had errors, and
`DIR/manifest.json`: the engine, model, extractor version, partition size, and
each shard with its key (what the partition read), counts and size. Every file
is written under a temporary name in the same folder, flushed to disk, then
renamed: a crash leaves whole shards or hidden temporary files, never a half
shard under a shard's name. The manifest is rewritten every few seconds and at
the end; `--resume` keeps the shards it lists with the same key and size and
redoes the other partitions.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from extractor.batch.partitions import Partition
from extractor.errors import BatchError

MANIFEST = "manifest.json"
FORMAT = "deal-extractor shards 1"
_TEMP_TAG = ".tmp-"


@dataclass(frozen=True)
class ShardEntry:
    """One shard in the manifest: its files, the key of its partition, what it holds."""

    index: int
    file: str
    key: str
    articles: int
    deals: int
    errors: int
    skipped: int
    warnings: int
    bytes: int
    errors_file: str | None


@dataclass(frozen=True)
class ShardCounts:
    """What one partition added to the run."""

    deals: int = 0
    skipped: int = 0
    warnings: int = 0


def is_shard_folder(out: str | Path) -> bool:
    """Whether `out` names a folder of shards: it ends with a slash, or is a folder.

    >>> is_shard_folder("runs/2024/"), is_shard_folder("runs/2024.jsonl")
    (True, False)
    """
    text = os.fspath(out)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def shard_name(index: int) -> str:
    """The file of the `index`-th shard.

    >>> shard_name(7)
    'part-00007.jsonl'
    """
    return f"part-{index:05d}.jsonl"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a hidden temporary file in the same folder."""
    temporary = path.with_name(f".{path.name}{_TEMP_TAG}{os.getpid()}")
    with temporary.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


class ShardFolder:
    """The shards and the manifest of one run; also the `Sink` of its records and errors."""

    def __init__(
        self,
        folder: Path,
        *,
        engine: str,
        partition_size: int,
        inputs: list[str],
        manifest_every: float = 5.0,
    ) -> None:
        self.folder = folder
        self.engine = engine
        self.partition_size = partition_size
        self.inputs = inputs
        self.manifest_every = manifest_every
        self.model = ""
        self.version = ""
        self.entries: dict[int, ShardEntry] = {}
        self._records: list[str] = []
        self._errors: list[str] = []
        self._saved = time.monotonic()

    @property
    def manifest(self) -> Path:
        """The manifest file."""
        return self.folder / MANIFEST

    def check(self, *, resume: bool, force: bool) -> None:
        """Refuse a folder that holds shards, unless resuming or forcing.

        Raises:
            BatchError: the folder is a file, or holds shards without `resume` or `force`.
        """
        if self.folder.exists() and not self.folder.is_dir():
            raise BatchError(f"{self.folder} is a file, not a folder for shards")
        if resume and force:
            raise BatchError("--resume keeps the output and --force overwrites it: choose one")
        if not (resume or force) and self._own_files():
            raise BatchError(
                f"{self.folder} holds shards: --resume finishes them, --force overwrites them"
            )

    def open(self, *, resume: bool, model: str, version: str) -> None:
        """Create the folder, clear what a crash or an overwritten run left, load the manifest.

        Raises:
            BatchError: to resume, a manifest of another model or extractor version,
                or one that cannot be read.
        """
        self.model, self.version = model, version
        self.folder.mkdir(parents=True, exist_ok=True)
        for path in self.folder.iterdir():
            if path.name.startswith(".") and _TEMP_TAG in path.name:
                path.unlink()
        if resume and self.manifest.exists():
            self.entries = self._load(model, version)
        else:
            for path in self._own_files():
                path.unlink()

    def finished(self, partition: Partition) -> ShardEntry | None:
        """The shard of `partition` when the manifest lists it with the same key, whole."""
        entry = self.entries.get(partition.index)
        if entry is None or entry.key != partition.key:
            return None
        shard = self.folder / entry.file
        if not shard.is_file() or shard.stat().st_size != entry.bytes:
            return None
        if entry.errors_file is not None and not (self.folder / entry.errors_file).is_file():
            return None
        return entry

    def read(self, entry: ShardEntry) -> tuple[list[str], list[str]]:
        """The record lines and the error lines of a finished shard."""
        records = _read_lines(self.folder / entry.file)
        errors = _read_lines(self.folder / entry.errors_file) if entry.errors_file else []
        return records, errors

    def record(self, line: str) -> None:
        """Keep one record line of the partition being written."""
        self._records.append(line)

    def error(self, line: str) -> None:
        """Keep one error line of the partition being written."""
        self._errors.append(line)

    def write(self, partition: Partition, counts: ShardCounts) -> ShardEntry:
        """Write the kept lines as the shard of `partition` (errors first, then records)."""
        name = shard_name(partition.index)
        errors_file = None
        if self._errors:
            errors_file = name.replace(".jsonl", ".errors.jsonl")
            write_atomically(self.folder / errors_file, "".join(self._errors).encode("utf-8"))
        else:
            (self.folder / name.replace(".jsonl", ".errors.jsonl")).unlink(missing_ok=True)
        data = "".join(self._records).encode("utf-8")
        write_atomically(self.folder / name, data)
        entry = ShardEntry(
            index=partition.index,
            file=name,
            key=partition.key,
            articles=len(self._records),
            deals=counts.deals,
            errors=len(self._errors),
            skipped=counts.skipped,
            warnings=counts.warnings,
            bytes=len(data),
            errors_file=errors_file,
        )
        self.entries[partition.index] = entry
        self._records, self._errors = [], []
        if time.monotonic() - self._saved >= self.manifest_every:
            self.save(complete=False)
        return entry

    def save(self, *, complete: bool, partitions: int | None = None) -> None:
        """Rewrite the manifest; with `partitions`, drop shards past that count first."""
        if partitions is not None:
            for index in [i for i in self.entries if i >= partitions]:
                del self.entries[index]
            listed = {e.file for e in self.entries.values()}
            listed |= {e.errors_file for e in self.entries.values() if e.errors_file}
            for path in self._own_files():
                if path.name != MANIFEST and path.name not in listed:
                    path.unlink()
        entries = [asdict(self.entries[i]) for i in sorted(self.entries)]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "engine": self.engine,
            "model": self.model,
            "extractor_version": self.version,
            "partition_size": self.partition_size,
            "inputs": self.inputs,
            "complete": complete,
            "partitions": partitions,
            **{
                total: sum(e[total] for e in entries)
                for total in ("articles", "deals", "errors", "skipped", "warnings")
            },
            "shards": entries,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        write_atomically(self.manifest, text.encode("utf-8"))
        self._saved = time.monotonic()

    def _load(self, model: str, version: str) -> dict[int, ShardEntry]:
        try:
            manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
            made_by = (manifest["model"], manifest["extractor_version"])
            entries = [ShardEntry(**shard) for shard in manifest["shards"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BatchError(f"{self.manifest}: not a manifest of shards, cannot resume") from exc
        if made_by != (model, version):
            raise BatchError(
                f"{self.manifest}: written by model {made_by[0]} and extractor {made_by[1]}, "
                f"not {model} and {version}: resume with the same ones, or --force"
            )
        return {entry.index: entry for entry in entries}

    def _own_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(
            p
            for p in self.folder.iterdir()
            if p.name == MANIFEST or (p.name.startswith("part-") and p.name.endswith(".jsonl"))
        )


def _read_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(stream)
