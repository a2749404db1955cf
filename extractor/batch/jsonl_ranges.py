"""A `.jsonl` file cut into ranges of lines, so that workers can share a big one.

The client scans the file once (`scan_jsonl`: newlines only, no JSON) and cuts
it into `LineRange`s that start at a line boundary and know the number of
their first line; a worker reads one range (`iter_line_range`). Between them
they yield exactly what `readers.iter_articles` yields for the whole file, in
the same order: the whole-file errors (binary, unreadable, empty) come from
the scan, the per-line ones from the ranges. A test checks that they agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from extractor.errors import ArticleReadError

# The per-line parser and the sniff size of the reader itself, so that both
# ways of reading a JSONL file give the same articles and the same errors.
from extractor.readers import _SNIFF_BYTES, Article, _from_json_line, _UnreadableError

_REST = 1 << 20


@dataclass(frozen=True, slots=True)
class LineRange:
    """Lines of a JSONL file: bytes `start` to `stop`, the first being line `first_line`.

    `articles` counts the lines that yield something (an article or a line error).
    """

    start: int
    stop: int
    first_line: int
    articles: int


def scan_jsonl(
    path: Path, *, source: str, lines: int, max_bytes: int
) -> Iterator[LineRange | ArticleReadError]:
    """Cut a JSONL file into ranges of at most `lines` articles, and find whole-file errors.

    Args:
        path: the file to open.
        source: the file as the batch names it (in errors).
        lines: the most articles (non-blank lines) in one range.
        max_bytes: the size cap of one line.
    """
    try:
        with path.open("rb") as stream:
            if b"\x00" in stream.read(_SNIFF_BYTES):
                yield ArticleReadError("binary file (NUL bytes), not JSONL", source=source)
                return
            stream.seek(0)
            yield from _cut(stream, source, lines, max_bytes)
    except OSError as exc:
        yield ArticleReadError(f"cannot read: {exc.strerror or exc}", source=source)


def _cut(
    stream: BinaryIO, source: str, lines: int, max_bytes: int
) -> Iterator[LineRange | ArticleReadError]:
    number, any_line = 0, False
    start, first, count = 0, 1, 0
    for raw in _lines(stream, max_bytes):
        number += 1
        content = raw.rstrip(b"\r\n")
        if len(content) > max_bytes:
            count += 1
        elif content.strip():
            any_line = True
            count += 1
        if count >= lines:
            stop = stream.tell()
            yield LineRange(start, stop, first, count)
            start, first, count = stop, number + 1, 0
    if count:
        yield LineRange(start, stream.tell(), first, count)
    if not any_line:
        yield ArticleReadError("empty file", source=source)


def iter_line_range(
    path: Path, span: LineRange, *, file_id: str, source: str, max_bytes: int
) -> Iterator[Article | ArticleReadError]:
    """The articles of one range of a JSONL file, or the errors that stand for them.

    Args:
        path: the file to open.
        span: the range, from `scan_jsonl`.
        file_id: the id of the file (a line without `id` gets `<file_id>#<line>`).
        source: the file as the batch names it (`Article.path`, errors).
        max_bytes: the size cap of one line.
    """
    try:
        with path.open("rb") as stream:
            stream.seek(span.start)
            number = span.first_line - 1
            for raw in _lines(stream, max_bytes, stop=span.stop):
                number += 1
                content = raw.rstrip(b"\r\n")
                if len(content) > max_bytes:
                    yield ArticleReadError(
                        f"line over the size cap of {max_bytes} bytes", source=source, line=number
                    )
                elif content.strip():
                    try:
                        yield _from_json_line(content, file_id, source, number)
                    except _UnreadableError as exc:
                        yield ArticleReadError(exc.reason, source=source, line=number)
    except OSError as exc:
        yield ArticleReadError(f"cannot read: {exc.strerror or exc}", source=source)


def _lines(stream: BinaryIO, max_bytes: int, stop: int | None = None) -> Iterator[bytes]:
    """The lines of `stream` as the reader sees them: one over the cap is cut to its head."""
    while (stop is None or stream.tell() < stop) and (raw := stream.readline(max_bytes + 2)):
        head = raw
        while raw and not raw.endswith(b"\n") and len(head.rstrip(b"\r\n")) > max_bytes:
            raw = stream.readline(_REST)
        yield head
