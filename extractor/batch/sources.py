"""The inputs of a batch: files and folders walked in a stable order, with stable ids.

A folder is walked recursively in the order of the sorted relative paths,
hidden entries (".name") left out. An article's id is its path relative to
the input root without the extension (`DIR/a/x.txt` run as `DIR` is `a/x`); a
file given by itself has its stem. Files of other types are reported as skipped.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ArticleReadError
from extractor.readers import JSONL_SUFFIXES, SUFFIXES


@dataclass(frozen=True)
class InputFile:
    """A file of a supported type and the id of its article (of its lines, for JSONL)."""

    path: Path
    id: str

    @property
    def is_jsonl(self) -> bool:
        """Whether the file holds one article per line."""
        return self.path.suffix.lower() in JSONL_SUFFIXES


@dataclass(frozen=True)
class Skipped:
    """A file that is not of a supported type."""

    path: Path


def iter_input_files(
    inputs: Iterable[str | Path], *, exclude: Collection[Path] = ()
) -> Iterator[InputFile | Skipped | ArticleReadError]:
    """Every file under `inputs`, in order, with its id; a missing input is an error.

    Args:
        inputs: files and folders, in the order given.
        exclude: files never to read (the batch's own outputs), as resolved paths.
    """
    excluded = {p.resolve() for p in exclude}
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            for path in _walk(root):
                if isinstance(path, ArticleReadError):
                    yield path
                elif path.resolve() not in excluded:
                    yield _classify(path, root)
        elif root.exists() or root.is_symlink():
            if root.resolve() not in excluded:
                yield _classify(root, None)
        else:
            yield ArticleReadError("no such file or directory", source=str(root))


def file_id(path: Path, root: Path | None) -> str:
    """The stable id of the article in `path`, found under `root` (None: given by itself).

    >>> file_id(Path("noticias/2024/telefonica.txt"), Path("noticias"))
    '2024/telefonica'
    """
    if root is None:
        return path.stem
    relative = path.relative_to(root)
    return relative.with_name(relative.stem).as_posix()


def count_articles(inputs: Iterable[str | Path], *, exclude: Collection[Path] = ()) -> int:
    """How many articles the inputs hold, roughly: one per file, one per non-blank JSONL line."""
    total = 0
    for item in iter_input_files(inputs, exclude=exclude):
        if isinstance(item, InputFile):
            total += _count_lines(item.path) if item.is_jsonl else 1
    return total


def _walk(folder: Path) -> Iterator[Path | ArticleReadError]:
    """Files under `folder` in the order of their sorted relative paths (no symlinked folders)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        yield ArticleReadError(f"cannot list folder: {exc.strerror or exc}", source=str(folder))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        else:
            yield path


def _classify(path: Path, root: Path | None) -> InputFile | Skipped:
    if path.suffix.lower() not in SUFFIXES:
        return Skipped(path)
    return InputFile(path, file_id(path, root))


def _count_lines(path: Path) -> int:
    count = 0
    try:
        with path.open("rb") as stream:
            for line in stream:
                count += bool(line.strip())
    except OSError:
        return 1
    return count
