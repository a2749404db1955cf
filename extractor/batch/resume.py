"""Resuming a batch: what an earlier run left in OUT, and which ids are taken."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from extractor.errors import BatchError

log = logging.getLogger("extractor")

_TAIL_BLOCK = 1 << 16


class Claim(Enum):
    """What a batch does with an article id."""

    NEW = "new"
    DONE = "done"
    DUPLICATE = "duplicate"


@dataclass
class IdLedger:
    """The ids already in OUT (`done`) and those this run has met (`seen`).

    The first time this run meets an id it is NEW, or DONE when an earlier run
    wrote it; any later time it is a DUPLICATE, so that a resumed run reports
    the same duplicates as an uninterrupted one.
    """

    done: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def claim(self, article_id: str) -> Claim:
        """Record that this run met `article_id`, and say what to do with it."""
        if article_id in self.seen:
            return Claim.DUPLICATE
        self.seen.add(article_id)
        return Claim.DONE if article_id in self.done else Claim.NEW


def drop_partial_line(path: Path) -> int:
    """Cut a last line that has no newline (a write the kill interrupted); bytes cut."""
    with path.open("r+b") as stream:
        size = stream.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            start = max(0, end - _TAIL_BLOCK)
            stream.seek(start)
            block = stream.read(end - start)
            newline = block.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            stream.truncate(keep)
            log.warning("%s: dropped a partial last line (%d bytes)", path, size - keep)
        return size - keep


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of an output file, one per line.

    Raises:
        BatchError: a line that is not a JSON object with a string `id`.
    """
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                raise BatchError(
                    f"{path}:{number}: not a JSON record, cannot resume: {exc}"
                ) from exc
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise BatchError(f"{path}:{number}: a record without an id, cannot resume")
            yield record
