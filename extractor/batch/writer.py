"""Batch outputs, written so that killing the run at any moment loses nothing written.

Every line goes out in one write and is flushed at once: OUT holds whole
`ArticleResult` records (a kill can at worst leave a partial last line, which
`--resume` drops), `OUT.errors.jsonl` one error per line, and the deals CSV one
row per deal.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from extractor.records import ArticleResult

CSV_COLUMNS = (
    "article_id",
    "type",
    "buyers",
    "target",
    "seller",
    "amount_value",
    "currency",
    "qualifier",
    "stake",
    "valuation",
    "date",
    "status",
    "evidence",
)


def to_json_line(result: ArticleResult) -> str:
    """One record as one JSON line: fields in model order, no spaces, UTF-8 text as is."""
    return result.model_dump_json() + "\n"


def error_line(source: str | None, line: int | None, article_id: str | None, reason: str) -> str:
    r"""One line of the errors file.

    >>> error_line("news/a.jsonl", 3, None, "not JSON")
    '{"source": "news/a.jsonl", "line": 3, "id": null, "reason": "not JSON"}\n'
    """
    record = {"source": source, "line": line, "id": article_id, "reason": reason}
    return json.dumps(record, ensure_ascii=False) + "\n"


def errors_path(out: Path) -> Path:
    """Where the errors of a batch writing `out` go: `OUT.errors.jsonl` beside it.

    >>> errors_path(Path("runs/deals.jsonl")).as_posix()
    'runs/deals.errors.jsonl'
    """
    return out.with_name(out.stem + ".errors.jsonl")


def deal_rows(record: dict[str, Any]) -> Iterator[list[str]]:
    """The CSV rows (`CSV_COLUMNS`) of the deals of one record, read back from its JSON."""
    for deal in record.get("deals") or []:
        amount = deal.get("amount") or {}
        valuation = deal.get("valuation") or {}
        yield [
            _cell(record.get("id")),
            _cell(deal.get("type")),
            "; ".join(deal.get("buyers") or []),
            _cell(deal.get("target")),
            _cell(deal.get("seller")),
            _cell(amount.get("value")),
            _cell(amount.get("currency")),
            _cell(amount.get("qualifier")),
            _cell(deal.get("stake")),
            _cell(valuation.get("value")),
            _cell(deal.get("date")),
            _cell(deal.get("status")),
            _cell(deal.get("evidence")),
        ]


class LineWriter:
    """Appends lines to a file, each in one write and flushed at once."""

    def __init__(self, path: Path, *, append: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream = path.open("ab" if append else "wb")

    def write(self, line: str) -> None:
        """Append one whole line (it ends with a newline)."""
        self._stream.write(line.encode("utf-8"))
        self._stream.flush()

    def close(self) -> None:
        """Close the file."""
        self._stream.close()

    def __enter__(self) -> LineWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class DealsCsv:
    """The deals of every record as CSV rows (UTF-8 with a BOM, for spreadsheets)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream: TextIO = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._stream)
        self._csv.writerow(CSV_COLUMNS)
        self._stream.flush()

    def write(self, record: dict[str, Any]) -> None:
        """Append the rows of one record's deals."""
        rows = list(deal_rows(record))
        if rows:
            self._csv.writerows(rows)
            self._stream.flush()

    def close(self) -> None:
        """Close the file."""
        self._stream.close()

    def __enter__(self) -> DealsCsv:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
