"""A batch cut into partitions that workers can run anywhere, and what comes back.

A `Partition` is a short list of units in input order: a one-article file
(`FileUnit`), a range of lines of a `.jsonl` file (`RangeUnit`), or a `Note`
that the client already knows (a skipped file, an input that is missing, a
JSONL file that is binary or empty). A worker turns each unit into `Outcome`s,
in order; the client then applies them in order (`extractor.batch.collect`),
so the files it writes are those of the local runner.

Ids are claimed by the client, not here: an outcome carries the id to claim
(`claim`), and the client decides whether it is new, already in the output,
or a duplicate, exactly where the local runner would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from extractor.batch.jsonl_ranges import LineRange, scan_jsonl
from extractor.batch.sources import InputFile, Skipped, iter_input_files
from extractor.errors import ArticleReadError


class Kind(Enum):
    """What an outcome is."""

    RECORD = "record"
    ERROR = "error"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One thing the batch writes or counts, in input order.

    Attributes:
        kind: a record, an error, an article left out because the output has
            its id (`DONE`), or a file of another type (`SKIPPED`).
        claim: the article id to claim before anything is written (None:
            nothing to claim, as for a bad JSONL line).
        source: the file, as the batch names it.
        line: the line of a JSONL file.
        id: the id written in an error line.
        text: the record's JSON line, or the error's reason.
        deals: the record's deals.
        warnings: what was odd when reading the article.
    """

    kind: Kind
    claim: str | None = None
    source: str | None = None
    line: int | None = None
    id: str | None = None
    text: str = ""
    deals: int = 0
    warnings: int = 0

    @classmethod
    def from_read_error(cls, error: ArticleReadError, claim: str | None = None) -> Outcome:
        """An error from a reader; `claim` is the id of the one-article file it stands for."""
        return cls(Kind.ERROR, claim, error.source, error.line, claim, error.reason)


@dataclass(frozen=True, slots=True)
class FileUnit:
    """A one-article file: `source` as the batch names it, `path` absolute for the worker."""

    source: str
    path: str
    id: str


@dataclass(frozen=True, slots=True)
class RangeUnit:
    """Some lines of a JSONL file (see `FileUnit`); `id` is the file's id."""

    source: str
    path: str
    id: str
    span: LineRange


@dataclass(frozen=True, slots=True)
class Note:
    """An outcome the client knows without reading anything."""

    outcome: Outcome


Unit = FileUnit | RangeUnit | Note


@dataclass(frozen=True)
class Partition:
    """The `index`-th partition of a batch: units in input order."""

    index: int
    units: tuple[Unit, ...]
    articles: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """A fingerprint of what the partition reads (sources, ids, line ranges).

        A resumed run keeps a shard only when its partition has the same key.
        """
        parts = [_fingerprint(unit) for unit in self.units]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def plan_partitions(
    inputs: Iterable[str | Path],
    *,
    size: int,
    max_bytes: int,
    exclude: Collection[Path] = (),
    exclude_folder: Path | None = None,
    done: Collection[str] = (),
) -> Iterator[Partition]:
    """Cut the inputs into partitions of about `size` articles, lazily, in input order.

    The same inputs and `size` always give the same partitions. A JSONL file is
    cut into ranges of at most `size` lines; a one-article file whose id is in
    `done` is noted as done and not read again.

    Args:
        inputs: files and folders, in order.
        size: articles per partition (notes count as one).
        max_bytes: size cap of a file, of a JSONL line.
        exclude: files never to read (the batch's own outputs).
        exclude_folder: a folder whose files are never read (the shard folder).
        done: ids already in the output.
    """
    units: list[Unit] = []
    weight = index = 0
    for unit, cost in _units(inputs, size, max_bytes, exclude, exclude_folder, done):
        if units and weight + cost > size:
            yield Partition(index, tuple(units), weight)
            units, weight, index = [], 0, index + 1
        units.append(unit)
        weight += cost
    if units:
        yield Partition(index, tuple(units), weight)


def _units(
    inputs: Iterable[str | Path],
    size: int,
    max_bytes: int,
    exclude: Collection[Path],
    exclude_folder: Path | None,
    done: Collection[str],
) -> Iterator[tuple[Unit, int]]:
    folder = exclude_folder.resolve() if exclude_folder is not None else None
    for item in iter_input_files(inputs, exclude=exclude):
        if isinstance(item, ArticleReadError):
            yield Note(Outcome.from_read_error(item)), 1
        elif folder is not None and item.path.resolve().is_relative_to(folder):
            continue
        elif isinstance(item, Skipped):
            yield Note(Outcome(Kind.SKIPPED, source=str(item.path))), 1
        elif item.is_jsonl:
            yield from _ranges(item, size, max_bytes)
        elif item.id in done:
            yield Note(Outcome(Kind.DONE, item.id, str(item.path))), 1
        else:
            yield FileUnit(str(item.path), str(item.path.absolute()), item.id), 1


def _ranges(item: InputFile, size: int, max_bytes: int) -> Iterator[tuple[Unit, int]]:
    source = str(item.path)
    for found in scan_jsonl(item.path, source=source, lines=size, max_bytes=max_bytes):
        if isinstance(found, ArticleReadError):
            yield Note(Outcome.from_read_error(found)), 1
        else:
            yield RangeUnit(source, str(item.path.absolute()), item.id, found), found.articles


def _fingerprint(unit: Unit) -> str:
    if isinstance(unit, Note):
        outcome = unit.outcome
        return f"note\t{outcome.kind.value}\t{outcome.source}\t{outcome.line}\t{outcome.claim}"
    if isinstance(unit, FileUnit):
        return f"file\t{unit.source}\t{unit.id}"
    span = unit.span
    return f"lines\t{unit.source}\t{unit.id}\t{span.start}\t{span.stop}\t{span.first_line}"
