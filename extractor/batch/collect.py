"""The client side of a distributed batch: outcomes applied in input order, written once.

The `Collector` claims each outcome's id (new, already in the output, or a
duplicate, as the local runner decides), writes records and errors to a
`Sink` (one JSONL file, or shards), the deals CSV, and keeps the summary that
the progress bar follows. Only the client writes, once per partition result,
so a partition that Dask runs twice (its worker was lost) is written once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Protocol

from extractor.batch.partitions import Kind, Outcome
from extractor.batch.resume import Claim, IdLedger
from extractor.batch.runner import BatchSummary, ProgressCallback
from extractor.batch.writer import DealsCsv, LineWriter, error_line


class Sink(Protocol):
    """Where records and error lines go."""

    def record(self, line: str) -> None:
        """Write one record line."""

    def error(self, line: str) -> None:
        """Write one error line."""


class FileSink:
    """One JSONL file and its errors file, as the local runner writes them."""

    def __init__(self, records: LineWriter, errors: LineWriter) -> None:
        self.records = records
        self.errors = errors

    def record(self, line: str) -> None:
        """Append one record line, flushed."""
        self.records.write(line)

    def error(self, line: str) -> None:
        """Append one error line, flushed."""
        self.errors.write(line)


class Collector:
    """Applies outcomes in input order; the only writer of a distributed batch."""

    def __init__(
        self,
        *,
        summary: BatchSummary,
        ledger: IdLedger,
        sink: Sink,
        csv_out: DealsCsv | None,
        on_progress: ProgressCallback | None,
        started: float,
    ) -> None:
        self.summary = summary
        self.ledger = ledger
        self.sink = sink
        self.csv_out = csv_out
        self.on_progress = on_progress
        self.started = started

    def apply(self, outcomes: Iterable[Outcome]) -> None:
        """Claim, write and count each outcome, in order."""
        for outcome in outcomes:
            self._apply(outcome)

    def replay(self, records: Iterable[str], errors: Iterable[str], skipped: int) -> None:
        """Take back a finished shard: claim its ids, rewrite its CSV rows, count it as resumed.

        Args:
            records: the shard's record lines.
            errors: its error lines.
            skipped: the files of other types it met.
        """
        for line in records:
            record = json.loads(line)
            self.ledger.claim(record["id"])
            if self.csv_out is not None:
                self.csv_out.write(record)
            self.summary.resumed += 1
        for line in errors:
            article_id = json.loads(line).get("id")
            if isinstance(article_id, str):
                self.ledger.claim(article_id)
            self.summary.errors += 1
        self.summary.skipped += skipped
        self._progress()

    def _apply(self, outcome: Outcome) -> None:
        if outcome.kind is Kind.SKIPPED:
            self.summary.skipped += 1
            return
        if outcome.claim is not None:
            claim = self.ledger.claim(outcome.claim)
            if claim is Claim.DUPLICATE:
                reason = f"duplicate id {outcome.claim!r}: an earlier input has it"
                self._error(outcome.source, outcome.line, outcome.claim, reason)
                return
            if claim is Claim.DONE or outcome.kind is Kind.DONE:
                self.summary.resumed += 1
                self._progress()
                return
            self.summary.warnings += outcome.warnings
        if outcome.kind is Kind.RECORD:
            self.sink.record(outcome.text)
            if self.csv_out is not None:
                self.csv_out.write(json.loads(outcome.text))
            self.summary.articles += 1
            self.summary.deals += outcome.deals
            self._progress()
        else:
            self._error(outcome.source, outcome.line, outcome.id, outcome.text)

    def _error(
        self, source: str | None, line: int | None, article_id: str | None, reason: str
    ) -> None:
        self.sink.error(error_line(source, line, article_id, reason))
        self.summary.errors += 1
        self._progress()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.summary.seconds = time.perf_counter() - self.started
            self.on_progress(self.summary)
