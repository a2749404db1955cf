"""`run_batch`: every article under some inputs to one JSONL file, resumably, losing nothing.

Articles stream from the readers through `Extractor.extract_many` (spaCy's
`nlp.pipe`, with `n_process` workers) to OUT in input order, one flushed line
each. Whatever cannot be read or processed goes to `OUT.errors.jsonl`, also
in input order, so the same inputs give byte-identical files whatever
`n_process` is, and a resumed run ends with the files an uninterrupted one writes.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from extractor.api import Extractor
from extractor.batch.resume import Claim, IdLedger, drop_partial_line, iter_records
from extractor.batch.sources import InputFile, Skipped, iter_input_files
from extractor.batch.writer import DealsCsv, LineWriter, error_line, errors_path, to_json_line
from extractor.chunks import CHUNK_CHARS
from extractor.errors import ArticleReadError, BatchError
from extractor.readers import MAX_BYTES, Article, iter_articles
from extractor.version import __version__

log = logging.getLogger("extractor")


@dataclass
class BatchSummary:
    """What a batch run did; `errors` counts every article or file that failed."""

    out: Path
    errors_file: Path
    articles: int = 0
    deals: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0
    warnings: int = 0
    seconds: float = 0.0

    @property
    def done(self) -> int:
        """Articles finished so far: written, failed, or found in OUT by `resume`."""
        return self.articles + self.errors + self.resumed

    @property
    def ok(self) -> bool:
        """Whether nothing failed."""
        return self.errors == 0

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        parts = [f"{self.articles} articles", f"{self.deals} deals", f"{self.errors} errors"]
        if self.errors:
            parts[-1] += f" (see {self.errors_file})"
        parts += [f"{n} {what}" for n, what in self._extras() if n]
        return f"{', '.join(parts)} in {self.seconds:.1f} s ({rate:.1f} articles/s)"

    def _extras(self) -> list[tuple[int, str]]:
        return [
            (self.resumed, "already in the output"),
            (self.skipped, "files skipped (not .txt/.md/.html/.jsonl)"),
            (self.warnings, "warnings"),
        ]


ProgressCallback = Callable[[BatchSummary], None]
"""Called with the running summary each time an article is finished."""


def run_batch(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    deals_csv: str | Path | None = None,
    extractor: Extractor | None = None,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    resume: bool = False,
    force: bool = False,
    max_bytes: int = MAX_BYTES,
    chunk_chars: int = CHUNK_CHARS,
    on_progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Extract every article under `inputs` into the JSONL file `out`.

    Args:
        inputs: files and folders (walked recursively), in order.
        out: the JSONL output, one `ArticleResult` per line; errors go to
            `OUT.errors.jsonl` (source, line, id, reason).
        deals_csv: also write one CSV row per deal there.
        extractor: the extractor to use; default `Extractor(model, chunk_chars=...)`.
        model: the spaCy model, when no `extractor` is given.
        n_process: spaCy worker processes.
        batch_size: articles per `nlp.pipe` batch.
        resume: keep the records already in `out` and finish the rest.
        force: overwrite existing outputs.
        max_bytes: size cap of a file (of a line, in JSONL).
        chunk_chars: articles longer than this are processed in chunks.
        on_progress: called with the running summary after each article.

    Raises:
        BatchError: the outputs exist (without `resume` or `force`), or, to
            resume, `out` holds a line that is not a record or a record made
            by another model or extractor version.
        ConfigError: the model cannot be loaded.
    """
    started = time.perf_counter()
    inputs = list(inputs)
    out = Path(out)
    csv_path = Path(deals_csv) if deals_csv is not None else None
    summary = BatchSummary(out=out, errors_file=errors_path(out))
    _check_outputs(out, csv_path, resume=resume, force=force)
    extractor = extractor or Extractor(model, chunk_chars=chunk_chars)
    extractor.nlp  # noqa: B018  (load the model before any output is touched)
    ledger = IdLedger()
    resuming = resume and out.exists()
    if resuming:
        drop_partial_line(out)
        ledger.done = _done_ids(out, extractor.model_name)
    with ExitStack() as stack:
        csv_out = stack.enter_context(DealsCsv(csv_path)) if csv_path else None
        if resuming and csv_out is not None:
            for record in iter_records(out):
                csv_out.write(record)
        batch = _Batch(
            summary=summary,
            ledger=ledger,
            records=stack.enter_context(LineWriter(out, append=resuming)),
            errors=stack.enter_context(LineWriter(summary.errors_file, append=False)),
            csv_out=csv_out,
            on_progress=on_progress,
            started=started,
        )
        batch.run(extractor, inputs, max_bytes, n_process, batch_size)
    summary.seconds = time.perf_counter() - started
    if not summary.done:
        log.warning("no articles (.txt, .md, .html, .jsonl) in %s", ", ".join(map(str, inputs)))
    return summary


