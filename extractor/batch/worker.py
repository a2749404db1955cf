"""The worker side of a distributed batch: one partition in, its outcomes out.

`process_partition` reads the partition's files (or JSONL line ranges) and
streams the articles through `Extractor.extract_many`, the path of the local
runner, with one pipeline per model kept for the life of the worker process
(`pipeline_for`): it loads once, not once per task. Nothing here imports Dask;
the function runs wherever the package is installed.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from extractor.api import Extractor
from extractor.batch.jsonl_ranges import iter_line_range
from extractor.batch.partitions import (
    FileUnit,
    Kind,
    Note,
    Outcome,
    Partition,
    RangeUnit,
    Unit,
)
from extractor.batch.writer import to_json_line
from extractor.errors import ArticleReadError
from extractor.pipeline import load, model_name
from extractor.readers import Article, iter_articles
from extractor.version import __version__

_PIPELINES: dict[str | None, Language] = {}
_LOADS: Counter[str | None] = Counter()
_LOCK = threading.Lock()  # loading
_IN_USE: dict[str | None, threading.Lock] = {}  # one thread at a time per pipeline


@dataclass(frozen=True)
class WorkSettings:
    """How every worker extracts: the model, and the limits of the local runner."""

    model: str | None
    chunk_chars: int
    batch_size: int
    max_bytes: int


@dataclass(frozen=True)
class PartitionResult:
    """The outcomes of one partition, in order, and who made them."""

    index: int
    outcomes: list[Outcome]
    model: str
    version: str


def pipeline_for(model: str | None) -> Language:
    """The pipeline of `model` in this process, loaded on first use and then kept."""
    with _LOCK:
        if model not in _PIPELINES:
            _PIPELINES[model] = load(model)
            _LOADS[model] += 1
        return _PIPELINES[model]


def pipeline_loads() -> dict[str | None, int]:
    """How many times this process has loaded each model (once, unless something is wrong)."""
    return dict(_LOADS)


def describe_pipeline(settings: WorkSettings) -> tuple[str, str]:
    """Load the pipeline here (if need be) and name it: (model name, extractor version)."""
    return model_name(pipeline_for(settings.model)), __version__


def process_partition(
    partition: Partition, settings: WorkSettings, done: Collection[str] = ()
) -> PartitionResult:
    """Read and extract every article of `partition`; outcomes come back in input order.

    An article that cannot be read or processed becomes an error outcome; the
    partition goes on. Threads of one worker take turns with the pipeline.

    Args:
        partition: the units to run.
        settings: model and limits.
        done: ids already in the output: JSONL articles with these ids are not
            processed (one-article files are left out by the client).
    """
    nlp = pipeline_for(settings.model)
    extractor = Extractor(nlp=nlp, chunk_chars=settings.chunk_chars)
    run = _Run(done)
    with _IN_USE.setdefault(settings.model, threading.Lock()):
        articles = run.articles(partition.units, settings.max_bytes)
        results = extractor.extract_many(
            articles, batch_size=settings.batch_size, on_error=run.failed
        )
        for result in results:
            run.finished(len(result.deals), to_json_line(result))
    return PartitionResult(partition.index, run.outcomes, model_name(nlp), __version__)


class _Run:
    """Outcomes of one partition, with a slot kept for each article in the pipeline."""

    def __init__(self, done: Collection[str]) -> None:
        self.done = done
        self.outcomes: list[Outcome] = []
        self.waiting: deque[tuple[int, Article]] = deque()

    def articles(self, units: tuple[Unit, ...], max_bytes: int) -> Iterator[Article]:
        """The articles to extract; everything else goes straight to the outcomes."""
        for unit in units:
            if isinstance(unit, Note):
                self.outcomes.append(unit.outcome)
                continue
            claim_file = unit.id if isinstance(unit, FileUnit) else None
            for found in _read(unit, max_bytes):
                if isinstance(found, ArticleReadError):
                    self.outcomes.append(Outcome.from_read_error(found, claim_file))
                elif found.id in self.done:
                    self.outcomes.append(Outcome(Kind.DONE, found.id, found.path, found.line))
                else:
                    self.waiting.append((len(self.outcomes), found))
                    self.outcomes.append(Outcome(Kind.ERROR))  # its slot, until it is finished
                    yield found

    def finished(self, deals: int, line: str) -> None:
        """The next article in the pipeline came out as this record."""
        self._fill(lambda a: Outcome(Kind.RECORD, a.id, a.path, a.line, a.id, line, deals))

    def failed(self, article: Article, reason: str) -> None:
        """The next article in the pipeline failed (`on_error` of `extract_many`)."""
        self._fill(lambda a: Outcome(Kind.ERROR, a.id, a.path, a.line, a.id, reason))

    def _fill(self, make: Callable[[Article], Outcome]) -> None:
        slot, article = self.waiting.popleft()
        self.outcomes[slot] = replace(make(article), warnings=len(article.warnings))


def _read(unit: FileUnit | RangeUnit, max_bytes: int) -> Iterator[Article | ArticleReadError]:
    """The unit's articles, each located at the source the batch names (not the absolute path)."""
    if isinstance(unit, RangeUnit):
        yield from iter_line_range(
            Path(unit.path), unit.span, file_id=unit.id, source=unit.source, max_bytes=max_bytes
        )
        return
    for found in iter_articles(unit.path, unit.id, max_bytes=max_bytes):
        if isinstance(found, ArticleReadError):
            yield ArticleReadError(found.reason, source=unit.source, line=found.line)
        else:
            yield replace(found, path=unit.source)