def _done_ids(out: Path, model: str) -> set[str]:
    """The ids in `out`, which must come from this model and version of the extractor."""
    done: set[str] = set()
    for number, record in enumerate(iter_records(out), start=1):
        made_by = (record.get("model"), record.get("extractor_version"))
        if made_by != (model, __version__):
            raise BatchError(
                f"{out}:{number}: written by model {made_by[0]} and extractor {made_by[1]}, "
                f"not {model} and {__version__}: resume with the same ones, or --force"
            )
        done.add(record["id"])
    return done


def _check_outputs(out: Path, csv_path: Path | None, *, resume: bool, force: bool) -> None:
    if resume and force:
        raise BatchError("--resume keeps the output and --force overwrites it: choose one")
    if resume or force:
        return
    for path in (out, csv_path):
        if path is not None and path.exists():
            raise BatchError(f"{path} exists: --resume finishes it, --force overwrites it")


class _Batch:
    """One run's state: errors held back until the articles before them are written."""

    def __init__(
        self,
        *,
        summary: BatchSummary,
        ledger: IdLedger,
        records: LineWriter,
        errors: LineWriter,
        csv_out: DealsCsv | None,
        on_progress: ProgressCallback | None,
        started: float,
    ) -> None:
        self.summary = summary
        self.ledger = ledger
        self.records = records
        self.errors = errors
        self.csv_out = csv_out
        self.on_progress = on_progress
        self.started = started
        self.held: deque[tuple[int, str]] = deque()
        self.sent = 0
        self.finished = 0

    def run(
        self,
        extractor: Extractor,
        inputs: Iterable[str | Path],
        max_bytes: int,
        n_process: int,
        batch_size: int,
    ) -> None:
        """Read, extract and write everything, in input order."""
        exclude = [self.records.path, self.errors.path]
        if self.csv_out is not None:
            exclude.append(self.csv_out.path)
        articles = self._articles(iter_input_files(inputs, exclude=exclude), max_bytes)
        results = extractor.extract_many(
            articles, batch_size=batch_size, n_process=n_process, on_error=self._failed
        )
        for result in results:
            self._release(self.finished)
            line = to_json_line(result)
            self.records.write(line)
            if self.csv_out is not None:
                self.csv_out.write(json.loads(line))
            self.summary.articles += 1
            self.summary.deals += len(result.deals)
            self._advance()
        self._release(None)

    def _articles(
        self, items: Iterator[InputFile | Skipped | ArticleReadError], max_bytes: int
    ) -> Iterator[Article]:
        for item in items:
            if isinstance(item, Skipped):
                self.summary.skipped += 1
            elif isinstance(item, ArticleReadError):
                self._hold(item.source, item.line, None, item.reason)
            elif item.is_jsonl:
                for found in iter_articles(item.path, item.id, max_bytes=max_bytes):
                    yield from self._admit(found, item)
            elif self._claim(item.id, str(item.path), None):
                for found in iter_articles(item.path, item.id, max_bytes=max_bytes):
                    yield from self._admit(found, item, claimed=True)

    def _admit(
        self, found: Article | ArticleReadError, item: InputFile, *, claimed: bool = False
    ) -> Iterator[Article]:
        if isinstance(found, ArticleReadError):
            self._hold(found.source, found.line, None if item.is_jsonl else item.id, found.reason)
            return
        article_id = found.id or item.id  # readers always set one
        if claimed or self._claim(article_id, found.path, found.line):
            self.summary.warnings += len(found.warnings)
            self.sent += 1
            yield found

    def _claim(self, article_id: str, source: str | None, line: int | None) -> bool:
        """Whether to process this id: not when OUT has it, nor when this run met it."""
        claim = self.ledger.claim(article_id)
        if claim is Claim.DONE:
            self.summary.resumed += 1
            self._progress()
        elif claim is Claim.DUPLICATE:
            self._hold(
                source, line, article_id, f"duplicate id {article_id!r}: an earlier input has it"
            )
        return claim is Claim.NEW

    def _failed(self, article: Article, reason: str) -> None:
        self._release(self.finished)
        self.errors.write(error_line(article.path, article.line, article.id, reason))
        self.summary.errors += 1
        self._advance()

    def _hold(
        self, source: str | None, line: int | None, article_id: str | None, reason: str
    ) -> None:
        """Keep an error until the articles read before it are written."""
        self.held.append((self.sent, error_line(source, line, article_id, reason)))

    def _release(self, upto: int | None) -> None:
        """Write the held errors that come before article number `upto` (all when None)."""
        while self.held and (upto is None or self.held[0][0] <= upto):
            self.errors.write(self.held.popleft()[1])
            self.summary.errors += 1
            self._progress()

    def _advance(self) -> None:
        self.finished += 1
        self._progress()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.summary.seconds = time.perf_counter() - self.started
            self.on_progress(self.summary)
